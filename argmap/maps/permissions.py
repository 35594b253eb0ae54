"""The one place that decides who may read, comment on, edit or own a map.

HTML views, htmx fragments, the API and the admin all ask here.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from argmap.accounts.models import User

from .models import Map, Membership
from .sql import columns

Role = Membership.Role

# What each role may do, from least to most.
CAN_COMMENT = {Role.OWNER, Role.EDITOR, Role.COMMENTER}
CAN_EDIT = {Role.OWNER, Role.EDITOR}
RANKS = [Role.VIEWER, Role.COMMENTER, Role.EDITOR, Role.OWNER]


def covers(role: str | None, wanted: str) -> bool:
    """Whether ``role`` lets one do at least what ``wanted`` does (no role covers nothing)."""
    return role is not None and RANKS.index(Role(role)) >= RANKS.index(Role(wanted))


def role_of(user: User | AnonymousUser, map: Map) -> str | None:
    if not user.is_authenticated:
        return None
    roles = getattr(map, "_role_cache", None)
    if roles is None:
        roles = map._role_cache = {}  # type: ignore[attr-defined]
    if user.pk not in roles:
        roles[user.pk] = (
            Membership.objects.filter(map=map, user=user).values_list("role", flat=True).first()
        )
    return roles[user.pk]


# The map with the visitor's role read in the same query (``role_of`` then asks the database
# nothing more): every request asks it. Written out: the ORM took longer to compile it than the
# database to answer.
MAP = f"SELECT {columns(Map, 'maps_map')} FROM maps_map WHERE slug = %s"
MAP_WITH_ROLE = (
    f"SELECT {columns(Map, 'maps_map')}, (SELECT role FROM maps_membership"
    " WHERE map_id = maps_map.id AND user_id = %s) AS viewer_role FROM maps_map WHERE slug = %s"
)


def map_with_role(user: User | AnonymousUser, slug: str) -> Map | None:
    """The map of that slug, if there is one, knowing ``user``'s role on it."""
    if not user.is_authenticated:
        return next(iter(Map.objects.raw(MAP, [slug])), None)
    map = next(iter(Map.objects.raw(MAP_WITH_ROLE, [user.pk, slug])), None)
    if map is not None:
        map._role_cache = {user.pk: map.viewer_role}  # type: ignore[attr-defined]
    return map


def can_read(user: User | AnonymousUser, map: Map) -> bool:
    return map.visibility == Map.Visibility.PUBLIC or role_of(user, map) is not None


def can_comment(user: User | AnonymousUser, map: Map) -> bool:
    return role_of(user, map) in CAN_COMMENT


def can_edit(user: User | AnonymousUser, map: Map) -> bool:
    return role_of(user, map) in CAN_EDIT


def is_owner(user: User | AnonymousUser, map: Map) -> bool:
    return role_of(user, map) == Role.OWNER


def is_member(user: User | AnonymousUser, map: Map) -> bool:
    return role_of(user, map) is not None


def readable_maps(user: User | AnonymousUser) -> QuerySet[Map]:
    public = Q(visibility=Map.Visibility.PUBLIC)
    if not user.is_authenticated:
        return Map.objects.filter(public)
    return Map.objects.filter(public | Q(memberships__user=user)).distinct()


def editable_maps(user: User | AnonymousUser) -> QuerySet[Map]:
    if not user.is_authenticated:
        return Map.objects.none()
    return Map.objects.filter(memberships__user=user, memberships__role__in=CAN_EDIT).distinct()
