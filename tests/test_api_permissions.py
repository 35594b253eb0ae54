"""Every API operation, for every role, on a private and on a public map: the pages' rules.

A map one may not read is a 404; one they may read but not change is a 403, or a 401 when
nobody is logged in (always, when the map is named in the body of a creation). A refused
request leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, Sum
from rest_framework.test import APIClient

from argmap.maps import permissions, services
from argmap.maps.models import Annotation, Argument, Claim, Invitation, Map, Membership
from argmap.sources.models import Source
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "stranger", "viewer", "commenter", "editor", "owner"]
World = dict[str, Any]


def build_world() -> World:
    users = {role: UserFactory(username=role) for role in ROLES[1:]}
    Source.objects.create(slug="spare", kind="other", title="Spare", body="Words.", sha256="s")
    Source.objects.create(slug="spare-rev", kind="other", title="Rev", body="Word.", sha256="r")
    world: World = {"users": users}
    for visibility in ("private", "public"):
        the_map = services.create_map(
            title=f"{visibility} map", created_by=users["owner"], visibility=visibility
        )
        for role in ("viewer", "commenter", "editor"):
            Membership.objects.create(map=the_map, user=users[role], role=role)
        central = services.add_claim(map=the_map, text="Central", author=users["owner"])
        # The owner, the editor and the commenter each have a change of their own to undo.
        other = services.add_claim(map=the_map, text="Other", author=users["editor"])
        reason = services.add_support(conclusion=central, premises=["P1", "P2"], author=None)
        gone = services.add_claim(map=the_map, text="Gone", author=None)
        services.delete_claim(claim=gone)
        gone_argument = services.add_rebuttal(claim=central, premises=["O"], author=None)
        services.delete_argument(argument=gone_argument)
        note = services.annotate(target=central, author=users["commenter"], body="A note")
        # ... and an undone one to redo.
        for role in ("owner", "editor", "commenter"):
            services.annotate(target=central, author=users[role], body="Undone")
            services.undo_last(map=the_map, actor=users[role])
        world[visibility] = {
            "map": the_map,
            "central": central.pk,
            "other": other.pk,
            "reason": reason.pk,
            "premise": Claim.objects.get(map=the_map, text="P1").pk,
            "gone": gone.pk,
            "gone_argument": gone_argument.pk,
            "note": note.pk,
            # Made by nobody: a change of the owner's would end what they can redo.
            "invitation": services.create_invitation(
                map=the_map, role="editor", expires_in=None
            ).pk,
        }
    return world


Url = Callable[[dict[str, Any]], str]
Body = Callable[[dict[str, Any]], dict[str, Any]]

# (method, address, who may, body); "who may": read, comment, edit, own, or author (of the note).
OPERATIONS: list[tuple[str, Url, str, Body | None]] = [
    ("GET", lambda o: f"/api/maps/{o['map'].slug}/", "read", None),
    (
        "PATCH",
        lambda o: f"/api/maps/{o['map'].slug}/",
        "own",
        lambda o: {"title": "T", "version": 1},
    ),
    ("DELETE", lambda o: f"/api/maps/{o['map'].slug}/", "own", None),
    ("GET", lambda o: f"/api/maps/{o['map'].slug}/members/", "own", None),
    (
        "POST",
        lambda o: f"/api/maps/{o['map'].slug}/members/",
        "own",
        lambda o: {"identifier": "stranger", "role": "viewer"},
    ),
    ("GET", lambda o: f"/api/maps/{o['map'].slug}/invitations/", "own", None),
    (
        "POST",
        lambda o: f"/api/maps/{o['map'].slug}/invitations/",
        "own",
        lambda o: {"role": "editor", "expires_in_days": 7},
    ),
    ("GET", lambda o: f"/api/maps/{o['map'].slug}/invitations/{o['invitation']}/", "own", None),
    (
        "DELETE",
        lambda o: f"/api/maps/{o['map'].slug}/invitations/{o['invitation']}/",
        "own",
        None,
    ),
    ("GET", lambda o: f"/api/maps/{o['map'].slug}/members/editor/", "own", None),
    (
        "PATCH",
        lambda o: f"/api/maps/{o['map'].slug}/members/editor/",
        "own",
        lambda o: {"role": "commenter"},
    ),
    ("DELETE", lambda o: f"/api/maps/{o['map'].slug}/members/viewer/", "leave", None),
    ("POST", lambda o: f"/api/maps/{o['map'].slug}/undo/", "comment", None),
    ("POST", lambda o: f"/api/maps/{o['map'].slug}/redo/", "comment", None),
    (
        "POST",
        lambda o: f"/api/maps/{o['map'].slug}/sources/",
        "edit",
        lambda o: {"source": "spare"},
    ),
    (
        "POST",
        lambda o: f"/api/maps/{o['map'].slug}/sources/carry/",
        "edit",
        lambda o: {"original": "spare", "revision": "spare-rev"},
    ),
    ("GET", lambda o: f"/api/maps/{o['map'].slug}/graph/", "read", None),
    ("GET", lambda o: f"/api/maps/{o['map'].slug}/evaluation/", "read", None),
    ("GET", lambda o: f"/api/maps/{o['map'].slug}/export/argdown/", "read", None),
    ("GET", lambda o: f"/api/claims/?map={o['map'].slug}", "read", None),
    ("POST", lambda o: "/api/claims/", "edit", lambda o: {"map": o["map"].slug, "text": "New"}),
    ("GET", lambda o: f"/api/claims/{o['central']}/", "read", None),
    (
        "PATCH",
        lambda o: f"/api/claims/{o['central']}/",
        "edit",
        lambda o: {"text": "E", "version": 1},
    ),
    ("DELETE", lambda o: f"/api/claims/{o['central']}/", "edit", None),
    ("POST", lambda o: f"/api/claims/{o['gone']}/restore/", "edit", None),
    ("GET", lambda o: f"/api/arguments/?map={o['map'].slug}", "read", None),
    (
        "POST",
        lambda o: "/api/arguments/",
        "edit",
        lambda o: {
            "map": o["map"].slug,
            "kind": "support",
            "conclusion": o["central"],
            "premises": [{"text": "R"}],
        },
    ),
    ("GET", lambda o: f"/api/arguments/{o['reason']}/", "read", None),
    (
        "PATCH",
        lambda o: f"/api/arguments/{o['reason']}/",
        "edit",
        lambda o: {"conclusion": o["other"], "version": 1},
    ),
    ("DELETE", lambda o: f"/api/arguments/{o['reason']}/", "edit", None),
    ("POST", lambda o: f"/api/arguments/{o['gone_argument']}/restore/", "edit", None),
    (
        "POST",
        lambda o: f"/api/arguments/{o['reason']}/premises/",
        "edit",
        lambda o: {"text": "P3", "version": 1},
    ),
    (
        "DELETE",
        lambda o: f"/api/arguments/{o['reason']}/premises/{o['premise']}/?version=1",
        "edit",
        None,
    ),
    ("GET", lambda o: f"/api/annotations/?map={o['map'].slug}", "read", None),
    (
        "POST",
        lambda o: "/api/annotations/",
        "comment",
        lambda o: {"claim": o["central"], "body": "N"},
    ),
    ("GET", lambda o: f"/api/annotations/{o['note']}/", "read", None),
    (
        "PATCH",
        lambda o: f"/api/annotations/{o['note']}/",
        "note-author",
        lambda o: {"body": "Corrected", "version": 1},
    ),
    ("DELETE", lambda o: f"/api/annotations/{o['note']}/", "author", None),
    ("GET", lambda o: f"/api/sources/?map={o['map'].slug}", "read", None),
]


CREATE = {"/api/claims/", "/api/arguments/", "/api/annotations/"}


def expected(access: str, role: str, the_map: Map, world: World) -> int | None:
    """None for success, else the status code of the refusal."""
    user = world["users"].get(role)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    if not permissions.can_read(user, the_map):
        return 404
    allowed = {
        "read": True,
        "comment": permissions.can_comment(user, the_map),
        "edit": permissions.can_edit(user, the_map),
        "own": permissions.is_owner(user, the_map),
        "author": role in ("commenter", "editor", "owner"),  # the note is the commenter's
        "note-author": role == "commenter",
        "leave": role in ("viewer", "owner"),  # the viewer leaves, or the owner removes them
    }[access]
    if allowed:
        return None
    return 401 if role == "anonymous" else 403


def fingerprint() -> tuple[Any, ...]:
    return (
        *(
            model.objects.aggregate(n=Count("pk"), v=Sum("version"))
            for model in (Map, Claim, Argument, Annotation)
        ),
        Claim.objects.filter(deleted_at__isnull=True).count(),
        Argument.objects.filter(deleted_at__isnull=True).count(),
        Annotation.objects.filter(deleted_at__isnull=True).count(),
        list(Map.objects.values_list("id", "sources")),
        sorted(Membership.objects.values_list("map", "user", "role")),
        sorted(Invitation.objects.values_list("pk", "revoked_at")),
    )


def test_every_operation_for_every_role_on_private_and_public_maps():
    world = build_world()
    problems = []
    for method, url, access, body in OPERATIONS:
        for visibility in ("private", "public"):
            objects = world[visibility]
            for role in ROLES:
                client = APIClient()
                if role != "anonymous":
                    client.force_login(world["users"][role])
                want = expected(access, role, objects["map"], world)
                address = url(objects)
                if role == "anonymous" and address in CREATE:
                    want = 401  # the map is named in the body: first, log in

                with transaction.atomic():
                    before = fingerprint()
                    response = client.generic(
                        method,
                        address,
                        **({"data": _json(body(objects))} if body else {}),
                        content_type="application/json",
                    )
                    after = fingerprint()
                    transaction.set_rollback(True)
                got = response.status_code
                where = f"{method} {address} as {role} ({visibility}): {got}, wanted {want or 'success'}"
                if want is None and got >= 300:
                    problems.append(f"{where} {response.content[:200]!r}")
                elif want is not None and (got != want or before != after):
                    problems.append(where if got != want else f"{where}: the database changed")
    assert not problems, "\n".join(problems)


def test_lists_without_a_map_cover_the_maps_one_may_read():
    world = build_world()
    for role in ROLES:
        client = APIClient()
        if role != "anonymous":
            client.force_login(world["users"][role])
        readable = {"public map"} | (
            {"private map"} if role not in ("anonymous", "stranger") else set()
        )
        maps = {m["title"] for m in client.get("/api/maps/").json()["results"]}
        assert maps == readable, role
        claims = {c["map"] for c in client.get("/api/claims/").json()["results"]}
        assert claims == {
            world[v]["map"].slug for v in ("private", "public") if f"{v} map" in readable
        }


def _json(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data)
