"""Deletion is an action: every row it touches is recorded and marked with it; restoring undoes it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from argmap.maps import services
from argmap.maps.models import Argument, Change, Claim

from .factories import api_as


@pytest.fixture
def scene(map_, user):
    """Claim P is the conclusion of A1 and the only premise of A3 (which argues for Q)."""
    p = services.add_claim(map=map_, text="Phones distract pupils.", author=user)
    a1 = services.add_support(conclusion=p, premises=["Studies show it."], author=user)
    q = services.add_claim(map=map_, text="Schools should ban phones.", author=user)
    a3 = services.add_support(conclusion=q, premises=[p], author=user)
    return p, a1, q, a3


def live(obj):
    return type(obj).objects.get(pk=obj.pk).deleted_at is None


def test_every_row_a_deletion_touches_has_its_own_change_and_the_action(scene, user):
    p, a1, q, a3 = scene
    services.delete_claim(claim=p, actor=user)
    changes = Change.objects.filter(operation__endswith=".delete")
    assert sorted((c.object_type, c.object_id) for c in changes) == sorted(
        [("claim", p.pk), ("argument", a1.pk), ("argument", a3.pk)]
    )
    (action,) = {c.action for c in changes}
    for obj in (p, a1, a3):
        obj.refresh_from_db()
        assert obj.deleted_by == action
    assert live(q)


def test_restoring_an_argument_brings_back_its_whole_deletion_and_the_api_agrees(map_, user, scene):
    p, a1, _q, a3 = scene
    api = api_as(user)
    assert api.delete(f"/api/claims/{p.pk}/").status_code == 204
    assert api.delete(f"/api/claims/{p.pk}/").status_code in (400, 404)
    assert api.post(f"/api/arguments/{a3.pk}/restore/").status_code == 200
    assert live(p) and live(a1) and live(a3)
    listed = api.get("/api/arguments/", {"map": map_.slug}).json()["results"]
    assert sorted(a["id"] for a in listed) == sorted([a1.pk, a3.pk])
    live_claims = {c["id"] for c in api.get("/api/claims/", {"map": map_.slug}).json()["results"]}
    for argument in listed:  # nothing listed as live stands on a deleted claim
        assert argument["conclusion"] in live_claims
        assert set(argument["premises"]) <= live_claims and argument["premises"]


def test_a_restore_that_would_leave_an_argument_on_a_deleted_claim_is_refused_whole(
    map_, user, scene
):
    p, a1, q, a3 = scene
    services.delete_claim(claim=p, actor=user)
    services.delete_claim(claim=q, actor=user)  # A3's conclusion, deleted separately
    api = api_as(user)
    refused = api.post(f"/api/claims/{p.pk}/restore/")
    assert refused.status_code == 400
    assert "restore that first" in refused.json()["non_field_errors"][0]
    assert not live(p) and not live(a1) and not live(a3)  # nothing half-restored
    assert api.post(f"/api/claims/{q.pk}/restore/").status_code == 200
    assert api.post(f"/api/claims/{p.pk}/restore/").status_code == 200
    assert live(p) and live(a1) and live(a3) and live(q)


def test_undo_of_a_deletion_and_restore_are_one_path(map_, user, scene):
    p, a1, _q, a3 = scene
    services.delete_claim(claim=p, actor=user)
    services.undo_last(map=map_, actor=user)
    assert live(p) and live(a1) and live(a3)
    with pytest.raises(ValidationError, match="not deleted"):
        services.restore_claim(claim=p, actor=user)
    restores = Change.objects.filter(operation__endswith=".restore", is_undo=True)
    assert restores.count() == 3


def test_recently_deleted_lists_deleting_actions_with_one_restore_each(client, map_, user, scene):
    p, a1, _q, a3 = scene
    services.delete_argument(argument=a1, actor=user)
    services.delete_claim(claim=p, actor=user)  # takes A3 along (A1 was gone already)
    client.force_login(user)
    page = client.get(reverse("maps:deleted", args=[map_.slug])).content.decode()
    assert page.count(">Restore</button>") == 2
    assert "deleted a claim “Phones distract pupils.”, with 1 argument" in page
    assert "deleted an argument" in page
    action = Claim.objects.get(pk=p.pk).deleted_by
    restore = reverse("maps:action-restore", args=[map_.slug, action])
    assert client.post(restore).status_code == 302
    assert live(p) and live(a3) and not live(a1)  # the other deletion stands
    page = client.get(reverse("maps:deleted", args=[map_.slug])).content.decode()
    assert page.count(">Restore</button>") == 1
    again = client.post(restore)
    assert again.status_code == 422 and "undone already" in again.content.decode()


def test_deleting_the_last_live_co_premise_takes_the_argument_along_once(map_, user):
    conclusion = services.add_claim(map=map_, text="C", author=user)
    reason = services.add_support(conclusion=conclusion, premises=["p1", "p2"], author=user)
    services.delete_claim(claim=Claim.objects.get(text="p1"), actor=user)
    assert live(reason)
    services.delete_claim(claim=Claim.objects.get(text="p2"), actor=user)
    reason.refresh_from_db()
    assert reason.deleted_by == Claim.objects.get(text="p2").deleted_by
    services.restore_argument(argument=reason, actor=user)  # with p2, its live premise again
    assert live(reason) and live(Claim.objects.get(text="p2"))
    assert Argument.objects.filter(deleted_at__isnull=True).count() == 1


def test_undo_names_what_the_user_deleted_not_what_it_took_along(client, map_, user, scene):
    p, _a1, _q, _a3 = scene
    services.delete_claim(claim=p, actor=user)
    client.force_login(user)
    page = client.get(reverse("maps:history", args=[map_.slug])).content.decode()
    assert (
        "Undo my last change (deleted the claim “Phones distract pupils.” and 2 below it)" in page
    )
