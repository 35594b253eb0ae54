"""The outline's pieces a change touched, for the other open views of the map (live updates):
as this viewer may see them, in a fixed number of queries, refusing what it cannot read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from argmap.maps import services
from argmap.maps.models import Map
from argmap.maps.views.events import FragmentsQuery
from tests.factories import build_tree

pytestmark = pytest.mark.django_db


def fragments(client, the_map: Map, query: str):
    return client.get(reverse("maps:fragments", args=[the_map.slug]) + "?" + query)


def claims(*ids: int) -> str:
    return "&".join(f"claims={pk}" for pk in ids)


def test_the_pieces_of_the_claims_asked_for_as_a_write_answers_them(site, map_, central, reason):
    premise = reason.premises.get()
    html = fragments(site, map_, claims(central.pk)).content.decode()
    assert html.lstrip().startswith('<div id="fragments" hx-swap-oob="innerHTML" hidden>')
    assert f'data-fragment="claim-{central.pk}"' in html
    assert f'data-fragment="arguments-of-{central.pk}"' in html
    assert "They distract." in html and f'data-claim-id="{premise.pk}"' in html
    assert "2 claims, 1 argument" in html  # the count


def test_a_deleted_claim_is_listed_as_gone_and_its_parent_drawn_without_it(
    site, map_, central, reason, user
):
    premise = reason.premises.get()
    services.delete_claim(claim=premise)
    html = fragments(site, map_, claims(central.pk, premise.pk)).content.decode()
    assert "They distract." not in html
    assert f'data-fragment="arguments-of-{central.pk}"></ul>' in html  # its group, empty now
    services.delete_claim(claim=central)
    html = fragments(site, map_, claims(central.pk)).content.decode()
    assert f'data-not-roots="{central.pk}"' in html and "Phones should be banned." not in html


def test_an_undercut_redraws_the_group_of_the_argument_it_attacks(
    site, map_, central, reason, user
):
    undercut = services.add_undercut(argument=reason, premises=["Only some."], author=user)
    its_premise = undercut.premises.get()
    html = fragments(site, map_, claims(its_premise.pk)).content.decode()  # what its change names
    assert f'data-fragment="arguments-of-{central.pk}"' in html and "Only some." in html


def test_a_viewer_gets_the_pieces_without_any_control_to_change_them(
    client, map_, central, reason, other_user
):
    services.invite_member(map=map_, identifier=other_user.username, role="viewer")
    client.force_login(other_user)
    response = fragments(client, map_, claims(central.pk))
    html = response.content.decode()
    assert response.status_code == 200 and "They distract." in html
    assert "<form" not in html and "/edit/" not in html and "/delete/" not in html


def test_a_private_map_is_a_404_for_whoever_may_not_read_it(client, map_, central, other_user):
    assert fragments(client, map_, claims(central.pk)).status_code == 404  # anonymous
    client.force_login(other_user)
    assert fragments(client, map_, claims(central.pk)).status_code == 404


def test_claims_of_another_map_are_ignored(site, map_, central, user):
    elsewhere = services.create_map(title="Elsewhere", created_by=user)
    secret = services.add_claim(map=elsewhere, text="A claim of another map.", author=user)
    response = fragments(site, map_, claims(central.pk, secret.pk))
    html = response.content.decode()
    assert response.status_code == 200 and "A claim of another map." not in html
    assert str(secret.pk) not in html.replace(f"claim-{central.pk}", "")


@pytest.mark.parametrize(
    "query, problem",
    [
        ("", "claims"),
        ("claims=abc", "claims"),
        ("claims=0", "claims"),
        ("claims=-3", "claims"),
        ("claims=1,2", "claims"),
        ("claims=99999999999999999999999", "claims"),
        (claims(*range(1, 102)), "at most 100"),
    ],
)
def test_malformed_claims_are_a_400_naming_the_parameter(site, map_, central, query, problem):
    response = fragments(site, map_, query)
    assert response.status_code == 400
    assert problem in response.content.decode()


def test_the_query_count_is_the_same_for_one_claim_and_a_hundred_on_a_big_map(site, user):
    the_map = services.create_map(title="Big", created_by=user)
    build_tree(the_map, 300)
    ids = list(the_map.claims.order_by("pk").values_list("pk", flat=True))
    counts = []
    for asked in (ids[:1], ids[:10], ids[:100]):  # each with reasons below
        with CaptureQueriesContext(connection) as ctx:
            response = fragments(site, the_map, claims(*asked))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] == counts[2], counts
    assert "claims" in FragmentsQuery.base_fields  # the parameter the hostile-route test fuzzes
