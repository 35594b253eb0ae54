"""Pages that read well (issue 16, point 7): a document's header once, cross references in
words, history entries naming what they touched, no internal ids in text, a favicon, and a 404
for a private map that offers to log in."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from argmap.formats import maps as formats
from argmap.maps import imports, services
from argmap.maps.models import Argument, Change, Claim, Map, Membership
from argmap.maps.services.undo import OPERATIONS
from argmap.sources.models import Source
from tests.factories import MapFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

SEED = "unga74-ict-crime"
DRAFT = "/sources/a-c-3-74-l-11/"


@pytest.fixture
def seeded() -> Map:
    call_command("import_seeds", stdout=StringIO())
    return Map.objects.get(slug=SEED)


class VisibleText(HTMLParser):
    """What a reader sees: the text, not scripts; with ``labels``, also the titles and labels of
    elements, each text node apart (" ¦ "), so that words of two nodes never read as one."""

    def __init__(self, labels: bool) -> None:
        super().__init__()
        self.labels = labels
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        if self.labels:
            self.parts += [v for k, v in attrs if k in ("title", "aria-label", "alt") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str, *, labels: bool = False) -> str:
    parser = VisibleText(labels)
    parser.feed(html)
    return " ".join(("¦".join(parser.parts) if labels else "".join(parser.parts)).split())


# --- a document's header, once ---------------------------------------------------------------


def test_the_header_facts_show_once_and_the_header_labels_still_land(client, seeded):
    html = client.get(DRAFT).content.decode()
    text = visible_text(html)
    assert "Third Committee" in text and "Agenda item 107: Countering" in text
    # once each: in the facts, not again as rows H1–H11 of the text
    assert text.count("Third Committee") == 1 and text.count("Distr.: Limited") == 0
    assert text.count("Seventy-fourth session") == 1 and "11 October 2019" in text
    assert not re.search(r"\bH\d+\b", text), "a header row's label is still shown"
    # each label is still an anchor, on the fact it gave (a claim quoting it lands there)
    for label in [f"H{n}" for n in range(1, 12)]:
        assert html.count(f'id="{label}"') == 1
    facts = html[html.index('class="doc-facts"') : html.index('class="document"')]
    assert 'id="H6"></span>Third Committee' in facts and 'id="H2"></span>Limited' in facts
    # the opening line is the start of the text, and stays there
    document = html[html.index('class="document"') :]
    assert 'id="H11"' in document and "The General Assembly," in document


def test_a_claim_quoting_a_header_passage_is_listed_on_its_fact(client, seeded, user):
    committee = seeded.sources.get(symbol="A/C.3/74/L.11").passages.get(label="H6")
    services.add_claim(
        map=seeded, text="The Third Committee decides this.", author=user, passage=committee
    )
    html = client.get(DRAFT).content.decode()
    facts = html[html.index('class="doc-facts"') : html.index('class="document"')]
    assert "The Third Committee decides this." in facts


def test_the_workspace_folds_a_documents_header_unless_a_claim_quotes_it(client, seeded, user):
    def header_of_l11() -> str:
        html = client.get(seeded.get_absolute_url()).content.decode()
        pane = html[html.index('id="sources-pane"') :]
        return pane[pane.index('class="src-header"') : pane.index("</details>")]

    header = header_of_l11()
    assert "Header (10 lines)" in header and "Third Committee" in header  # still quotable
    assert " open>" not in header.split(">", 1)[0] + ">"  # folded away
    committee = seeded.sources.get(symbol="A/C.3/74/L.11").passages.get(label="H6")
    services.add_claim(
        map=seeded,
        text="The Third Committee decides this.",
        author=user,
        passage=committee,
        span_start=0,
        span_end=len(committee.text),
    )
    assert header_of_l11().startswith('class="src-header" open>')  # its mark can be seen


def test_the_statement_header_reads_once_too(client, seeded):
    text = visible_text(client.get("/sources/us-statement-2019-11-18/").content.decode())
    assert text.count("Jason Mack") == 1 and text.count("U.S. Mission to the United Nations") == 1
    assert not re.search(r"\bH\d+\b", text)


# --- cross references in words ---------------------------------------------------------------


def test_cross_references_say_what_they_are(client, seeded):
    text = visible_text(client.get(DRAFT).content.decode())
    assert "Refers to 22/8" not in text
    assert "Refers to Commission on Crime Prevention and Criminal Justice resolution 22/8" in text
    assert "Refers to General Assembly resolution 65/230" in text  # "Recalling its resolution"
    assert "Refers to General Assembly resolutions 53/70, 54/49," in text  # a list of them
    assert "and 73/187" in text
    assert "Refers to General Assembly documents A/65/201, A/68/98 and A/70/174" in text
    assert "Refers to Economic and Social Council documents E/2013/30 and" in text
    assert "Refers to General Assembly resolution 73/187" in text  # a bare "resolution 73/187"


def test_a_references_words_link_to_the_document_when_the_symbol_says_where(client, seeded):
    html = client.get(DRAFT).content.decode()
    assert 'href="https://undocs.org/A/65/201"' in html
    assert 'href="https://undocs.org/A/RES/65/230"' in html
    assert "undocs.org/22/8" not in html  # a Commission's resolution has no such address


# --- history entries name what they touched --------------------------------------------------


def _map_with_a_reason(user) -> tuple[Map, Claim, Argument]:
    map_ = services.create_map(title="Should schools ban phones?", created_by=user)
    central = services.add_claim(map=map_, text="Phones should be banned.", author=user)
    reason = services.add_support(conclusion=central, premises=["They distract."], author=user)
    return map_, central, reason


def _fresh(obj):
    obj.refresh_from_db()
    return obj


def _source() -> Source:
    return Source.objects.create(
        slug="l11", kind="draft-resolution", title="Countering…", symbol="A/C.3/74/L.11", body="x"
    )


Setup = Callable[[Any, Map, Claim, Argument], object]
# What each operation does to the map of _map_with_a_reason, and how its entry must read.
CASES: dict[str, tuple[Setup, str]] = {
    "map.create": (lambda u, m, c, r: None, "created the map"),
    "map.update": (
        lambda u, m, c, r: services.update_map(
            map=m,
            version=_fresh(m).version,
            title="Phones",
            description="",
            visibility="public",
            actor=u,
        ),
        "renamed the map “Phones” and made the map public",
    ),
    "map.attach_source": (
        lambda u, m, c, r: services.attach_source(map=m, source=_source(), actor=u),
        "attached A/C.3/74/L.11",
    ),
    "map.import": (
        lambda u, m, c, r: imports.import_graph(
            map=m,
            graph=formats.parse_map(
                b"[B]: Bags.\n  <+ Cheap.\n", format="argdown", filename="x.argdown"
            ).graph,
            author=u,
        ),
        "imported 2 claims and 1 argument",
    ),
    "member.add": (
        lambda u, m, c, r: services.invite_member(
            map=m, identifier=UserFactory(username="student").username, role="editor", actor=u
        ),
        "added student as an editor",
    ),
    "member.role": (
        lambda u, m, c, r: services.change_role(membership=_student(m), role="viewer", actor=u),
        "made student a viewer",
    ),
    "member.remove": (
        lambda u, m, c, r: services.remove_member(membership=_student(m), actor=u),
        "removed student",
    ),
    "member.transfer": (
        lambda u, m, c, r: services.transfer_ownership(map=m, from_user=u, to=_student(m)),
        "made student the owner",
    ),
    "invitation.create": (
        lambda u, m, c, r: services.create_invitation(
            map=m, role="editor", expires_in=None, actor=u
        ),
        "made an invitation link",
    ),
    "invitation.revoke": (
        lambda u, m, c, r: services.revoke_invitation(
            invitation=services.create_invitation(map=m, role="editor", expires_in=None), actor=u
        ),
        "withdrew an invitation link",
    ),
    "member.join": (
        lambda u, m, c, r: services.join_by_invitation(
            invitation=services.create_invitation(map=m, role="editor", expires_in=None),
            user=UserFactory(username="student"),
        ),
        "joined through a link",
    ),
    "claim.create": (lambda u, m, c, r: None, "added the claim “Phones should be banned.”"),
    "claim.update": (
        lambda u, m, c, r: services.update_claim(
            claim=c, version=_fresh(c).version, text="Phones should be banned in class.", actor=u
        ),
        "edited the claim “Phones should be banned in class.”",
    ),
    "claim.reanchor": (
        lambda u, m, c, r: services.reanchor_claim(
            claim=c,
            version=_fresh(c).version,
            passage=None,
            span_start=None,
            span_end=None,
            actor=u,
        ),
        "carried the claim “Phones should be banned.” to a revision",
    ),
    "claim.delete": (
        lambda u, m, c, r: services.delete_claim(claim=c, actor=u),
        "deleted the claim “Phones should be banned.”",
    ),
    "claim.restore": (
        lambda u, m, c, r: (
            services.delete_claim(claim=c, actor=u),
            services.restore_claim(claim=_fresh(c), actor=u),
        ),
        "restored the claim “Phones should be banned.”",
    ),
    "argument.create": (lambda u, m, c, r: None, "added the reason “They distract.”"),
    "argument.add_premise": (
        lambda u, m, c, r: services.add_premise(
            argument=r, version=_fresh(r).version, premise="They buzz.", author=u
        ),
        "added “They buzz.” as a co-premise of the reason “They distract.”",
    ),
    "argument.remove_premise": (
        lambda u, m, c, r: services.remove_premise(
            argument=r,
            version=services.add_premise(
                argument=r, version=_fresh(r).version, premise="They buzz.", author=u
            ).version,
            claim=Claim.objects.get(text="They buzz."),
            actor=u,
        ),
        "removed the co-premise “They buzz.” from the reason “They distract.”",
    ),
    "argument.move": (
        lambda u, m, c, r: services.move_argument(
            argument=r,
            version=_fresh(r).version,
            conclusion=services.add_claim(map=m, text="Crime is rising in schools", author=u),
            actor=u,
        ),
        "moved the reason “They distract.” to “Crime is rising in schools”",
    ),
    "argument.delete": (
        lambda u, m, c, r: services.delete_argument(argument=r, actor=u),
        "deleted the reason “They distract.”",
    ),
    "argument.restore": (
        lambda u, m, c, r: (
            services.delete_argument(argument=r, actor=u),
            services.restore_argument(argument=_fresh(r), actor=u),
        ),
        "restored the reason “They distract.”",
    ),
    "annotation.create": (
        lambda u, m, c, r: services.annotate(target=c, author=u, body="Which study?"),
        "added the note “Which study?”",
    ),
    "annotation.update": (
        lambda u, m, c, r: services.update_annotation(
            annotation=(a := services.annotate(target=c, author=u, body="Which study?")),
            version=a.version,
            body="Which study says so?",
            kind="question",
            actor=u,
        ),
        "edited the question “Which study says so?”",
    ),
    "annotation.delete": (
        lambda u, m, c, r: services.delete_annotation(
            annotation=services.annotate(target=c, author=u, body="Which study?"), actor=u
        ),
        "removed the note “Which study?”",
    ),
    "annotation.restore": (
        lambda u, m, c, r: (
            a := services.annotate(target=c, author=u, body="Which study?"),
            services.delete_annotation(annotation=a, actor=u),
            services.restore_annotation(annotation=a, actor=u),
        ),
        "restored the note “Which study?”",
    ),
}


ACTORS = {"member.join": "student"}  # who made the change, when not the map's owner


def _student(map_: Map) -> Membership:
    student = UserFactory(username="student")
    membership, _ = Membership.objects.get_or_create(
        map=map_, user=student, defaults={"role": "editor"}
    )
    return membership


def test_every_operation_has_its_words():
    assert set(CASES) >= set(OPERATIONS), "say how a new operation reads in the history"


@pytest.mark.parametrize("operation", sorted(CASES))
def test_a_history_entry_names_what_it_touched(client, user, operation):
    map_, central, reason = _map_with_a_reason(user)
    setup, words = CASES[operation]
    setup(user, map_, central, reason)
    assert Change.objects.filter(map=map_, operation=operation).exists()
    client.force_login(user)
    text = visible_text(client.get(reverse("maps:history", args=[map_.slug])).content.decode())
    assert f"{ACTORS.get(operation, user.username)} {words}" in text


def test_long_texts_are_quoted_short():
    from argmap.maps.services.wording import quoted

    long = "Concerned by the increase in the rate and diversity of crimes committed"
    assert quoted(long) == "“Concerned by the increase in the rate a…”"
    assert len(quoted(long)) <= 42 and quoted("Crime is rising") == "“Crime is rising”"


def test_the_live_status_line_keeps_the_short_form(user):
    from argmap.maps.events import change_event

    map_, _central, reason = _map_with_a_reason(user)
    services.delete_argument(argument=reason, actor=user)
    events = [change_event(c) for c in Change.objects.filter(map=map_).order_by("id")]
    assert [e["description"] for e in events if e["operation"].startswith("argument.")] == [
        "added a reason",
        "deleted an argument",
    ]


def test_the_history_of_one_claim_names_it_by_its_words(client, seeded):
    claim = Claim.objects.get(map=seeded, passage__label="OP2")
    text = visible_text(
        client.get(reverse("maps:history", args=[SEED]), {"claim": claim.pk}).content.decode()
    )
    assert f"claim {claim.pk}" not in text and "Only changes to the claim “Decides" in text


# --- no internal ids in text -----------------------------------------------------------------

ID_IN_TEXT = re.compile(r"\b(claim|argument|annotation|note|change|passage)s? #?\d+\b", re.I)


def test_no_internal_ids_in_the_text_of_the_seed_pages(client, seeded):
    client.force_login(member_of(seeded, "owner"))
    claim = Claim.objects.filter(map=seeded).first()
    argument = Argument.objects.filter(map=seeded).first()
    assert claim is not None and argument is not None
    pages = [
        seeded.get_absolute_url(),
        reverse("maps:history", args=[SEED]),
        reverse("maps:history", args=[SEED]) + f"?claim={claim.pk}",
        reverse("maps:claim", args=[SEED, claim.pk]),
        reverse("maps:argument", args=[SEED, argument.pk]),
        reverse("maps:claim-history", args=[SEED, claim.pk]),
        DRAFT,
        "/sources/us-statement-2019-11-18/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found = ID_IN_TEXT.findall(visible_text(response.content.decode(), labels=True))
        assert not found, f"{url} shows internal ids: {found}"


# --- a favicon -------------------------------------------------------------------------------


def test_the_favicon_is_linked_and_served(client, seeded):
    html = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert icon and icon[1].endswith("favicon.svg")
    answer = client.get("/favicon.ico")
    assert answer.status_code == 302 and answer["Location"] == icon[1]
    svg = (settings.BASE_DIR / "static" / "favicon.svg").read_text()  # served: the browser test
    assert svg.startswith("<svg") and "<title>argmap</title>" in svg
    for page in [DRAFT, reverse("maps:print", args=[SEED])]:
        assert 'rel="icon"' in client.get(page).content.decode()


# --- a 404 for a private map that offers to log in -------------------------------------------


@pytest.fixture
def private_map(db) -> Map:
    return MapFactory(slug="secret-plans", title="Secret plans", visibility="private")


def test_a_private_map_offers_a_visitor_to_log_in_and_come_back(client, private_map):
    answer = client.get("/maps/secret-plans/?claim=3")
    assert answer.status_code == 404
    html = answer.content.decode()
    text = visible_text(html)
    assert "This map is private or does not exist." in text
    assert "If it was shared with you, log in" in text
    assert 'href="/accounts/login/?next=/maps/secret-plans/%3Fclaim%3D3"' in html
    assert "Secret plans" not in html


def test_a_missing_map_gets_the_same_page_as_a_private_one(client, private_map):
    private = _main(client.get("/maps/secret-plans/").content.decode())
    missing = _main(client.get("/maps/no-such-map/").content.decode())
    assert missing.replace("no-such-map", "secret-plans") == private
    assert client.get("/maps/no-such-map/history/").status_code == 404


def _main(html: str) -> str:
    """The page's own content (the header carries a fresh CSRF token on each answer)."""
    return html[html.index("<main") : html.index("</main>")]


def test_a_logged_in_outsider_is_told_to_ask_the_owner(client, private_map):
    client.force_login(UserFactory(username="outsider"))
    answer = client.get("/maps/secret-plans/")
    text = visible_text(answer.content.decode())
    assert answer.status_code == 404 and "This map is private or does not exist." in text
    assert "ask its owner to share it with you" in text and "log in" not in text.lower()


def test_other_missing_pages_keep_the_plain_404(client, db):
    text = visible_text(client.get("/sources/no-such-document/").content.decode())
    assert "Page not found" in text and "This map is private" not in text


def test_the_api_still_answers_json_for_a_hidden_map(client, private_map):
    answer = Client().get("/api/maps/secret-plans/")
    assert answer.status_code == 404 and answer["Content-Type"].startswith("application/json")
