"""Evaluating the seed map in the workspace: labels, explanations, judgements, everyone's view."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from argmap.maps.evaluation import EVERYONE, judgements_of
from argmap.maps.models import Claim, Judgement, Map, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def seed():
    call_command("import_seeds", stdout=StringIO())
    return Map.objects.get(slug="unga74-ict-crime")


def decision(seed):
    return Claim.objects.get(map=seed, passage__label="OP2")


def label_of(html: str, claim: Claim) -> str:
    box = html[html.index(f'id="claim-{claim.pk}"') :]
    return re.search(r'class="eval-label">(\w+)<', box).group(1)


def test_the_switch_labels_every_claim_and_explains_why(client, seed):
    assert "eval-label" not in client.get(seed.get_absolute_url()).content.decode()
    client.post(reverse("maps:evaluate", args=[seed.slug]), {"mode": "everyone"})
    html = client.get(seed.get_absolute_url()).content.decode()
    assert label_of(html, decision(seed)) == "OUT"
    assert html.count('class="eval-label">IN<') >= 19
    detail = client.get(
        reverse("maps:claim", args=[seed.slug, decision(seed).pk]), **HTMX
    ).content.decode()
    assert "It falls.</strong>" in detail and "nothing answers those objections" in detail
    client.post(reverse("maps:evaluate", args=[seed.slug]), {"mode": ""})
    assert "eval-label" not in client.get(seed.get_absolute_url()).content.decode()


def test_rejecting_the_us_claims_makes_the_decision_stand_for_me_only(client, seed):
    analyst = UserFactory(username="analyst")
    Membership.objects.create(map=seed, user=analyst, role="viewer")
    client.force_login(analyst)
    client.post(reverse("maps:evaluate", args=[seed.slug]), {"mode": "mine"})
    us_claims = Claim.objects.filter(map=seed, speaker="United States").exclude(
        passage__label="P4", text__startswith="Undertaking"
    )
    for claim in us_claims:
        response = client.post(
            reverse("maps:claim-judge", args=[seed.slug, claim.pk]),
            {"status": "rejected", "base_score": 0.2},
            **HTMX,
        )
        assert response.status_code == 200
    assert Judgement.objects.filter(user=analyst).count() == 4
    html = client.get(seed.get_absolute_url()).content.decode()
    assert label_of(html, decision(seed)) == "IN"
    # Others still see the map as it stands with everything accepted, unless they ask for everyone's.
    other = UserFactory(username="other")
    Membership.objects.create(map=seed, user=other, role="viewer")
    client.force_login(other)
    client.post(reverse("maps:evaluate", args=[seed.slug]), {"mode": "mine"})
    assert label_of(client.get(seed.get_absolute_url()).content.decode(), decision(seed)) == "OUT"
    client.post(reverse("maps:evaluate", args=[seed.slug]), {"mode": "everyone"})
    assert label_of(client.get(seed.get_absolute_url()).content.decode(), decision(seed)) == "IN"


def test_everyones_judgements_take_the_majority_and_the_mean(seed):
    claim = Claim.objects.filter(map=seed, speaker="United States").first()
    for name, status, score in [
        ("a", "rejected", 0.2),
        ("b", "rejected", 0.4),
        ("c", "accepted", 0.9),
    ]:
        Judgement.objects.create(
            map=seed, user=UserFactory(username=name), claim=claim, status=status, base_score=score
        )
    statuses, scores = judgements_of(seed, UserFactory(username="reader"), EVERYONE)
    assert statuses == {claim.pk: "rejected"} and scores[claim.pk] == pytest.approx(0.5)


def test_a_bad_judgement_is_refused_and_visitors_cannot_judge(client, seed):
    claim = decision(seed)
    assert (
        client.post(
            reverse("maps:claim-judge", args=[seed.slug, claim.pk]),
            {"status": "accepted", "base_score": 0.5},
        ).status_code
        == 403
    )
    member = UserFactory(username="member")
    Membership.objects.create(map=seed, user=member, role="viewer")
    client.force_login(member)
    bad = client.post(
        reverse("maps:claim-judge", args=[seed.slug, claim.pk]),
        {"status": "accepted", "base_score": 3},
        **HTMX,
    )
    assert bad.status_code == 422 and not Judgement.objects.exists()


def test_the_evaluation_api(client, seed):
    url = f"/api/maps/{seed.slug}/evaluation/"
    grounded = client.get(url).json()
    key = str(decision(seed).pk)
    assert grounded["claims"][key] == "OUT" and grounded["explanations"][key].startswith(
        "OUT: attacked by"
    )
    dfquad = client.get(url, {"semantics": "dfquad"}).json()
    assert dfquad["claims"][key] == pytest.approx(0.52960205078125) and dfquad["converged"]
    bad = client.get(url, {"semantics": "magic"})
    assert bad.status_code == 400 and "semantics" in bad.json()


def test_the_details_pane_explains_from_the_cached_evaluation_in_constant_queries(
    client, seed, django_assert_max_num_queries, monkeypatch
):
    """With Evaluate on, the pane's sentences come from the cached evaluation and the claim's
    neighbours: as many queries for the central claim as for a leaf, and no evaluation per
    request."""
    from argmap.maps import evaluation as maps_evaluation
    from argmap.maps import evaluation_cache

    evaluation_cache.clear()
    computed = []
    real = maps_evaluation.evaluate_map
    monkeypatch.setattr(
        evaluation_cache, "evaluate_map", lambda *a, **k: computed.append(1) or real(*a, **k)
    )
    client.post(reverse("maps:evaluate", args=[seed.slug]), {"mode": "everyone"})
    leaf = Claim.objects.filter(map=seed, text__startswith="The United States must vote no").get()
    url = reverse("maps:claim", args=[seed.slug, decision(seed).pk])
    client.get(url, **HTMX)  # computes the evaluation once
    assert computed == [1]
    counts = []
    for claim in (decision(seed), leaf):
        url = reverse("maps:claim", args=[seed.slug, claim.pk])
        with django_assert_max_num_queries(20) as captured:
            html = client.get(url, **HTMX).content.decode()
        assert 'class="why"' in html and "What would change it:" in html
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    assert computed == [1]
