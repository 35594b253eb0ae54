"""Every route of the URLconf, fuzzed through its query parameters: no answer is a 5xx.

Routes come from Django's resolver, so a route added later is fuzzed too; its path converters
are filled with real ids and slugs of the seed map. Query parameters come from the code: the
OpenAPI schema for /api/, the query forms of the HTML views (declared below per route name; a
route without an entry fails the test). Values: NUL, lone surrogates (also as invalid UTF-8),
odd digits (², ٣), huge and negative numbers, very long strings. Requests are GET (the unsafe
routes answer 405), as anonymous, viewer, editor, owner and (for the admin) a superuser. POST
forms with a NUL are refused with a 400 that writes nothing. schemathesis fuzzes the API's
bodies (tests/test_api_schema.py); this module does not repeat that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import StringIO
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.accounts import services as accounts
from argmap.maps import services
from argmap.maps.models import Argument, Change, Claim, Map, Membership
from argmap.maps.views.common import WorkspaceQuery
from argmap.maps.views.events import EventsQuery, FragmentsQuery
from argmap.maps.views.history import HistoryQuery
from argmap.maps.views.search import MapSearchQuery, SiteSearchQuery
from argmap.maps.views.transfer import ImportQuery, PrintQuery
from argmap.maps.views.workspace import PickerQuery
from argmap.sources.models import Source
from argmap.sources.views import PassagesQuery
from tests.factories import UserFactory

settings.register_profile(
    "hostile",
    max_examples=5,
    deadline=None,
    database=None,
    derandomize=True,  # the same cases every run: a failure is reproducible, never flaky
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fields(form_class) -> list[str]:
    return list(form_class.base_fields)


# The query parameters each HTML view reads (forms where the view parses them).
HTML_QUERY: dict[str, list[str]] = {
    "maps:list": [],
    "maps:create": [],
    "maps:detail": fields(WorkspaceQuery),
    "maps:graph": [],
    "maps:attach-source": [],
    "maps:carry-claims": [],
    "maps:source-passages": fields(PassagesQuery),
    "maps:settings": [],
    "maps:update": [],
    "maps:delete": [],
    "maps:member-invite": [],
    "maps:member-role": [],
    "maps:member-remove": [],
    "maps:member-transfer": [],
    "maps:invitation-create": [],
    "maps:invitation-revoke": [],
    "maps:join": [],
    "maps:picker": fields(PickerQuery),
    "maps:search": fields(SiteSearchQuery),
    "maps:map-search": fields(MapSearchQuery),
    "maps:history": fields(HistoryQuery),
    "maps:events": fields(EventsQuery),
    "maps:presence": [],
    "maps:fragments": fields(FragmentsQuery),
    "maps:evaluate": [],
    "maps:evaluate-hint": [],
    "maps:claim-judge": [],
    "maps:undo": [],
    "maps:redo": [],
    "maps:deleted": [],
    "maps:action-restore": [],
    "maps:claim-history": [],
    "maps:claim-restore-version": [],
    "maps:annotation-restore": [],
    "maps:claim-create": [],
    "maps:claim": fields(WorkspaceQuery),
    "maps:claim-branch": fields(WorkspaceQuery),
    "maps:claim-focus": [],
    "maps:claim-edit": [],
    "maps:claim-delete": [],
    "maps:claim-restore": [],
    "maps:claim-add-argument": [],
    "maps:claim-annotate": [],
    "maps:argument": fields(WorkspaceQuery),
    "maps:argument-add-premise": [],
    "maps:argument-remove-premise": [],
    "maps:argument-undercut": [],
    "maps:argument-move": [],
    "maps:argument-delete": [],
    "maps:argument-restore": [],
    "maps:argument-annotate": [],
    "maps:annotation-edit": [],
    "maps:annotation-delete": [],
    "maps:import": fields(ImportQuery),
    "maps:import-progress": [],
    "maps:export": [],
    "maps:print": fields(PrintQuery),
    # Django's and DRF's own views.
    "login": ["next"],
    "logout": ["next"],
    "signup": [],
    "password_change": [],
    "password_change_done": [],
    "password_reset": [],
    "password_reset_done": [],
    "password_reset_confirm": [],
    "password_reset_complete": [],
    "profile": [],
    "tokens": [],
    "token-revoke": [],
    "sources:list": [],
    "sources:detail": fields(PassagesQuery),
    "sources:compare": [],
    "sources:file": [],
    "favicon": [],
    # The API's own pages, outside the schema they serve.
    "api:schema": ["format", "lang"],
    "api:docs": [],
    "api:not-found": [],
}
# Django's admin: its changelist parameters, as a superuser.
ADMIN_QUERY = ["q", "o", "p", "e", "all", "_popup", "_to_field", "_changelist_filters", "term"]


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str  # e.g. "maps/<slug:slug>/claims/<int:pk>/"
    regex: bool


def walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or str(entry.pattern)
            full = f"{namespace}:{name}" if namespace and entry.name else name
            regex = type(entry.pattern).__name__ == "RegexPattern"
            yield Route(full, prefix + str(entry.pattern), regex)


ROUTES = list(walk(get_resolver().url_patterns))
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>|\^?\(\?P<(\w+)>[^)]*\)\S*?\$?")


def api_parameters() -> dict[str, list[str]]:
    """Schema path ("/api/claims/{pk}/") → the query parameters of its operations."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = {}
    for path, operations in schema["paths"].items():
        names = {
            p["name"]
            for operation in operations.values()
            for p in operation.get("parameters", [])
            if p["in"] == "query"
        }
        found[re.sub(r"\{\w+\}", "{}", path)] = sorted(names)
    return found


API_QUERY = api_parameters()


def parameters(route: Route) -> list[str]:
    if route.pattern.startswith("admin/"):
        return ADMIN_QUERY
    if route.name in HTML_QUERY:
        return HTML_QUERY[route.name]
    schema_path = "/" + re.sub(r"<(?:\w+:)?\w+>", "{}", route.pattern)
    if schema_path in API_QUERY:
        return API_QUERY[schema_path]
    pytest.fail(
        f"No query parameters declared for {route.name} ({route.pattern}): add it to HTML_QUERY "
        "(parse its parameters with a form) or document it in the OpenAPI schema."
    )


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed map with a viewer, an editor, an owner, an annotation, a token; rolled back."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("import_seeds", stdout=StringIO())
            yield setup_seed()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def setup_seed() -> dict:
    seed = Map.objects.get(slug="unga74-ict-crime")
    users = {"anonymous": None}
    for role in ("viewer", "editor", "owner"):
        users[role] = UserFactory(username=f"hostile-{role}")
        Membership.objects.create(map=seed, user=users[role], role=role)
    users["superuser"] = UserFactory(username="hostile-admin", is_staff=True, is_superuser=True)
    argument = Argument.objects.filter(map=seed, deleted_at__isnull=True).first()
    claim = argument.premise_links.first().claim
    note = services.annotate(target=claim, author=users["editor"], body="A note.")
    token, _ = accounts.create_token(user=users["editor"], name="script")
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    services.update_claim(  # a version to restore
        claim=claim,
        version=claim.version,
        text=f"{claim.text} (edited)",
        speaker=claim.speaker,
        tags=claim.tags,
        actor=users["editor"],
    )
    change = Change.objects.filter(object_type="claim", object_id=claim.pk).first()
    deleted = services.add_claim(map=seed, text="A claim to delete.", author=users["editor"])
    services.delete_claim(claim=deleted, actor=users["editor"])  # an action to restore
    deleted.refresh_from_db()
    invitation = services.create_invitation(  # an open link: /join/<token>/ shows its page
        map=seed, role="editor", expires_in=None, actor=users["owner"]
    )
    by_segment = {
        "claims": claim.pk,
        "arguments": argument.pk,
        "annotations": note.pk,
        "members": Membership.objects.get(map=seed, user=users["viewer"]).pk,
        "tokens": token.pk,
        "links": invitation.pk,
        "invitations": invitation.pk,
    }
    values = {
        "change_pk": change.pk,
        "action": deleted.deleted_by,
        "claim_pk": claim.pk,
        "username": users["viewer"].username,
        "format": "aif",
        "name": "aif",
        "token": invitation.token,  # an import's progress page: no such import, a 404
        "uidb64": "MQ",
        "content_type_id": ContentType.objects.get_for_model(Map).pk,
        "app_label": "maps",
        "rest": "nothing/here/",
        "url": "nothing/here/",
    }
    source = Source.objects.filter(maps=seed).first()
    values["other"] = source.slug  # a document compared with itself
    values["source"] = source.slug  # a document of the seed map, in its sources pane
    return {
        "clients": clients,
        "map": seed,
        "source": source,
        "by_segment": by_segment,
        "values": values,
    }


def admin_object_id(pattern: str) -> str:
    for model, _ in admin.site._registry.items():
        if pattern.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            first = model._default_manager.order_by("pk").first()
            return str(first.pk) if first else "1"
    return "1"


def path_of(route: Route, seed: dict) -> str:
    """The route's address with every converter filled with something that exists."""

    def fill(match: re.Match) -> str:
        name = match.group(2) or match.group(3)
        before = route.pattern[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        if name == "slug":
            return seed["source"].slug if before == "sources" else seed["map"].slug
        if name in ("object_id", "id"):
            return admin_object_id(route.pattern)
        if name == "pk" and before in seed["by_segment"]:
            return str(seed["by_segment"][before])
        if name in seed["values"]:
            return str(seed["values"][name])
        pytest.fail(f"No value for <{name}> in {route.pattern}: add one to setup_seed().")

    path = CONVERTER.sub(fill, route.pattern)
    return "/" + path.lstrip("^").rstrip("$")


ODD = [
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfff",
    "²",
    "٣",
    "１２",
    "1_000",
    "99999999999999999999",
    "-99999999999999999999",
    "9" * 5000,
    "-1",
    "0",
    "1.5",
    "1e308",
    "NaN",
    "",
    " ",
    "x" * 20_000,
    "%",
    "' OR 1=1 --",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "https://evil.example/",
    "//evil.example",
]
RAW = ["%ED%A0%80", "%FF", "%C0%80", "%E0%80%AF", "%00"]  # sent as is: invalid UTF-8, NUL
VALUES = st.one_of(
    st.sampled_from(ODD).map(lambda v: quote(v, safe="", errors="surrogatepass")),
    st.sampled_from(RAW),
    st.integers().map(str),
    st.text(max_size=40).map(lambda v: quote(v, safe="", errors="surrogatepass")),
    st.text(st.characters(categories=["Cs", "Cc", "Nd", "No"]), min_size=1, max_size=8).map(
        lambda v: quote(v, safe="", errors="surrogatepass")
    ),
)
HTML_ROLES = ["anonymous", "viewer", "editor", "owner"]


def roles(route: Route) -> list[str]:
    return ["anonymous", "superuser"] if route.pattern.startswith("admin/") else HTML_ROLES


def fetch(seed: dict, role: str, path: str, query: list[tuple[str, str]]):
    query_string = "&".join(f"{quote(name)}={value}" for name, value in query)
    response = seed["clients"][role].get(f"{path}?{query_string}")
    assert response.status_code < 500, (role, path, query_string[:300], response.status_code)
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
@settings(settings.get_profile("hostile"))
@given(data=st.data())
def test_no_route_answers_hostile_query_parameters_with_5xx(seeded, route, data):
    names = parameters(route) or ["unknown"]
    path = path_of(route, seeded)
    role = data.draw(st.sampled_from(roles(route)), label="role")
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4), label="names")
    query = [(name, data.draw(VALUES, label=name)) for name in chosen]
    fetch(seeded, role, path, query)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_every_parameter_of_every_route_refuses_nul_for_every_role(seeded, route):
    """The deterministic sweep: each parameter with a NUL is refused before any view runs."""
    path = path_of(route, seeded)
    for role in roles(route)[-1:] if route.pattern.startswith("admin/") else roles(route):
        for name in parameters(route) or ["unknown"]:
            response = fetch(seeded, role, path, [(name, "a%00b")])
            assert response.status_code == 400, (role, path, name, response.status_code)


# One of each kind, for every parameter of every route (hypothesis draws from all of VALUES).
SWEEP = ["%ED%A0%80", "%FF", "%C2%B2", "%D9%A3", "99999999999999999999", "-1", "0", "x" * 5000]


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_every_parameter_of_every_route_takes_each_kind_of_odd_value(seeded, route):
    if route.pattern.startswith("admin/"):
        return  # Django's own changelist parameters: the hypothesis test above covers them
    path = path_of(route, seeded)
    for name in parameters(route):
        for turn, value in enumerate(SWEEP):
            role = HTML_ROLES[turn % len(HTML_ROLES)]
            fetch(seeded, role, path, [(name, value)])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [r for r in ROUTES if not r.pattern.startswith(("api/", "admin/")) and not r.regex],
    ids=lambda r: r.name,
)
def test_page_forms_with_nul_are_refused_and_write_nothing(seeded, route):
    path = path_of(route, seeded)
    changes = Change.objects.count()
    claims = Claim.objects.count()
    body = {name: "a\x00b" for name in ("text", "title", "body", "name", "username", "role")}
    response = seeded["clients"]["editor"].post(path, body)
    assert response.status_code in (400, 405), (path, response.status_code)
    assert (Change.objects.count(), Claim.objects.count()) == (changes, claims)


def test_every_route_is_reached():
    """The resolver still finds the routes this module fuzzes (a guard against a silent 0)."""
    names = {route.name for route in ROUTES}
    assert {"maps:history", "maps:picker", "api:claim-list", "login", "admin:index"} <= names


# The fields the page forms read (maps/forms.py, accounts, sources, the views' own POST reads).
FORM_FIELDS = [
    "text", "speaker", "tags", "version", "passage", "span_start", "span_end", "claim", "kind",
    "scheme", "body", "url", "source", "identifier", "role", "status", "base_score", "title",
    "description", "visibility", "confirm", "mode", "next", "name", "lifetime", "format",
    "token", "expires_in", "old_password", "new_password1", "new_password2", "email",
]  # fmt: skip
PAGE_POSTS = [
    r
    for r in ROUTES
    if not r.pattern.startswith(("api/", "admin/")) and not r.regex and r.name != "logout"
]
FORM_VALUES = VALUES.filter(lambda v: "%00" not in v.upper())  # NUL: the test above


@pytest.mark.django_db
@pytest.mark.parametrize("route", PAGE_POSTS, ids=[r.name for r in PAGE_POSTS])
@settings(settings.get_profile("hostile"), max_examples=4)
@given(data=st.data())
def test_page_forms_answer_hostile_values_without_5xx(seeded, route, data):
    """Odd digits, huge numbers, surrogates (as invalid UTF-8) in every form field, as editor."""
    client = seeded["clients"]["editor"]
    chosen = data.draw(
        st.lists(st.sampled_from(FORM_FIELDS), min_size=1, max_size=6), label="names"
    )
    body = "&".join(f"{name}={data.draw(FORM_VALUES, label=name)}" for name in chosen)
    response = client.generic(
        "POST", path_of(route, seeded), body, "application/x-www-form-urlencoded"
    )
    assert response.status_code < 500, (route.name, body[:300], response.status_code)
