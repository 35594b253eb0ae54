"""Undo and redo of every action, the toolbar's words for them, and the answers of the pages."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from argmap.maps import services
from argmap.maps.models import Argument, Change, Claim
from argmap.maps.quick_entry import parse
from argmap.maps.services import UndoState, history
from tests.factories import UserFactory, api_as, member_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def live_texts(map_):
    return sorted(
        Claim.objects.filter(map=map_, deleted_at__isnull=True).values_list("text", flat=True)
    )


def live_arguments(map_):
    return Argument.objects.filter(map=map_, deleted_at__isnull=True).count()


def labels(map_, user):
    state = services.undo_state(map=map_, actor=user)
    return state.undo, state.redo


def round_trip(map_, user):
    """Undo, then redo: what the map held after the action, before the undo and after the redo."""
    done = (live_texts(map_), live_arguments(map_))
    services.undo_last(map=map_, actor=user)
    undone = (live_texts(map_), live_arguments(map_))
    services.redo_last(map=map_, actor=user)
    assert (live_texts(map_), live_arguments(map_)) == done
    return undone


def test_undo_then_redo_a_reason(map_, central, user):
    services.add_support(conclusion=central, premises=["They distract."], author=user)
    assert labels(map_, user) == ("added a reason", None)
    services.undo_last(map=map_, actor=user)
    assert labels(map_, user) == ("added a claim", "added a reason")
    assert live_texts(map_) == ["Phones should be banned."]
    services.redo_last(map=map_, actor=user)
    assert live_texts(map_) == ["Phones should be banned.", "They distract."]
    assert live_arguments(map_) == 1
    assert labels(map_, user) == ("added a reason", None)  # and it can be undone again
    services.undo_last(map=map_, actor=user)
    assert live_arguments(map_) == 0


def test_undo_then_redo_an_edit(map_, central, user):
    services.update_claim(claim=central, version=1, text="Phones must go.", actor=user)
    assert labels(map_, user)[0] == "edited a claim"
    services.undo_last(map=map_, actor=user)
    central.refresh_from_db()
    assert central.text == "Phones should be banned."
    assert labels(map_, user)[1] == "edited a claim"
    services.redo_last(map=map_, actor=user)
    central.refresh_from_db()
    assert central.text == "Phones must go."


def test_undo_then_redo_a_deletion_with_what_it_took_along(map_, central, user):
    premise = services.add_claim(
        map=map_, text="Exams measure little of what pupils learn.", author=user
    )
    services.add_support(conclusion=premise, premises=["A"], author=user)
    services.add_rebuttal(claim=premise, premises=["B"], author=user)
    services.delete_claim(claim=premise, actor=user)
    assert (
        labels(map_, user)[0] == "deleted the claim “Exams measure little of what…” and 2 below it"
    )
    undone = round_trip(map_, user)
    assert "Exams measure little of what pupils learn." in undone[0] and undone[1] == 2
    assert "Exams measure little of what pupils learn." not in live_texts(map_)
    assert live_arguments(map_) == 0


def test_undo_then_redo_a_move(map_, central, reason, user):
    other = services.add_claim(map=map_, text="Homework should go.", author=user)
    reason.refresh_from_db()
    services.move_argument(argument=reason, version=reason.version, conclusion=other, actor=user)
    assert labels(map_, user)[0] == "moved a reason"
    services.undo_last(map=map_, actor=user)
    reason.refresh_from_db()
    assert reason.conclusion == central and labels(map_, user)[1] == "moved a reason"
    services.redo_last(map=map_, actor=user)
    reason.refresh_from_db()
    assert reason.conclusion == other


def test_undo_then_redo_a_quick_entry(map_, central, user):
    entries = parse("+ A\n  - B\n    + C\n+ D\n", default_kind="support")
    services.add_argument_tree(claim=central, entries=entries, author=user)
    assert labels(map_, user)[0] == "added 3 reasons and an objection"
    undone = round_trip(map_, user)
    assert undone == (["Phones should be banned."], 0)
    assert live_texts(map_) == ["A", "B", "C", "D", "Phones should be banned."]


def test_two_undos_are_redone_last_first(map_, central, user):
    services.update_claim(claim=central, version=1, text="One.", actor=user)
    services.update_claim(claim=central, version=2, text="Two.", actor=user)
    services.undo_last(map=map_, actor=user)
    services.undo_last(map=map_, actor=user)
    central.refresh_from_db()
    assert central.text == "Phones should be banned."
    services.redo_last(map=map_, actor=user)
    central.refresh_from_db()
    assert central.text == "One."
    services.redo_last(map=map_, actor=user)
    central.refresh_from_db()
    assert central.text == "Two."
    with pytest.raises(ValidationError, match="nothing of yours to redo"):
        services.redo_last(map=map_, actor=user)


def test_a_new_action_clears_what_can_be_redone(map_, central, user):
    services.update_claim(claim=central, version=1, text="One.", actor=user)
    services.undo_last(map=map_, actor=user)
    assert labels(map_, user)[1] == "edited a claim"
    services.add_claim(map=map_, text="Something new.", author=user)
    assert labels(map_, user) == ("added a claim", None)
    with pytest.raises(ValidationError, match="nothing of yours to redo"):
        services.redo_last(map=map_, actor=user)


def test_redo_is_refused_when_someone_changed_it_since(map_, central, user, other_user):
    services.update_claim(claim=central, version=1, text="One.", actor=user)
    services.undo_last(map=map_, actor=user)
    central.refresh_from_db()
    services.update_claim(claim=central, version=central.version, text="Theirs.", actor=other_user)
    with pytest.raises(ValidationError, match="Someone changed this since, so it was not redone"):
        services.redo_last(map=map_, actor=user)
    central.refresh_from_db()
    assert central.text == "Theirs."


def test_everyones_undo_and_redo_is_their_own(map_, central, user, other_user):
    services.add_claim(map=map_, text="Theirs.", author=other_user)
    services.undo_last(map=map_, actor=other_user)
    assert labels(map_, user) == ("added a claim", None)  # the central claim, mine
    assert labels(map_, other_user) == (None, "added a claim")
    with pytest.raises(ValidationError, match="nothing of yours to redo"):
        services.redo_last(map=map_, actor=user)


def test_the_labels_cost_one_query_whatever_the_size_of_the_action(map_, central, user):
    entries = parse("".join(f"+ R{i}\n" for i in range(150)), default_kind="support")
    services.add_argument_tree(claim=central, entries=entries, author=user)
    services.update_claim(claim=central, version=1, text="Edited.", actor=user)
    services.undo_last(map=map_, actor=user)
    with CaptureQueriesContext(connection) as queries:
        state = services.undo_state(map=map_, actor=user)
    assert (state.undo, state.redo) == ("added 150 reasons", "edited a claim")
    assert len(queries) == 1  # both actions' changes, found by their heads


def test_after_a_write_of_ones_own_the_labels_cost_no_query(map_, central, user):
    """A write's answer names what it just did: a new action ends what can be redone."""
    services.update_claim(claim=central, version=1, text="Edited.", actor=user)
    services.undo_last(map=map_, actor=user)
    history.start_request()  # as each request does
    services.add_support(conclusion=central, premises=["One.", "Two."], author=user)
    with CaptureQueriesContext(connection) as queries:
        state = services.undo_state(map=map_, actor=user)
    assert (state.undo, state.redo) == ("added a reason", None)
    assert len(queries) == 0
    assert services.undo_state(map=map_, actor=UserFactory()) == UndoState(None, None)
    history.start_request()  # the next request: read from the change log, the same words
    assert services.undo_state(map=map_, actor=user) == state


def test_an_undercut_is_named(map_, central, reason, user):
    services.add_undercut(argument=reason, premises=["Not always."], author=user)
    assert labels(map_, user)[0] == "added an undercut"


# ---- the pages -------------------------------------------------------------------------------


@pytest.fixture
def editor(client, user):
    client.force_login(user)
    return client


def test_the_workspace_shows_the_toolbar_with_plain_words(editor, map_, central, user):
    html = editor.get(map_.get_absolute_url()).content.decode()
    assert 'id="undo-button"' in html and "Undo: added a claim" in html
    assert 'id="redo-button"' in html and "Nothing to redo" in html


def test_a_reader_sees_no_toolbar(client, map_, central):
    reader = member_of(map_, "viewer")
    client.force_login(reader)
    assert 'id="undo-toolbar"' not in client.get(map_.get_absolute_url()).content.decode()


def test_undo_and_redo_answer_with_fragments_and_the_toolbar_not_a_reload(
    editor, map_, central, user
):
    editor.post(
        reverse("maps:claim-add-argument", args=[map_.slug, central.pk]),
        {"kind": "support", "text": "+ A\n+ B\n+ C"},
        **HTMX,
    )
    undo = editor.post(
        reverse("maps:undo", args=[map_.slug]), {"selected_claim": central.pk}, **HTMX
    )
    html = undo.content.decode()
    assert undo.status_code == 200 and "HX-Refresh" not in undo
    assert f'data-fragment="arguments-of-{central.pk}"' in html  # the outline's piece
    assert f'data-selected-claim="{central.pk}"' in html  # the detail pane, as it is now
    assert "Undone: added 3 reasons." in html
    assert 'id="undo-toolbar" class="undo-toolbar" role="group"' in html
    assert "hx-swap-oob" in html and "Redo: added 3 reasons" in html
    assert live_arguments(map_) == 0

    redo = editor.post(reverse("maps:redo", args=[map_.slug]), **HTMX)
    html = redo.content.decode()
    assert redo.status_code == 200 and "Redone: added 3 reasons." in html
    assert "Undo: added 3 reasons" in html and "Nothing to redo" in html
    assert live_arguments(map_) == 3


def test_every_write_refreshes_the_toolbar(editor, map_, central):
    html = editor.post(
        reverse("maps:claim-edit", args=[map_.slug, central.pk]),
        {"text": "Phones must go.", "version": 1},
        **HTMX,
    ).content.decode()
    assert 'id="undo-toolbar"' in html and "Undo: edited a claim" in html


def test_a_refused_redo_says_why_in_the_detail_pane(editor, map_, central, user, other_user):
    services.update_claim(claim=central, version=1, text="One.", actor=user)
    services.undo_last(map=map_, actor=user)
    central.refresh_from_db()
    services.update_claim(claim=central, version=central.version, text="Theirs.", actor=other_user)
    response = editor.post(
        reverse("maps:redo", args=[map_.slug]), {"selected_claim": central.pk}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 422 and "<html" not in html
    assert "Someone changed this since, so it was not redone" in html
    nothing = editor.post(reverse("maps:redo", args=[map_.slug]))  # without htmx: its page
    assert nothing.status_code == 422 and "<h1>Not redone</h1>" in nothing.content.decode()


def test_a_plain_post_redirects(editor, map_, central):
    services.update_claim(claim=central, version=1, text="One.", actor=central.author)
    assert editor.post(reverse("maps:undo", args=[map_.slug])).status_code == 302
    assert editor.post(reverse("maps:redo", args=[map_.slug])).status_code == 302
    central.refresh_from_db()
    assert central.text == "One."


def test_hostile_selection_is_ignored(editor, map_, central):
    services.update_claim(claim=central, version=1, text="One.", actor=central.author)
    for selected in ("x", "-1", "99999999999999999999", str(central.pk + 1000)):
        response = editor.post(
            reverse("maps:undo", args=[map_.slug]), {"selected_claim": selected}, **HTMX
        )
        assert response.status_code in (200, 422)


def test_redo_through_the_api(map_, central, user):
    api = api_as(user)
    services.update_claim(claim=central, version=1, text="One.", actor=user)
    assert api.post(f"/api/maps/{map_.slug}/undo/").status_code == 200
    redone = api.post(f"/api/maps/{map_.slug}/redo/")
    assert redone.status_code == 200
    central.refresh_from_db()
    assert central.text == "One."
    again = api.post(f"/api/maps/{map_.slug}/redo/")
    assert again.status_code == 400 and "nothing of yours to redo" in str(again.json())
    assert Change.objects.filter(map=map_, original_action__isnull=False).count() == 2
