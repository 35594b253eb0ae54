"""The arguments API: reasons, objections, undercuts, co-premises, moving, deleting, restoring."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from argmap.maps import services
from argmap.maps.models import Argument, Claim, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_login(user)  # the owner of map_
    return client


@pytest.fixture
def central(map_, user):
    return services.add_claim(map=map_, text="Ban phones", author=user)


def post(api, map_, **body):
    return api.post("/api/arguments/", {"map": map_.slug, **body}, format="json")


def test_a_reason_with_a_new_and_an_existing_premise(api, map_, user, central):
    existing = services.add_claim(map=map_, text="Exams matter", author=user)
    response = post(
        api,
        map_,
        kind="support",
        conclusion=central.pk,
        premises=[{"text": "Phones distract"}, existing.pk],
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    new = Claim.objects.get(text="Phones distract")
    assert data["kind"] == "support" and data["conclusion"] == central.pk and data["target"] is None
    assert data["premises"] == [new.pk, existing.pk] and data["author"] == "coach"
    assert response["ETag"] == '"1"'


def test_an_objection_and_an_undercut(api, map_, user, central):
    objection = post(api, map_, kind="attack", conclusion=central.pk, premises=[{"text": "Safety"}])
    assert objection.status_code == 201
    undercut = post(
        api, map_, kind="attack", target=objection.json()["id"], premises=[{"text": "Irrelevant"}]
    )
    assert undercut.status_code == 201
    assert (
        undercut.json()["target"] == objection.json()["id"]
        and undercut.json()["conclusion"] is None
    )
    listed = api.get("/api/arguments/", {"map": map_.slug, "kind": "undercut"}).json()["results"]
    assert [a["id"] for a in listed] == [undercut.json()["id"]]


def test_arguments_are_refused_with_a_message_per_field(api, map_, user, central, public_map):
    elsewhere = services.add_claim(map=public_map, text="Elsewhere", author=None)
    reason = services.add_support(conclusion=central, premises=["P"], author=user)
    cases = [
        ({"kind": "support", "premises": [{"text": "P"}]}, "non_field_errors"),
        ({"kind": "support", "conclusion": central.pk, "premises": []}, "premises"),
        ({"kind": "support", "conclusion": central.pk, "premises": [elsewhere.pk]}, "premises"),
        ({"kind": "support", "conclusion": central.pk, "premises": [central.pk]}, "premises"),
        ({"kind": "support", "conclusion": central.pk, "premises": ["P"]}, "premises"),
        ({"kind": "support", "target": reason.pk, "premises": [{"text": "U"}]}, "target"),
        ({"kind": "attack", "conclusion": elsewhere.pk, "premises": [{"text": "O"}]}, "conclusion"),
        (
            {
                "kind": "attack",
                "conclusion": central.pk,
                "premises": [{"text": "O"}],
                "scheme": "x",
            },
            "scheme",
        ),
    ]
    for body, field in cases:
        response = post(api, map_, **body)
        assert response.status_code == 400 and field in response.json(), (body, response.json())
    assert Argument.objects.count() == 1


def test_commenters_may_not_add_arguments(map_, central):
    commenter, user = APIClient(), UserFactory(username="commenter")
    Membership.objects.create(map=map_, user=user, role="commenter")
    commenter.force_login(user)
    response = post(
        commenter, map_, kind="support", conclusion=central.pk, premises=[{"text": "P"}]
    )
    assert response.status_code == 403 and not Argument.objects.exists()


def test_the_list_filters_and_keeps_its_query_count(api, map_, user, central):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/arguments/", {"map": map_.slug}).status_code == 200
        return len(ctx.captured_queries)

    reason = services.add_support(conclusion=central, premises=["P1", "P2"], author=user)
    few = queries()
    for i in range(30):
        services.add_rebuttal(claim=central, premises=[f"O{i}"], author=user)
    assert queries() == few
    p1 = Claim.objects.get(text="P1")
    assert [a["id"] for a in api.get("/api/arguments/", {"premise": p1.pk}).json()["results"]] == [
        reason.pk
    ]
    supports = api.get("/api/arguments/", {"kind": "support", "conclusion": central.pk}).json()
    assert supports["count"] == 1
    assert api.get("/api/arguments/", {"kind": "rebuttal"}).status_code == 400


def test_moving_an_argument_needs_the_version_seen(api, map_, user, central):
    other = services.add_claim(map=map_, text="Ban tablets", author=user)
    reason = services.add_support(conclusion=central, premises=["P"], author=user)
    url = f"/api/arguments/{reason.pk}/"
    assert api.patch(url, {"conclusion": other.pk}, format="json").status_code == 428
    response = api.patch(url, {"conclusion": other.pk}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response.json()["conclusion"] == other.pk
    stale = api.patch(url, {"conclusion": central.pk, "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["conclusion"] == other.pk
    stale = api.patch(url, {"conclusion": central.pk}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    premise = Claim.objects.get(text="P")
    refused = api.patch(url, {"conclusion": premise.pk, "version": 2}, format="json")
    assert refused.status_code == 400 and "conclusion" in refused.json()


def test_co_premises_are_added_and_removed_with_the_version_seen(api, map_, user, central):
    reason = services.add_support(conclusion=central, premises=["P1"], author=user)
    p1 = Claim.objects.get(text="P1")
    url = f"/api/arguments/{reason.pk}/premises/"
    response = api.post(url, {"text": "P2", "version": 1}, format="json")
    assert response.status_code == 201 and response["ETag"] == '"2"'
    p2 = Claim.objects.get(text="P2")
    assert response.json()["premises"] == [p1.pk, p2.pk]
    assert api.post(url, {"claim": p1.pk, "version": 2}, format="json").json() == {
        "premises": ["This claim is already a premise of the argument."]
    }
    p3 = services.add_claim(map=map_, text="P3", author=user)
    stale = api.post(url, {"claim": p3.pk, "version": 1}, format="json")
    assert stale.status_code == 409 and len(stale.json()["current"]["premises"]) == 2
    assert api.delete(f"{url}{p1.pk}/").status_code == 428
    assert api.delete(f"{url}{p1.pk}/?version=1").status_code == 409
    assert api.delete(f"{url}{p1.pk}/", HTTP_IF_MATCH='"1"').status_code == 412
    response = api.delete(f"{url}{p1.pk}/", HTTP_IF_MATCH='"2"')
    assert response.status_code == 200 and response.json()["premises"] == [p2.pk]
    last = api.delete(f"{url}{p2.pk}/", HTTP_IF_MATCH='"3"')
    assert last.status_code == 400 and "delete the argument instead" in last.json()["premises"][0]


def test_deleting_and_restoring_an_argument_with_its_undercuts(api, map_, user, central):
    objection = services.add_rebuttal(claim=central, premises=["O"], author=user)
    undercut = services.add_undercut(argument=objection, premises=["U"], author=user)
    assert api.delete(f"/api/arguments/{objection.pk}/").status_code == 204
    assert api.get(f"/api/arguments/{undercut.pk}/").status_code == 404
    assert api.get("/api/arguments/", {"map": map_.slug}).json()["count"] == 0
    response = api.post(f"/api/arguments/{objection.pk}/restore/")
    assert response.status_code == 200
    assert api.get(f"/api/arguments/{undercut.pk}/").status_code == 200
    assert api.post(f"/api/arguments/{objection.pk}/restore/").status_code == 400


def test_arguments_of_private_maps_are_hidden(map_, user, central):
    reason = services.add_support(conclusion=central, premises=["P"], author=user)
    stranger = APIClient()
    stranger.force_login(UserFactory(username="stranger"))
    assert stranger.get(f"/api/arguments/{reason.pk}/").status_code == 404
    assert stranger.delete(f"/api/arguments/{reason.pk}/").status_code == 404
    assert stranger.get("/api/arguments/").json()["count"] == 0
