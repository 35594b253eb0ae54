"""What the outline shows at a glance (issue 15, point 7): each card counts its claim's notes,
evidence and open questions and shows its tags, read with the claims in the same queries; a claim
not linked yet is labelled so, as its details say, not "Central claim"."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from argmap.maps import services
from argmap.maps.models import Annotation, Claim, Map
from tests.factories import build_tree

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, map_: Map, *args: int) -> str:
    return reverse(f"maps:{name}", args=[map_.slug, *args])


def card(html: str, claim: Claim) -> str:
    """The card of a claim in a page or a write's answer (the last one drawn)."""
    found = re.findall(rf'data-fragment="claim-{claim.pk}">(.*?)</div>', html, re.S)
    assert found, f"no card of claim {claim.pk}"
    return found[-1]


def annotate(claim: Claim, user, *kinds: str) -> None:
    for kind in kinds:
        services.annotate(target=claim, author=user, body=f"A {kind}.", kind=kind)


def test_each_card_counts_notes_evidence_and_open_questions_and_shows_tags(
    client, user, map_, central, reason
):
    client.force_login(user)
    premise = reason.premises.get()
    annotate(central, user, "note", "note", "evidence", "question")
    gone = services.annotate(target=central, author=user, body="Withdrawn.", kind="question")
    services.delete_annotation(annotation=gone, actor=user)
    services.update_claim(claim=central, version=1, tags=["phones", "schools"], actor=user)
    html = client.get(map_.get_absolute_url()).content.decode()
    shown = card(html, central)
    assert "2 notes, 1 piece of evidence, 1 open question" in shown  # what a screen reader reads
    assert [c for c in re.findall(r'glance-count" aria-hidden="true">([^<]*)<', shown)] == [
        "2 notes",
        "1 piece of evidence",
        "1 open question",
    ]
    assert "#phones" in shown and "#schools" in shown
    # A claim without annotations or tags shows nothing more.
    assert 'class="glance" hidden' in card(html, premise)


def test_an_annotation_written_from_the_detail_pane_updates_the_card(client, user, map_, central):
    client.force_login(user)
    answer = client.post(
        url("claim-annotate", map_, central.pk), {"kind": "question", "body": "Which?"}, **HTMX
    ).content.decode()
    assert "1 open question" in card(answer, central)
    note = Annotation.objects.get()
    answer = client.post(url("annotation-delete", map_, note.pk), **HTMX).content.decode()
    assert "open question" not in card(answer, central)


def page_queries(client, the_map: Map) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(the_map.get_absolute_url()).status_code == 200
    return len(ctx.captured_queries)


def test_the_counts_cost_no_query_per_card(client, user):
    """The workspace asks as many queries with 100 annotated claims as with bare ones."""
    client.force_login(user)
    bare = services.create_map(title="bare", created_by=user)
    annotated = services.create_map(title="annotated", created_by=user)
    build_tree(bare, 100)
    build_tree(annotated, 100)
    Annotation.objects.bulk_create(
        Annotation(map=annotated, claim=claim, kind=kind, body="x")
        for claim in Claim.objects.filter(map=annotated)
        for kind in ("note", "evidence", "question")
    )
    assert page_queries(client, bare) == page_queries(client, annotated)
    html = client.get(annotated.get_absolute_url()).content.decode()
    assert html.count("1 note, 1 piece of evidence, 1 open question") >= 80  # the cards drawn


def test_a_claim_not_linked_yet_is_labelled_so_in_the_outline_and_its_details(
    client, user, map_, central, reason
):
    client.force_login(user)
    loose = services.add_claim(map=map_, text="A sentence from the draft.", author=user)
    html = client.get(map_.get_absolute_url()).content.decode()
    assert "Not linked yet" in card(html, loose) and "Central claim" not in card(html, loose)
    assert "Central claim" in card(html, central)
    details = client.get(url("claim", map_, loose.pk), **HTMX).content.decode()
    assert "not linked yet" in details
    # Given a reason, it becomes a central claim, in the card the answer brings.
    answer = client.post(
        url("claim-add-argument", map_, loose.pk), {"kind": "support", "text": "Why."}, **HTMX
    ).content.decode()
    assert "Central claim" in card(answer, loose)
    # Used as a premise elsewhere, it needs no label at all.
    answer = client.post(
        url("claim-add-argument", map_, central.pk),
        {"kind": "support", "claim": loose.pk},
        **HTMX,
    ).content.decode()
    assert "Central claim" not in card(answer, loose) and "Not linked" not in card(answer, loose)


def test_the_only_claim_of_a_map_is_its_central_claim(client, user, map_, central):
    client.force_login(user)
    html = client.get(map_.get_absolute_url()).content.decode()
    assert "Central claim" in card(html, central)


def test_the_outline_is_a_tree_with_one_tab_stop(client, user, map_, central, reason):
    client.force_login(user)
    html = client.get(map_.get_absolute_url()).content.decode()
    assert 'role="tree"' in html and html.count('role="treeitem"') == 2
    assert re.search(rf'data-claim-id="{central.pk}"[^>]*tabindex="0"[^>]*aria-level="1"', html)
    premise = reason.premises.get()
    assert re.search(rf'data-claim-id="{premise.pk}"[^>]*tabindex="-1"[^>]*aria-level="2"', html)
    assert 'aria-expanded="true"' in html
    # The pieces a write brings are tree items too: live updates keep the semantics.
    answer = client.post(
        url("claim-add-argument", map_, premise.pk), {"kind": "attack", "text": "No."}, **HTMX
    ).content.decode()
    assert 'role="group" data-fragment="arguments-of-' in answer
    assert answer.count('role="treeitem"') >= 1
