"""What the home page reads: the example debate, my maps, and recent activity on them.

Each part is a fixed number of queries, however many maps, claims or changes there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from argmap.accounts.models import User
from argmap.graph import ClaimNode, OutlineArgument

from . import selectors, services
from .models import Change, Map, Membership
from .permissions import readable_maps
from .services.wording import names_for

EXAMPLE_SLUG = "unga74-ict-crime"  # the seed debate (seeds/manifest.toml)
EXAMPLE_ARGUMENTS = 4  # reasons and objections shown under the example's central claim
RECENT = 10  # changes in "Recent activity"
RECENT_READ = 40  # changes read to find them: one user action writes several


@dataclass
class Example:
    """A map's central claim and a few of the reasons and objections directly beneath it."""

    map: Map
    central: ClaimNode | None = None
    arguments: list[OutlineArgument] = field(default_factory=list)
    more: int = 0  # reasons and objections of the central claim not shown


def example(user: User | AnonymousUser) -> Example | None:
    """The seed debate as the live example, if it is there and the visitor may read it (four
    queries: the map, then its graph; the outline's rules are the graph's own)."""
    found = readable_maps(user).filter(slug=EXAMPLE_SLUG).first()
    if found is None:
        return None
    graph = selectors.map_graph(found)
    shown = Example(map=found)
    central = next((item for item in graph.outline(max_depth=1) if item.arguments), None)
    if central is not None:
        shown.central = central.claim
        shown.arguments = _alternating(central.arguments)[:EXAMPLE_ARGUMENTS]
        shown.more = len(central.arguments) - len(shown.arguments)
    return shown


def _alternating(arguments: list[OutlineArgument]) -> list[OutlineArgument]:
    """Reasons and objections taken in turn, so a few of them show both sides."""
    reasons = [a for a in arguments if a.label == "Reason"]
    objections = [a for a in arguments if a.label != "Reason"]
    taken: list[OutlineArgument] = []
    for pair in zip(reasons, objections, strict=False):
        taken += pair
    shorter = min(len(reasons), len(objections))
    return taken + reasons[shorter:] + objections[shorter:]


def my_memberships(user: User) -> list[Membership]:
    """The maps I belong to with my role and each map's number of claims, newest first (one
    query)."""
    live = Q(map__claims__deleted_at__isnull=True)
    return list(
        Membership.objects.filter(user=user)
        .select_related("map")
        .annotate(claim_count=Count("map__claims", filter=live))
        .order_by("-map__updated_at", "-map_id")
    )


def public_maps_beside(user: User | AnonymousUser) -> QuerySet[Map]:
    """The public maps, less those the user belongs to (shown as theirs already)."""
    maps = selectors.map_list(AnonymousUser())
    if user.is_authenticated:
        maps = maps.exclude(memberships__user=user)
    return maps


@dataclass
class Activity:
    change: Change
    summary: str
    url: str


def recent_activity(user: User) -> list[Activity]:
    """The latest changes on the maps I belong to, one line per user action (three queries:
    the changes with their maps and actors, and the names they mention)."""
    mine = Membership.objects.filter(user=user).values("map")
    changes = list(
        Change.objects.filter(map__in=mine)
        .select_related("map", "actor")
        .order_by("-at", "-id")[:RECENT_READ]
    )
    seen: set[object] = set()
    latest = []
    for change in changes:  # newest first: an action's last write stands for it
        if change.action not in seen:
            seen.add(change.action)
            latest.append(change)
    latest = latest[:RECENT]
    names = names_for(latest)
    return [Activity(c, services.describe(c, names), _link(c)) for c in latest]


def _link(change: Change) -> str:
    """Where a change can be seen: the claim or argument it touched (deleted ones too, with
    their restore), as the history page links them; else the map's history."""
    slug = change.map.slug
    if change.object_type in ("claim", "argument"):
        return reverse(f"maps:{change.object_type}", kwargs={"slug": slug, "pk": change.object_id})
    return reverse("maps:history", kwargs={"slug": slug})
