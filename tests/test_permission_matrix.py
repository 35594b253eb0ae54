"""Every route of the project, every method it accepts, every role, on a private and a public map.

A route that is not in ``ROUTES`` (or covered by the admin rule) fails the test, so a new route
cannot slip in without its permission being decided here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from argmap.accounts.models import ApiToken, User
from argmap.maps import services
from argmap.maps.models import (
    Annotation,
    Argument,
    Change,
    Claim,
    Invitation,
    InvitationUse,
    Judgement,
    Map,
    Membership,
)
from argmap.sources.models import Source, SourceFile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "stranger", "viewer", "commenter", "editor", "owner"]


@dataclass
class World:
    """Two maps (private, public) with the same content, and one user per role on both."""

    users: dict[str, User]
    maps: dict[str, Map] = field(default_factory=dict)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)


def build_world() -> World:
    users = {role: UserFactory(username=role) for role in ROLES[1:]}
    world = World(users=users)
    source = Source.objects.create(
        slug="doc", kind="other", title="Doc", body="Some words here.", sha256="2" * 64
    )
    source.passages.create(
        position=1, label="P1", kind="paragraph", text=source.body, start=0, end=16
    )
    SourceFile.objects.create(
        source=source,
        filename="doc.txt",
        content_type="text/plain",
        size=16,
        data=b"Some words here.",
    )
    for visibility in ("private", "public"):
        the_map = services.create_map(
            title=f"{visibility} map", created_by=users["owner"], visibility=visibility
        )
        for role in ("viewer", "commenter", "editor"):
            services.invite_member(map=the_map, identifier=role, role=role)
        services.attach_source(map=the_map, source=source)
        central = services.add_claim(map=the_map, text="Central", author=users["owner"])
        reason = services.add_support(
            conclusion=central, premises=["P1", "P2"], author=users["owner"]
        )
        gone = services.add_claim(map=the_map, text="Gone", author=users["owner"])
        services.delete_claim(claim=gone)
        gone_argument = services.add_rebuttal(claim=central, premises=["O"], author=users["owner"])
        services.delete_argument(argument=gone_argument)
        note = services.annotate(target=central, author=users["commenter"], body="A note")
        gone_note = services.annotate(target=central, author=users["owner"], body="Gone note")
        services.delete_annotation(annotation=gone_note)
        world.maps[visibility] = the_map
        world.objects[visibility] = {
            "central": central,
            "reason": reason,
            "premise": reason.premises.order_by("premise_links__position").first(),
            "gone": gone,
            "gone_argument": gone_argument,
            "note": note,
            "gone_note": gone_note,
            "central_created": Change.objects.get(operation="claim.create", object_id=central.pk),
            "viewer_membership": Membership.objects.get(map=the_map, user=users["viewer"]),
            "invitation": services.create_invitation(
                map=the_map, role="editor", expires_in=None, actor=users["owner"]
            ),
        }
    services_token = ApiToken.objects.create(
        user=users["owner"], name="t", prefix="x", key_hash="h" * 64
    )
    world.objects["token"] = {"token": services_token}
    spare = Source.objects.create(
        slug="spare", kind="other", title="Spare", body="More.", sha256="3" * 64
    )
    world.objects["spare"] = {"source": spare}
    return world


# Who may use a route: "public" anyone; "login" any logged-in user; "read"/"comment"/"edit"/"own"
# by role on the map (private maps are a 404 for those who may not read them, other refusals 403);
# "member" any member; "leave" the member concerned or an owner; "author" the annotation's author
# or an editor; "note-author" the annotation's author only; "token-owner" only the token's user
# (others 404).
@dataclass
class Route:
    methods: list[str]
    access: str
    kwargs: Callable[[World, str], dict[str, Any]] = lambda world, v: {}
    data: dict[str, Any] | Callable[[World, str], dict[str, Any]] = field(default_factory=dict)

    def data_for(self, world: World, visibility: str) -> dict[str, Any]:
        return self.data(world, visibility) if callable(self.data) else self.data


def slug(world: World, v: str) -> dict[str, Any]:
    return {"slug": world.maps[v].slug}


def on(name: str) -> Callable[[World, str], dict[str, Any]]:
    return lambda world, v: {**slug(world, v), "pk": world.objects[v][name].pk}


ROUTES: dict[str, Route] = {
    "maps:list": Route(["GET"], "public"),
    "maps:create": Route(["GET", "POST"], "login", data={"title": "New", "visibility": "private"}),
    "maps:detail": Route(["GET"], "read", slug),
    "maps:graph": Route(["GET"], "read", slug),
    "maps:attach-source": Route(
        ["POST"], "edit", slug, data=lambda w, v: {"source": w.objects["spare"]["source"].pk}
    ),
    "maps:source-passages": Route(
        ["GET"], "read", lambda w, v: {**slug(w, v), "source": "doc"}, data={"page": 1}
    ),
    "maps:carry-claims": Route(
        ["POST"], "edit", slug, data={"original": "doc", "revision": "spare"}
    ),
    "maps:settings": Route(["GET"], "member", slug),
    "maps:update": Route(
        ["POST"], "own", slug, data={"title": "T", "visibility": "public", "version": 1}
    ),
    "maps:delete": Route(["POST"], "own", slug, data={"confirm": "wrong"}),
    "maps:member-invite": Route(
        ["POST"], "own", slug, data={"identifier": "stranger", "role": "viewer"}
    ),
    "maps:member-role": Route(["POST"], "own", on("viewer_membership"), data={"role": "editor"}),
    "maps:member-remove": Route(["POST"], "leave", on("viewer_membership")),
    "maps:member-transfer": Route(["POST"], "own", on("viewer_membership")),
    "maps:invitation-create": Route(
        ["POST"], "own", slug, data={"role": "editor", "expires_in": "7"}
    ),
    "maps:invitation-revoke": Route(["POST"], "own", on("invitation")),
    # Holding the link is the permission: anyone sees the page, a logged-in visitor joins (a
    # logged-out POST is sent to log in); tests/test_invitations.py checks the rest.
    "maps:join": Route(
        ["GET", "POST"], "public", lambda w, v: {"token": w.objects[v]["invitation"].token}
    ),
    "maps:picker": Route(["GET"], "read", slug),
    "maps:search": Route(["GET"], "public"),  # it lists only what the visitor may read
    "maps:map-search": Route(["GET"], "read", slug),
    "maps:claim-create": Route(["POST"], "edit", slug, data={"text": "New claim"}),
    "maps:claim": Route(["GET"], "read", on("central")),
    "maps:claim-branch": Route(["GET"], "read", on("central")),
    "maps:claim-focus": Route(["GET"], "read", on("central")),
    "maps:claim-edit": Route(
        ["POST"], "edit", on("central"), data={"text": "Edited", "version": 1}
    ),
    "maps:claim-delete": Route(["POST"], "edit", on("central")),
    "maps:claim-restore": Route(["POST"], "edit", on("gone")),
    "maps:claim-add-argument": Route(
        ["POST"], "edit", on("central"), data={"kind": "support", "text": "R"}
    ),
    "maps:claim-annotate": Route(
        ["POST"], "comment", on("central"), data={"kind": "note", "body": "N"}
    ),
    "maps:argument": Route(["GET"], "read", on("reason")),
    "maps:argument-add-premise": Route(
        ["POST"], "edit", on("reason"), data={"text": "P3", "version": 1}
    ),
    "maps:argument-remove-premise": Route(
        ["POST"],
        "edit",
        lambda w, v: {**on("reason")(w, v), "claim_pk": w.objects[v]["premise"].pk},
        data={"version": 1},
    ),
    "maps:argument-undercut": Route(["POST"], "edit", on("reason"), data={"text": "U"}),
    "maps:argument-move": Route(["POST"], "edit", on("reason"), data={"version": 1}),
    "maps:argument-delete": Route(["POST"], "edit", on("reason")),
    "maps:argument-restore": Route(["POST"], "edit", on("gone_argument")),
    "maps:argument-annotate": Route(
        ["POST"], "comment", on("reason"), data={"kind": "note", "body": "N"}
    ),
    "maps:annotation-edit": Route(
        ["POST"], "note-author", on("note"), data={"kind": "note", "body": "E", "version": 1}
    ),
    "maps:annotation-delete": Route(["POST"], "author", on("note")),
    "maps:annotation-restore": Route(["POST"], "edit", on("gone_note")),
    "maps:history": Route(["GET"], "read", slug),
    "maps:events": Route(["GET"], "read", slug),  # 204 here (a sync server); streams under ASGI
    # What the page's edit form is open on: a stream that is not open (none here) is a 410.
    "maps:presence": Route(["POST"], "edit", slug, data={"stream": str(uuid.uuid4())}),
    "maps:fragments": Route(
        ["GET"], "read", slug, data=lambda w, v: {"claims": w.objects[v]["central"].pk}
    ),
    "maps:undo": Route(["POST"], "comment", slug),
    "maps:redo": Route(["POST"], "comment", slug),  # 422 when there is nothing to redo
    "maps:deleted": Route(["GET"], "edit", slug),
    "maps:action-restore": Route(
        ["POST"],
        "edit",
        lambda w, v: {**slug(w, v), "action": w.objects[v]["gone_note"].deleted_by},
    ),
    "maps:claim-history": Route(["GET"], "read", on("central")),
    "maps:claim-restore-version": Route(
        ["POST"],
        "edit",
        lambda w, v: {**on("central")(w, v), "change_pk": w.objects[v]["central_created"].pk},
    ),
    "maps:evaluate": Route(["POST"], "read", slug, data={"mode": "everyone"}),
    "maps:evaluate-hint": Route(["POST"], "read", slug),
    "maps:claim-judge": Route(
        ["POST"], "member", on("premise"), data={"status": "rejected", "base_score": 0.3}
    ),
    "login": Route(["GET", "POST"], "public", data={"username": "x", "password": "y"}),
    "logout": Route(["POST"], "public"),
    "signup": Route(["GET", "POST"], "public", data={"username": "new"}),
    "password_change": Route(["GET", "POST"], "login"),
    "password_change_done": Route(["GET"], "login"),
    "password_reset": Route(["GET", "POST"], "public", data={"email": "nobody@example.org"}),
    "password_reset_done": Route(["GET"], "public"),
    "password_reset_confirm": Route(
        ["GET"], "public", lambda w, v: {"uidb64": "MQ", "token": "bad-token"}
    ),
    "password_reset_complete": Route(["GET"], "public"),
    "profile": Route(["GET"], "login"),
    "tokens": Route(["GET", "POST"], "login", data={"name": ""}),
    "token-revoke": Route(
        ["POST"], "token-owner", lambda w, v: {"pk": w.objects["token"]["token"].pk}
    ),
    "sources:list": Route(["GET"], "public"),
    "sources:detail": Route(["GET"], "public", lambda w, v: {"slug": "doc"}),
    "sources:compare": Route(["GET"], "public", lambda w, v: {"slug": "doc", "other": "spare"}),
    "sources:file": Route(["GET"], "public", lambda w, v: {"slug": "doc"}),
    "favicon": Route(["GET"], "public"),
    "api:schema": Route(["GET"], "public"),
    "api:source-detail": Route(["GET"], "public", lambda w, v: {"slug": "doc"}),
    "api:map-graph": Route(["GET"], "read", slug),
}


# Import, export and print
def running_import(world: World, v: str) -> dict[str, Any]:
    """An import of the owner's in progress: only they may follow it."""
    from argmap.maps import map_imports

    job = map_imports.keep(
        owner=world.users["owner"],
        filename="x.argdown",
        data=b"",
        format="argdown",
        title="",
        total=9,
    )
    map_imports.confirm(job=job, title="x")
    map_imports.start(job_id=job.pk)
    return {"token": job.token}


ROUTES.update(
    {
        "maps:import": Route(["GET", "POST"], "login", data={"format": "auto"}),
        "maps:import-progress": Route(["GET"], "token-owner", running_import),
        "maps:export": Route(["GET"], "read", lambda w, v: {**slug(w, v), "format": "aif"}),
        "maps:print": Route(["GET"], "read", slug),
    }
)


def route_names(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> list[tuple[str, URLPattern]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else pattern.namespace or namespace
            )
            found += route_names(pattern.url_patterns, inner or "")
        else:
            found.append(
                (f"{namespace}:{pattern.name}" if namespace else str(pattern.name), pattern)
            )
    return found


def fingerprint() -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    return (
        *tuple(
            model.objects.aggregate(n=Count("pk"), v=Sum("version"), last=Max("updated_at"))
            for model in (Map, Claim, Argument, Annotation)
        ),
        sorted(Membership.objects.values_list("pk", "role")),
        sorted(Invitation.objects.values_list("pk", "revoked_at")),
        InvitationUse.objects.count(),
        Claim.objects.filter(deleted_at__isnull=True).count(),
        Argument.objects.filter(deleted_at__isnull=True).count(),
        Annotation.objects.filter(deleted_at__isnull=True).count(),
        ApiToken.objects.count(),
        Change.objects.count(),
        Judgement.objects.count(),
        list(Map.objects.values_list("id", "sources")),
    )


def expected(access: str, role: str, visibility: str, world: World) -> str:
    """'ok', 'login' (redirect to log in), 403 or 404."""
    from argmap.maps import permissions

    user = world.users.get(role)
    the_map = world.maps[visibility]
    anonymous = user is None
    if access == "public":
        return "ok"
    if access in ("login", "token-owner"):
        if anonymous:
            return "login"
        return "ok" if access == "login" or role == "owner" else "404"
    visitor = user if user is not None else _anonymous()
    if not permissions.can_read(visitor, the_map):
        return "404"
    allowed = {
        "read": True,
        "comment": permissions.can_comment(visitor, the_map),
        "edit": permissions.can_edit(visitor, the_map),
        "own": permissions.is_owner(visitor, the_map),
        "member": permissions.is_member(visitor, the_map),
        "leave": role in ("viewer", "owner"),
        "author": role in ("commenter", "editor", "owner"),
        "note-author": role == "commenter",
    }[access]
    return "ok" if allowed else "403"


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


# API routes are checked in tests/test_api_permissions.py (JSON bodies, 401 for anonymous);
# these few do not concern one map and are open to all (lists show only what one may read).
API_NOT_MAP_BOUND = {
    "api:schema",
    "api:docs",
    "api:not-found",
    "api:map-list",
    "api:source-list",
    "api:source-detail",
    "api:user-me",
    "api:search",  # lists only what the user may read: tests/test_search.py
    "api:map-import",
    "api:import-detail",  # the user's own import job (others 404): tests/test_api_transfer.py
}


def api_routes_checked() -> set[str]:
    """The route names that tests/test_api_permissions.py exercises for every role."""
    from types import SimpleNamespace

    from django.urls import resolve

    from tests.test_api_permissions import OPERATIONS

    ids = SimpleNamespace(slug="m")
    objects = {
        "map": ids,
        "central": 1,
        "other": 2,
        "reason": 3,
        "premise": 4,
        "gone": 5,
        "gone_argument": 6,
        "note": 7,
        "invitation": 8,
    }
    return {resolve(url(objects).split("?")[0]).view_name for _, url, _, _ in OPERATIONS}


def test_every_route_is_in_the_matrix():
    names = {name for name, _ in route_names(get_resolver().url_patterns)}
    html = sorted(n for n in names if not n.startswith(("admin:", "api:")) and n not in ROUTES)
    assert not html, f"Decide who may use these routes and add them to ROUTES: {html}"
    api = sorted(
        n
        for n in names
        if n.startswith("api:") and n not in api_routes_checked() | API_NOT_MAP_BOUND
    )
    assert not api, f"Add these API routes to OPERATIONS in tests/test_api_permissions.py: {api}"


def test_every_route_for_every_role_on_private_and_public_maps():
    world = build_world()
    problems = []
    for name, route in ROUTES.items():
        for visibility in ("private", "public"):
            url = reverse(name, kwargs=route.kwargs(world, visibility))
            for role in ROLES:
                client = Client()
                if role != "anonymous":
                    client.force_login(world.users[role])
                for method in route.methods:
                    want = expected(route.access, role, visibility, world)
                    with transaction.atomic():
                        before = fingerprint()
                        response = getattr(client, method.lower())(
                            url, route.data_for(world, visibility)
                        )
                        after = fingerprint()
                        transaction.set_rollback(True)
                    got = response.status_code
                    where = f"{method} {url} as {role} ({visibility}): {got}, wanted {want}"
                    if (
                        got >= 500
                        or got in (401, 405)
                        or (want == "ok" and got in (403, 404))
                        or (
                            want == "login"
                            and not (got == 302 and "/accounts/login/" in response["Location"])
                        )
                    ):
                        problems.append(where)
                    elif want in ("403", "404"):
                        if str(got) != want:
                            problems.append(where)
                        elif before != after:
                            problems.append(f"{where}: refused, yet the database changed")
    assert not problems, "\n".join(problems)


def test_the_admin_is_for_staff_only():
    world = build_world()
    problems = []
    for name, pattern in route_names(get_resolver().url_patterns):
        skip = (
            "admin:login",
            "admin:logout",
            "admin:view_on_site",
            "admin:jsi18n",
        )  # public by design
        if not name.startswith("admin:") or pattern.name is None or name in skip:
            continue
        kwargs = {
            key: "maps" if key == "app_label" else "1" for key in pattern.pattern.regex.groupindex
        }
        url = reverse(name, kwargs=kwargs)
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(world.users[role])
            for method in ("get", "post"):
                before = fingerprint()
                response = getattr(client, method)(url)
                if not (response.status_code == 302 and "/admin/login/" in response["Location"]):
                    problems.append(f"{method.upper()} {url} as {role}: {response.status_code}")
                if fingerprint() != before:
                    problems.append(f"{method.upper()} {url} as {role} changed the database")
    assert not problems, "\n".join(problems)
