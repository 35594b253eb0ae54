"""Evaluation in a coach's words: why each label, what would change it, the legend and the hint,
on small maps (each label, an undercut, a judgement, a cycle) and on the seed map."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given, settings

from argmap.evaluation import Status, evaluate_grounded
from argmap.evaluation.words import Why, explain_in_words, plain
from argmap.maps.models import Claim, Map, Membership
from tests.factories import UserFactory
from tests.test_evaluation_framework import Map as Small
from tests.test_evaluation_framework import maps

HTMX = {"HTTP_HX_REQUEST": "true"}


def why(m: Small, claim: str, statuses: dict[str, Status] | None = None, **kw) -> Why:
    given = {m.ids[k]: v for k, v in (statuses or {}).items()}
    return explain_in_words(evaluate_grounded(m.graph, given), m.ids[claim], statuses=given, **kw)


def practice() -> Small:
    """a: the central claim; b: a reason for it; c: an objection to it; d: an answer to c."""
    m = Small("abcd")
    m.support("b", "a")
    m.attack("c", "a")
    m.attack("d", "c")
    return m


def test_out_names_the_unanswered_objection_and_how_to_change_it() -> None:
    m = Small("ac")
    m.attack("c", "a")
    said = why(m, "a")
    assert said.label == "OUT"
    assert said.text == (
        "“Claim c” objects to it and nothing answers that objection. "
        "Answer that objection, or mark “Claim c” rejected."
    )
    assert [p.claim_id for p in said.because if p.claim_id] == [m.ids["c"]]


def test_in_says_each_objection_is_answered_and_by_what() -> None:
    said = why(practice(), "a")
    assert said.label == "IN"
    assert said.text == (
        "Its reason “Claim b” holds, and its one objection is answered: “Claim c” is answered "
        "by “Claim d”. An unanswered objection would make it fall, and so would losing every "
        "reason."
    )


def test_an_unjudged_leaf_counts_as_accepted_and_a_judged_one_says_who() -> None:
    m = practice()
    assert why(m, "d").text == (
        "Nothing objects to it, and it counts as accepted until you judge it. An unanswered "
        "objection would make it fall, and so would marking it rejected."
    )
    assert "members marked it accepted" in why(m, "d", {"d": "accepted"}, judged_by="members").text


def test_a_judgement_changes_the_sentences() -> None:
    m = practice()
    rejected = why(m, "d", {"d": "rejected"})
    assert rejected.label == "OUT" and rejected.text.startswith("You marked it rejected.")
    central = why(m, "a", {"d": "rejected"})
    assert central.label == "OUT"
    assert str(central.because[0]) == "“Claim c”"
    assert "nothing answers that objection" in central.text
    answered = why(m, "a", {"c": "rejected"})
    assert answered.label == "IN" and "you marked “Claim c” rejected" in answered.text


def test_an_undercut_is_named_as_such() -> None:
    m = Small("abz")
    reason = m.support("b", "a")
    m.undercut("z", reason)
    said = why(m, "a")
    assert said.label == "OUT"
    assert said.text.startswith("Its only reason fails: “Claim z” undercuts the reason “Claim b”.")
    m2 = Small("acz")
    objection = m2.attack("c", "a")
    m2.undercut("z", objection)
    assert "“Claim z” undercuts the objection “Claim c”" in why(m2, "a").text


def test_undecided_names_the_circle_or_the_open_claim() -> None:
    m = Small("ab")
    m.attack("b", "a")
    m.attack("a", "b")
    said = why(m, "a")
    assert said.label == "UNDEC"
    assert said.text == (
        "It and “Claim b” object to each other in a circle and nothing settles which stands. "
        "Answer one side, or mark one of those claims rejected."
    )
    chain = practice()
    assert why(chain, "d", {"d": "open"}).text.startswith("You left it open.")
    assert why(chain, "a", {"d": "open"}).text.startswith(
        "It rests on “Claim d”, which you left open."
    )
    # deciding the circle: rejecting one side settles it
    assert why(m, "a", {"b": "rejected"}).label == "IN"


def test_a_circle_of_reasons_and_a_claim_against_itself() -> None:
    m = Small("ab")
    m.support("b", "a")
    m.support("a", "b")
    assert why(m, "a").text.startswith(
        "It and “Claim b” support each other in a circle and nothing outside supports them."
    )
    selfish = Small("a")
    selfish.attack("a", "a")
    said = why(selfish, "a")
    assert said.label == "UNDEC" and said.text.startswith("It objects to itself")


@settings(max_examples=300, deadline=None)
@given(maps())
def test_every_claim_of_random_maps_gets_sentences_that_match_its_label(case) -> None:
    graph, statuses = case
    labelling = evaluate_grounded(graph, statuses)
    words = {  # what the sentence for each label must talk about
        "IN": ("answered", "Nothing objects", "holds"),
        "OUT": ("rejected", "nothing answers", "reason"),
        "UNDEC": ("open", "circle", "itself"),
    }
    for claim_id, label in labelling.claims.items():
        said = explain_in_words(labelling, claim_id, statuses=statuses)
        assert said.label == label and said.because and said.change
        assert said.text.endswith(".")
        assert any(w in plain(said.because) for w in words[label]), said.text
        fall = plain(said.change).startswith("An unanswered objection would make it fall")
        assert fall == (label == "IN")


def test_a_reason_that_falls_is_named() -> None:
    m = Small("abe")
    m.support("b", "a")
    m.attack("e", "b")
    assert why(m, "a").text.startswith("Its only reason fails: “Claim b” is answered by “Claim e”.")


def test_claim_text_is_a_part_of_its_own_never_markup() -> None:
    m = Small("ac")
    m.graph.claims[m.ids["c"]].text = "<b>bold</b> & sure"
    m.attack("c", "a")
    part = why(m, "a").because[0]
    assert part.text == "<b>bold</b> & sure" and part.claim_id == m.ids["c"]


# -- in the workspace ---------------------------------------------------------------------


@pytest.fixture
def seed(db):
    call_command("import_seeds", stdout=StringIO())
    return Map.objects.get(slug="unga74-ict-crime")


def test_seed_central_claim_falls_to_the_us_objection_in_words(client, seed) -> None:
    decision = Claim.objects.get(map=seed, passage__label="OP2")
    client.post(reverse("maps:evaluate", args=[seed.slug]), {"mode": "everyone"})
    html = client.get(reverse("maps:claim", args=[seed.slug, decision.pk]), **HTMX).content
    text = html.decode()
    assert "Falls: an objection to it stands unanswered" in text
    assert "object to it and nothing answers those objections." in text
    assert re.search(r"“<a [^>]*>The United States must vote no", text)  # quoted, a link
    assert "Answer each of them, or mark them rejected." in text  # they rest on leaves


def test_legend_and_first_use_hint_until_dismissed(client, seed) -> None:
    member = UserFactory(username="member")
    Membership.objects.create(map=seed, user=member, role="viewer")
    client.force_login(member)
    page = client.get(seed.get_absolute_url()).content.decode()
    assert "eval-legend" not in page and "Until someone judges them" not in page
    client.post(reverse("maps:evaluate", args=[seed.slug]), {"mode": "mine"})
    page = client.get(seed.get_absolute_url()).content.decode()
    assert "every objection to it is answered" in page and "DF-QuAD" in page
    assert "Until someone judges them, claims count as accepted." in page
    response = client.post(reverse("maps:evaluate-hint", args=[seed.slug]), **HTMX)
    assert response.status_code == 200 and response.content == b""
    assert "Until someone judges them" not in client.get(seed.get_absolute_url()).content.decode()


def test_the_focus_view_says_why_with_links_that_stay_in_focus(client, seed) -> None:
    decision = Claim.objects.get(map=seed, passage__label="OP2")
    us_position = Claim.objects.get(map=seed, text__startswith="The United States must vote no")
    url = reverse("maps:claim-focus", args=[seed.slug, decision.pk])
    assert 'class="why"' not in client.get(url).content.decode()
    client.post(reverse("maps:evaluate", args=[seed.slug]), {"mode": "everyone"})
    html = client.get(url).content.decode()
    assert "Evaluate is on, with all members&#x27; judgements." in html
    assert "It falls.</strong>" in html and "every objection to it is answered" in html
    focus_of_us = reverse("maps:claim-focus", args=[seed.slug, us_position.pk])
    assert f'“<a class="claim-ref" href="{focus_of_us}">The United States' in html


def test_a_claims_words_in_a_sentence_are_escaped(site, map_, central, user) -> None:
    from argmap.maps import services

    services.add_rebuttal(claim=central, premises=["<script>alert(1)</script> & co"], author=user)
    site.post(reverse("maps:evaluate", args=[map_.slug]), {"mode": "mine"})
    html = site.get(reverse("maps:claim", args=[map_.slug, central.pk]), **HTMX).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</a>” objects to it" in html
    assert "<script>alert" not in html
