"""The focus view: a claim in the middle, its reasons and objections in two columns, counts on
each card, breadcrumbs from the central claim, the overview's data, and who may see it."""

import json
import re

import pytest
from django.urls import reverse

from argmap.maps import services
from argmap.maps.models import Claim, Map
from tests.factories import MapFactory, UserFactory, build_tree, member_of

pytestmark = pytest.mark.django_db


def focus_url(map_: Map, claim_id: int) -> str:
    return reverse("maps:claim-focus", args=[map_.slug, claim_id])


@pytest.fixture
def debate(map_, user):
    """Central ← reason (two co-premises, one undercut, one note); central ← objection ← its
    own reason; the reason's first premise also supports the objection (a second path)."""
    central = services.add_claim(map=map_, text="Phones should be banned.", author=user)
    reason = services.add_support(
        conclusion=central, premises=["They distract.", "Attention is scarce."], author=user
    )
    distract = Claim.objects.get(text="They distract.")
    undercut = services.add_undercut(
        argument=reason, premises=["Distraction is not harm."], author=user
    )
    objection = services.add_rebuttal(
        claim=central, premises=["Parents need to call."], author=user
    )
    parents = Claim.objects.get(text="Parents need to call.")
    services.add_support(conclusion=parents, premises=["Emergencies happen."], author=user)
    services.add_rebuttal(claim=parents, premises=[distract], author=user)
    services.annotate(target=distract, author=user, body="Studies say so.")
    services.annotate(target=distract, author=user, body="Gone.")
    services.delete_annotation(annotation=distract.annotations.get(body="Gone."))
    return {
        "central": central,
        "reason": reason,
        "distract": distract,
        "undercut": undercut,
        "objection": objection,
        "parents": parents,
    }


def text_of(html: str, css_class: str) -> list[str]:
    return re.findall(rf'class="{css_class}"[^>]*>([^<]*)<', html)


def test_the_claim_in_the_middle_with_reasons_and_objections_in_two_columns(site, map_, debate):
    response = site.get(focus_url(map_, debate["central"].pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="focus-claim">Phones should be banned.</h1>' in html
    reasons, objections = html.split('id="reasons-head"')[1].split('id="objections-head"')
    # Co-premises together in one reason; the undercut with the reason it attacks.
    assert text_of(reasons, "card-text") == [
        "They distract.",
        "Attention is scarce.",
        "Distraction is not harm.",
    ]
    assert reasons.count('class="focus-group reason"') == 1
    assert "2 co-premises, together" in reasons
    assert 'class="focus-group undercut" data-depth="1"' in reasons
    assert 'Reasons <span class="count">(1)</span>' in html
    assert text_of(objections.split('id="overview-head"')[0], "card-text") == [
        "Parents need to call."
    ]
    # Each card links to its own focus view.
    assert f'href="{focus_url(map_, debate["distract"].pk)}"' in reasons


def test_each_card_counts_its_reasons_objections_and_live_notes(site, map_, debate):
    html = site.get(focus_url(map_, debate["central"].pk)).content.decode()
    counts = re.findall(r'card-counts muted small">([^<]*)<', html)
    assert counts == [
        "1 reason · 1 objection · 0 notes",  # the centre
        "0 reasons · 0 objections · 1 note",  # They distract. (the deleted note not counted)
        "0 reasons · 0 objections · 0 notes",
        "0 reasons · 0 objections · 0 notes",
        "1 reason · 1 objection · 0 notes",  # Parents need to call.
    ]


def test_breadcrumbs_lead_from_the_central_claim_along_the_shortest_path(site, map_, debate):
    # "They distract." is reachable directly (a reason of the central claim) and through the
    # objection "Parents need to call.": the breadcrumbs take the shorter path.
    html = site.get(focus_url(map_, debate["distract"].pk)).content.decode()
    path = html.split('aria-label="Path from the central claim"')[1].split("</nav>")[0]
    assert f'<a href="{focus_url(map_, debate["central"].pk)}">Phones should be banned.</a>' in path
    assert '<span aria-current="page">They distract.</span>' in path
    assert "Parents need to call." not in path
    deeper = site.get(focus_url(map_, Claim.objects.get(text="Emergencies happen.").pk))
    path = deeper.content.decode().split('aria-label="Path from the central claim"')[1]
    assert path.index("Phones should be banned.") < path.index("Parents need to call.")
    assert path.index("Parents need to call.") < path.index("Emergencies happen.")


def test_the_overview_data_is_the_map_as_nested_claims(site, map_, debate):
    html = site.get(focus_url(map_, debate["distract"].pk)).content.decode()
    data = json.loads(html.split('id="overview-data" type="application/json">')[1].split("<")[0])
    assert data["current"] == debate["distract"].pk
    assert data["evaluated"] is False
    [central] = data["children"]
    assert central["kind"] == "central" and central["name"] == "Phones should be banned."
    kinds = [(child["name"], child["kind"]) for child in central["children"]]
    assert kinds == [
        ("They distract.", "reason"),
        ("Attention is scarce.", "reason"),
        ("Distraction is not harm.", "undercut"),
        ("Parents need to call.", "objection"),
    ]
    under_parents = central["children"][3]["children"]
    assert [(c["name"], c["kind"], c.get("repeated", False)) for c in under_parents] == [
        ("Emergencies happen.", "reason", False),
        ("They distract.", "objection", True),  # expanded nearer the centre
    ]


def test_with_evaluate_on_the_overview_and_cards_carry_labels(site, map_, debate):
    site.post(reverse("maps:evaluate", args=[map_.slug]), {"mode": "everyone"})
    html = site.get(focus_url(map_, debate["central"].pk)).content.decode()
    data = json.loads(html.split('id="overview-data" type="application/json">')[1].split("<")[0])
    assert data["evaluated"] is True
    assert {c["label"] for c in data["children"][0]["children"]} <= {"IN", "OUT", "UNDEC"}
    assert 'class="eval-label">' in html and "Evaluate is on" in html


def test_the_workspace_links_to_the_focus_view_and_back(site, map_, debate):
    central = debate["central"]
    detail = site.get(reverse("maps:claim", args=[map_.slug, central.pk])).content.decode()
    assert f'href="{focus_url(map_, central.pk)}">Open as focus</a>' in detail
    assert f'href="{focus_url(map_, central.pk)}">Focus and overview</a>' in detail
    focus = site.get(focus_url(map_, central.pk)).content.decode()
    back = reverse("maps:claim", args=[map_.slug, central.pk])
    assert f'href="{back}">Open in the workspace</a>' in focus


def test_a_deleted_or_unknown_claim_is_a_plain_404(site, map_, debate):
    services.delete_claim(claim=debate["parents"])
    for pk in (debate["parents"].pk, 987654):
        response = site.get(focus_url(map_, pk))
        assert response.status_code == 404
        assert "This claim is not in the map" in response.content.decode()
    other = MapFactory()
    assert site.get(focus_url(other, debate["central"].pk)).status_code == 404


def test_a_private_map_is_hidden_from_outsiders_and_read_only_for_viewers(client, map_, debate):
    url = focus_url(map_, debate["central"].pk)
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(UserFactory(username="outsider"))
    assert client.get(url).status_code == 404
    client.force_login(member_of(map_, "viewer"))
    html = client.get(url).content.decode()
    assert "Phones should be banned." in html and "You can read this map" in html
    assert "<form" not in html.split('id="main"')[1].split("</main>")[0]


def test_guests_read_a_public_map(client, user):
    public = services.create_map(title="Open", created_by=user, visibility="public")
    claim = services.add_claim(map=public, text="Open claim.", author=user)
    response = client.get(focus_url(public, claim.pk))
    assert response.status_code == 200 and "Open claim." in response.content.decode()


@pytest.mark.parametrize("size", [20, 200])
def test_the_page_reads_a_fixed_number_of_queries_as_the_map_grows(
    site, map_, user, size, django_assert_max_num_queries
):
    build_tree(map_, size)
    claims = list(Claim.objects.filter(map=map_).order_by("pk"))
    # More cards as the map grows: the central claim gets a tenth of the map as reasons, each
    # with a note.
    for i in range(size // 10):
        reason = services.add_support(conclusion=claims[0], premises=[f"R{i}"], author=user)
        services.annotate(target=reason.premises.get(), author=user, body="A note")
    for focused in (claims[0], claims[4]):
        with django_assert_max_num_queries(8):
            response = site.get(focus_url(map_, focused.pk))
        assert response.status_code == 200
    html = site.get(focus_url(map_, claims[0].pk)).content.decode()
    assert html.count('class="focus-card"') == 3 + size // 10
    assert html.count("0 objections · 1 note") == size // 10


def test_path_to_ends_on_a_map_that_is_all_cycle():
    from argmap.graph import ArgumentGraph, ArgumentNode, ClaimNode

    # a ← b ← c ← a: every claim is a premise; the walk enters the cycle at the earliest claim.
    graph = ArgumentGraph(
        claims={i: ClaimNode(id=i, text=str(i)) for i in (1, 2, 3)},
        arguments={
            10: ArgumentNode(id=10, kind="support", premise_ids=[2], conclusion_id=1),
            11: ArgumentNode(id=11, kind="support", premise_ids=[3], conclusion_id=2),
            12: ArgumentNode(id=12, kind="attack", premise_ids=[1], conclusion_id=3),
            13: ArgumentNode(id=13, kind="attack", premise_ids=[3], target_id=10),  # undercut
        },
    )
    assert graph.path_to(1) == [1]
    assert graph.path_to(3) == [1, 3]  # through the undercut of 2 → 1: shorter than via 2
    assert graph.path_to(2) == [1, 2]
    assert graph.path_to(99) == []
