"""Presence: who has a map open now (one row per open event stream, in PostgreSQL), and a soft
"Sam is editing" mark while someone has a claim's edit form open."""

from __future__ import annotations

import queue
import re
import time
import uuid
from datetime import timedelta

import psycopg
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from argmap.maps import presence, services
from argmap.maps.events import rosters
from argmap.maps.listening import listener_params
from argmap.maps.models import Presence
from argmap.maps.presence import SHOWN, keep, present, roster, set_editing
from tests.factories import UserFactory
from tests.test_events import (  # noqa: F401  (app_server, server: the app under uvicorn)
    Viewer,
    app_server,
    server,
    session_of,
    uvicorn_on,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(user):
    user.first_name, user.last_name = "Sam", "Jones"
    user.save()
    return user


@pytest.fixture
def editor(map_, other_user):
    services.invite_member(map=map_, identifier=other_user.username, role="editor")
    return other_user


def opened(map_, *users) -> list[uuid.UUID]:
    """Streams of ``users`` (None: a guest) on the map, written as a hub writes them."""
    streams = {uuid.uuid4(): (map_.pk, u.pk if u else None) for u in users}
    assert keep(joined=streams, left={}, sweep=False) == {map_.pk}
    return list(streams)


def names(here) -> list[str]:
    return [p.name for p in here.people]


# The rows and what they say


def test_open_streams_are_present_each_person_once_and_guests_counted(map_, sam, editor):
    opened(map_, sam, sam, editor, None, None)  # Sam has two tabs open
    here = present([map_.pk])[map_.pk]
    assert names(here) == ["Sam Jones", "student"] and here.guests == 2
    assert [p.initials for p in here.people] == ["SJ", "ST"]


def test_a_stream_that_ends_is_gone_and_its_map_announced(map_, sam, editor):
    mine, theirs = opened(map_, sam, editor)
    assert keep(joined={}, left={mine: map_.pk}, sweep=False) == {map_.pk}
    assert names(present([map_.pk])[map_.pk]) == ["student"]
    assert list(Presence.objects.values_list("stream", flat=True)) == [theirs]


def test_a_stale_row_is_ignored_swept_and_a_refresh_brings_a_live_one_back(map_, sam, editor):
    dead, alive = opened(map_, sam, editor)
    # The server of Sam's stream died a minute ago: its row was not refreshed since.
    Presence.objects.filter(pk=dead).update(seen_at=timezone.now() - timedelta(seconds=60))
    assert names(present([map_.pk])[map_.pk]) == ["student"]  # ignored at once
    assert keep(joined={}, left={}, sweep=True) == {map_.pk}  # any live server sweeps it
    assert list(Presence.objects.values_list("stream", flat=True)) == [alive]
    # A refresh of a row that is there announces nothing; of one swept (its server was thought
    # dead), writes it back and announces it.
    assert keep(joined={alive: (map_.pk, editor.pk)}, left={}, sweep=True) == set()
    assert keep(joined={dead: (map_.pk, sam.pk)}, left={}, sweep=False) == {map_.pk}
    assert names(present([map_.pk])[map_.pk]) == ["Sam Jones", "student"]


def test_a_stream_whose_user_or_map_was_deleted_meanwhile_does_not_stop_the_others(map_, editor):
    gone = UserFactory(username="gone")
    streams = {uuid.uuid4(): (map_.pk, gone.pk), uuid.uuid4(): (map_.pk, editor.pk)}
    streams[uuid.uuid4()] = (map_.pk + 1000, None)  # a map deleted as its viewer came
    gone.delete()
    assert keep(joined=streams, left={}, sweep=False) == {map_.pk}
    assert names(present([map_.pk])[map_.pk]) == ["student"]


def test_editing_is_set_and_cleared_only_on_the_users_own_open_stream(map_, central, sam, editor):
    mine, theirs = opened(map_, sam, editor)
    assert set_editing(stream=mine, map=map_, user=sam, claim=central)
    assert not set_editing(stream=theirs, map=map_, user=sam, claim=central)  # not Sam's
    assert not set_editing(stream=uuid.uuid4(), map=map_, user=sam, claim=central)  # ended
    assert dict(Presence.objects.values_list("stream", "editing")) == {
        mine: central.pk,
        theirs: None,
    }
    assert set_editing(stream=mine, map=map_, user=sam, claim=None)
    assert Presence.objects.get(pk=mine).editing is None


def test_the_roster_leaves_out_the_viewer_and_marks_what_others_edit(map_, central, sam, editor):
    mine, _, _ = opened(map_, sam, editor, None)
    set_editing(stream=mine, map=map_, user=sam, claim=central)
    here = present([map_.pk])[map_.pk]
    for_student = roster(here, editor.pk)
    assert "Sam Jones (editing)" in for_student and "student" not in for_student
    assert f'<li data-claim="{central.pk}">Sam Jones is editing</li>' in for_student
    assert "1 guest<" in for_student
    for_sam = roster(here, sam.pk)
    assert "student" in for_sam and "Sam Jones" not in for_sam and "data-claim" not in for_sam
    for_guest = roster(here, None)  # a guest does not count itself
    assert "guest" not in for_guest and "Sam Jones" in for_guest
    assert "\n" not in for_guest  # one line: one data line of the event


def test_a_crowd_is_shown_as_initials_and_the_rest_counted(map_, user):
    crowd = [UserFactory(username=f"pupil{n:02}") for n in range(SHOWN + 3)]
    opened(map_, *crowd)
    shown = roster(present([map_.pk])[map_.pk], user.pk)
    assert len(re.findall(r'class="initials"', shown)) == SHOWN
    assert "and 3 more" in shown and 'title="pupil06, pupil07, pupil08"' in shown
    # A crowd: the others are counted, not named; most viewers share one rendering.
    opened(map_, *[UserFactory(username=f"pupil{n:02}") for n in range(SHOWN + 3, 30)])
    here, rendered = present([map_.pk])[map_.pk], {}
    rosters = [roster(here, p.user_id, rendered) for p in here.people]
    assert "and 23 more</li>" in rosters[-1] and "pupil29" not in rosters[-1]
    assert len(rendered) == SHOWN + 1


def test_presence_is_announced_on_commit_only(transactional_db, map_, sam):
    with psycopg.connect(**listener_params(), autocommit=True) as db:
        db.execute(f"LISTEN {presence.CHANNEL}")
        with pytest.raises(RuntimeError), transaction.atomic():
            opened(map_, sam)
            raise RuntimeError("rolled back")
        (stream,) = opened(map_, sam)
        set_editing(stream=stream, map=map_, user=sam, claim=None)  # no change: no word
        notes = [n.payload for n in db.notifies(timeout=1)]
    assert notes == [str(map_.pk)]


# The endpoint the page tells what it edits


def post(client: Client, map_, **data):
    return client.post(f"/maps/{map_.slug}/presence/", data)


def test_the_page_of_an_editor_tells_which_claim_it_edits(map_, central, sam, editor):
    (stream,) = opened(map_, editor)
    client = Client()
    client.force_login(editor)
    answer = post(client, map_, stream=stream, editing=central.pk)
    assert answer.status_code == 204
    assert Presence.objects.get(pk=stream).editing == central
    assert post(client, map_, stream=stream, editing="").status_code == 204
    assert Presence.objects.get(pk=stream).editing is None
    # A stream that ended (or someone else's): the page says it again on its next stream.
    (sams,) = opened(map_, sam)
    assert post(client, map_, stream=sams, editing=central.pk).status_code == 410
    assert post(client, map_, stream=uuid.uuid4(), editing=central.pk).status_code == 410
    assert Presence.objects.get(pk=sams).editing is None
    assert client.get(f"/maps/{map_.slug}/presence/").status_code == 405


def test_bad_input_is_a_4xx_naming_what_is_wrong(map_, central, editor):
    (stream,) = opened(map_, editor)
    client = Client()
    client.force_login(editor)
    for data, field in [
        ({"stream": stream, "editing": "abc"}, "editing"),
        ({"stream": stream, "editing": "-3"}, "editing"),
        ({"stream": "not-a-stream", "editing": ""}, "stream"),
        ({"editing": central.pk}, "stream"),
    ]:
        answer = post(client, map_, **data)
        assert answer.status_code == 400 and field in answer.content.decode()
    elsewhere = services.create_map(title="Elsewhere", created_by=editor)
    theirs = services.add_claim(map=elsewhere, text="Not in this map.", author=editor)
    assert post(client, map_, stream=stream, editing=theirs.pk).status_code == 404
    services.delete_claim(claim=central)
    assert post(client, map_, stream=stream, editing=central.pk).status_code == 404
    assert Presence.objects.get(pk=stream).editing is None


def test_only_those_who_may_edit_the_map_say_they_edit(map_, central, public_map):
    viewer = UserFactory(username="reader")
    services.invite_member(map=map_, identifier="reader", role="viewer")
    data = {"stream": uuid.uuid4(), "editing": central.pk}
    assert post(Client(), map_, **data).status_code == 404  # private: hidden
    client = Client()
    client.force_login(viewer)
    assert post(client, map_, **data).status_code == 403
    stranger = Client()
    stranger.force_login(UserFactory(username="stranger"))
    assert post(stranger, map_, **data).status_code == 404
    assert post(Client(), public_map, stream=uuid.uuid4(), editing="").status_code == 403


# Through the app under uvicorn: what each viewer's stream says


def presence_until(viewer: Viewer, wanted, what: str, timeout: float = 5) -> str:
    """The first presence event of ``viewer`` for which ``wanted(html)`` holds."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            html = viewer.presence.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            break
        seen.append(html)
        if wanted(html):
            return html
    raise AssertionError(f"no presence event where {what}; got {seen}")


def stream_key(html: str) -> uuid.UUID:
    return uuid.UUID(re.search(r'data-stream="([^"]+)"', html).group(1))


def test_two_people_see_each_other_and_what_the_other_edits(
    transactional_db,
    server,  # noqa: F811
    map_,
    central,
    sam,
    editor,
):
    a = Viewer(server, map_.slug, session_of(sam))
    b = Viewer(server, map_.slug, session_of(editor))
    to_a = presence_until(a, lambda h: "student" in h, "Sam sees the student")
    assert "Sam Jones" not in to_a  # not oneself
    presence_until(b, lambda h: "Sam Jones" in h, "the student sees Sam")

    # Sam opens the claim's edit form: the page tells the server with its stream's key.
    assert set_editing(stream=stream_key(to_a), map=map_, user=sam, claim=central)
    mark = f'<li data-claim="{central.pk}">Sam Jones is editing</li>'
    presence_until(b, lambda h: mark in h, "the student sees Sam editing")
    assert set_editing(stream=stream_key(to_a), map=map_, user=sam, claim=None)  # cancelled
    presence_until(b, lambda h: "Sam Jones" in h and "data-claim" not in h, "the mark is gone")

    a.close()  # Sam closes the tab
    presence_until(b, lambda h: "Sam Jones" not in h, "Sam has gone")
    assert Presence.objects.filter(user=sam).count() == 0
    b.close()


def test_people_on_two_app_servers_see_each_other(transactional_db, map_, sam, editor):
    """Nothing lives in one process: each server's hub writes and hears through PostgreSQL."""
    database = dict(connection.settings_dict)
    with uvicorn_on(database) as (one, _), uvicorn_on(database) as (two, _):
        a = Viewer(one, map_.slug, session_of(sam))
        b = Viewer(two, map_.slug, session_of(editor))
        presence_until(a, lambda h: "student" in h, "Sam, on one server, sees the student")
        presence_until(b, lambda h: "Sam Jones" in h, "the student, on the other, sees Sam")
        a.close()
        presence_until(b, lambda h: "Sam Jones" not in h, "Sam has gone")
        b.close()


def test_a_viewer_who_may_no_longer_read_the_map_is_shown_nothing(map_, sam, editor):
    opened(map_, sam, editor)
    removed = UserFactory(username="removed")  # not (or no longer) a member of the private map
    shown = rosters({map_.pk: [sam, removed, AnonymousUser(), editor, sam]})[map_.pk]
    assert [html is not None for html in shown] == [True, False, False, True, True]
    assert "student" in shown[0] and shown[0] == shown[4] and "Sam Jones" in shown[3]
