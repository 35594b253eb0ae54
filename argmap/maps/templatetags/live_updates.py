from django import template

from argmap.maps.models import Change, Map

register = template.Library()


@register.simple_tag
def last_change_id(map: Map) -> int:
    """The newest change of the map as the page is drawn: its event stream starts after it, so
    a change made between drawing the page and opening the stream is replayed, not lost."""
    # The newest by time (the map's index); should ids and times disagree, a change or two more
    # is replayed, which the page ignores or applies again harmlessly.
    changes = Change.objects.filter(map=map).order_by("-at", "-id")
    newest = changes.values_list("pk", flat=True).first()
    return newest or 0
