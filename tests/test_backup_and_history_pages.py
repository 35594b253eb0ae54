"""The history pages (backup and restore: test_backup.py)."""

import pytest
from django.urls import reverse

from argmap.maps import services
from argmap.maps.models import Change, Claim
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def edited(map_, user):
    claim = services.add_claim(map=map_, text="Phones distract pupils in class", author=user)
    services.update_claim(
        claim=claim, version=1, text="Phones distract most pupils in lessons", actor=user
    )
    return claim


def test_the_map_history_lists_changes_and_filters(client, map_, user, other_user, edited):
    services.invite_member(map=map_, identifier="student", role="editor", actor=user)
    services.annotate(target=edited, author=other_user, body="Which study?", kind="question")
    client.force_login(user)
    html = client.get(reverse("maps:history", args=[map_.slug])).content.decode()
    edit = "edited the claim “Phones distract most pupils in lessons”"
    question = "added the question “Which study?”"
    assert edit in html and question in html and "Undo my last change (edited a claim)" in html
    mine = client.get(
        reverse("maps:history", args=[map_.slug]), {"person": "student"}, **HTMX
    ).content.decode()
    assert question in mine and edit not in mine and "<html" not in mine
    about = client.get(
        reverse("maps:history", args=[map_.slug]), {"claim": edited.pk}
    ).content.decode()
    assert edit in about and "added student" not in about


def test_claim_versions_show_word_differences_and_restore(client, map_, user, edited):
    client.force_login(user)
    html = client.get(reverse("maps:claim-history", args=[map_.slug, edited.pk])).content.decode()
    assert (
        "<ins> most</ins>" in html and "<del>class</del>" in html and "<ins>lessons</ins>" in html
    )
    first = Change.objects.get(object_id=edited.pk, operation="claim.create")
    client.post(
        reverse("maps:claim-restore-version", args=[map_.slug, edited.pk, first.pk]),
        {"version": edited.version},
    )
    edited.refresh_from_db()
    assert (edited.text, edited.version) == ("Phones distract pupils in class", 3)


def test_undo_from_the_page_and_the_recently_deleted_list(client, map_, user, edited):
    client.force_login(user)
    services.delete_claim(claim=edited, actor=user)
    page = client.get(reverse("maps:deleted", args=[map_.slug])).content.decode()
    assert "Phones distract most pupils in lessons" in page
    response = client.post(reverse("maps:undo", args=[map_.slug]), **HTMX)
    # The workspace's toolbar asks with htmx: the answer is the changed pieces, not a reload.
    assert response.status_code == 200 and "HX-Refresh" not in response
    assert 'id="undo-toolbar" class="undo-toolbar"' in response.content.decode()
    assert Claim.objects.get(pk=edited.pk).deleted_at is None
    client.post(reverse("maps:undo", args=[map_.slug]))
    client.post(reverse("maps:undo", args=[map_.slug]))
    refused = client.post(reverse("maps:undo", args=[map_.slug]))
    assert refused.status_code == 422 and "nothing of yours to undo" in refused.content.decode()


def test_an_edit_conflict_shows_both_texts(client, map_, user, edited):
    client.force_login(user)
    response = client.post(
        reverse("maps:claim-edit", args=[map_.slug, edited.pk]),
        {"text": "My own wording", "version": 1},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Your text" in html and "My own wording" in html
    assert "Now in the map" in html and "Phones distract most pupils in lessons" in html
    assert 'name="version" value="2"' in html


def test_history_paging_keeps_the_filters_encoded(client, map_, user):
    coach = UserFactory(username="sam+coach")
    services.invite_member(map=map_, identifier=coach.username, role="editor", actor=user)
    claim = services.add_claim(map=map_, text="Phones distract.", author=coach)
    for n in range(55):  # more than a page of one person's edits
        services.update_claim(claim=claim, version=claim.version, text=f"Edit {n}", actor=coach)
    client.force_login(user)
    html = client.get(
        reverse("maps:history", args=[map_.slug]), {"person": "sam+coach", "claim": claim.pk}
    ).content.decode()
    assert f'href="?page=2&amp;person=sam%2Bcoach&amp;claim={claim.pk}"' in html
