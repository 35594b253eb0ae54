"""A write costs what it changes, not the size of the map: the same queries and the same pieces
sent on a map of 10 claims and of 1,000, with Evaluate off and on (issue 14)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from argmap.maps import evaluation_cache, services
from argmap.maps.models import Argument, Claim, Map
from tests.factories import build_tree

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
CARD = re.compile(r'class="claim-card" data-fragment="claim-(\d+)"')


def url(name: str, map_: Map, *args: object) -> str:
    return reverse(f"maps:{name}", args=[map_.slug, *args])


def sized_map(user, size: int) -> tuple[Map, Claim, Claim, Argument]:
    """A map of ``size`` claims (three reasons or objections to a claim); its central claim,
    a leaf and an argument about the leaf's parent."""
    the_map = services.create_map(title=f"size {size}", created_by=user)
    build_tree(the_map, size)
    claims = Claim.objects.filter(map=the_map).order_by("pk")
    leaf = claims.last()
    argument = Argument.objects.filter(premise_links__claim=leaf).get()
    return the_map, claims.first(), leaf, argument


def writes(the_map: Map, root: Claim, leaf: Claim, argument: Argument) -> list[tuple[str, dict]]:
    """Writes of every kind the workspace makes, each answered with fragments (a version is
    read at the moment of the write: an earlier write may have moved it)."""

    def version(model: type[Claim] | type[Argument], pk: int):
        return lambda: model.objects.get(pk=pk).version

    return [
        (url("claim-create", the_map), {"text": "A new central claim"}),
        (url("claim-add-argument", the_map, root.pk), {"kind": "attack", "text": "Not so."}),
        (
            url("claim-edit", the_map, leaf.pk),
            {"text": "Edited", "version": version(Claim, leaf.pk)},
        ),
        (
            url("argument-add-premise", the_map, argument.pk),
            {"text": "And a co-premise.", "version": version(Argument, argument.pk)},
        ),
        (url("claim-annotate", the_map, leaf.pk), {"kind": "note", "body": "A note."}),
        (url("argument-delete", the_map, argument.pk), {}),
        (url("argument-restore", the_map, argument.pk), {}),
        (url("claim-delete", the_map, leaf.pk), {}),
        (url("claim-restore", the_map, leaf.pk), {}),
    ]


def answer_each(client, clicks: list[tuple[str, dict]]) -> list[tuple[int, set[str]]]:
    """For each write: its query count and the claim cards its answer carries."""
    seen = []
    for path, data in clicks:
        data = {key: value() if callable(value) else value for key, value in data.items()}
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(path, data, **HTMX)
        assert response.status_code == 200, (path, response.content[:300])
        html = response.content.decode()
        assert 'id="outline-pane"' not in html, f"{path} redrew the whole outline"
        seen.append((len(ctx.captured_queries), set(CARD.findall(html))))
    return seen


def run_at_two_sizes(client, user, *, evaluate: str) -> dict[int, list[tuple[int, int]]]:
    client.force_login(user)
    found: dict[int, list[tuple[int, int]]] = {}
    for size in (10, 1000):
        the_map, root, leaf, argument = sized_map(user, size)
        evaluation_cache.clear()
        client.post(url("evaluate", the_map), {"mode": evaluate})
        client.get(the_map.get_absolute_url())  # the page as the writer sees it, labels included
        answers = answer_each(client, writes(the_map, root, leaf, argument))
        found[size] = [(queries, len(cards)) for queries, cards in answers]
    return found


def test_every_write_does_the_same_queries_and_sends_the_same_pieces_at_10_and_1000_claims(
    client, user
):
    found = run_at_two_sizes(client, user, evaluate="")
    assert found[10] == found[1000]


def test_with_evaluate_on_a_write_sends_the_labels_that_moved_not_the_outline(client, user):
    """The cards sent are those of the claims the write touched and of the claims whose label or
    strength moved (a strength moves up to the central claim: a few more on a deeper map), the
    same queries whatever the size of the map: never the whole outline (121 cards here)."""
    found = run_at_two_sizes(client, user, evaluate="everyone")
    assert [queries for queries, _ in found[10]] == [queries for queries, _ in found[1000]]
    assert max(cards for _, cards in found[1000]) <= 20


def test_with_evaluate_on_the_cards_sent_carry_the_new_labels(client, user, map_, central, reason):
    client.force_login(user)
    aside = services.add_claim(map=map_, text="An unrelated central claim", author=user)
    client.post(url("evaluate", map_), {"mode": "mine"})
    page = client.get(map_.get_absolute_url()).content.decode()
    assert page.count('class="eval eval-in"') >= 3  # central, its premise, the unrelated claim
    premise = reason.premises.get()
    html = client.post(
        url("claim-add-argument", map_, premise.pk),
        {"kind": "attack", "text": "Not in class."},
        **HTMX,
    ).content.decode()
    assert 'id="outline-pane"' not in html
    cards = {
        int(pk): card
        for pk, card in re.findall(r'data-fragment="claim-(\d+)">(.*?)</div>', html, re.S)
    }
    objection = Claim.objects.get(text="Not in class.")
    # The premise is attacked by an unattacked objection: OUT; the central claim loses its only
    # reason's force (its strength falls); the objection stands.
    assert "eval-out" in cards[premise.pk] and "eval-in" in cards[objection.pk]
    assert central.pk in cards
    assert aside.pk not in cards  # nothing moved there: not sent


def test_with_evaluate_on_and_no_earlier_evaluation_the_outline_is_drawn_whole(
    client, user, map_, central, reason
):
    """Without the evaluation the page was drawn from (another process drew it), what moved is
    unknown: the outline comes whole, with the new labels."""
    client.force_login(user)
    client.post(url("evaluate", map_), {"mode": "mine"})
    evaluation_cache.clear()
    html = client.post(
        url("claim-add-argument", map_, central.pk),
        {"kind": "attack", "text": "Emergencies."},
        **HTMX,
    ).content.decode()
    assert 'id="outline-pane" hx-swap-oob="innerHTML"' in html and "eval-label" in html


@pytest.mark.django_db(transaction=True)
def test_an_action_announces_each_change_with_no_statement_and_nothing_it_rolled_back(user):
    """Adding a reason with a new premise makes two changes: two notifications, in order, sent by
    the database as the rows are written (no statement of their own); a change whose savepoint
    was rolled back inside the action is not announced."""
    import psycopg
    from django.db import transaction

    from argmap.maps.listening import listener_params
    from argmap.maps.models import Change
    from argmap.maps.services.history import CHANNEL, recorded

    the_map = services.create_map(title="Phones in class", created_by=user)
    central = services.add_claim(map=the_map, text="Ban them.", author=user)

    @recorded
    def add_then_change_mind() -> None:
        try:
            with transaction.atomic():
                services.add_claim(map=the_map, text="Taken back.", author=user)
                raise RuntimeError("changed my mind")
        except RuntimeError:
            pass
        services.add_claim(map=the_map, text="Kept.", author=user)

    with psycopg.connect(**listener_params(), autocommit=True) as db:
        db.execute(f"LISTEN {CHANNEL}")
        with CaptureQueriesContext(connection) as ctx:
            argument = services.add_support(conclusion=central, premises=["Noise."], author=user)
        add_then_change_mind()
        notes = [n.payload for n in db.notifies(timeout=1, stop_after=3)]
    assert not [q["sql"] for q in ctx.captured_queries if "notify" in q["sql"].lower()]
    premise = argument.premises.get()
    made = [
        Change.objects.get(operation="claim.create", object_id=premise.pk),
        Change.objects.get(operation="argument.create", object_id=argument.pk),
        Change.objects.get(operation="claim.create", after__text="Kept."),
    ]
    assert notes == [f"{the_map.pk}:{change.pk}" for change in made]
    assert not Claim.objects.filter(text="Taken back.").exists()
