"""What the workspace's search filters offer (the tags and speakers of the map)."""

from django import template

from .. import search
from ..models import Map

register = template.Library()


@register.simple_tag
def search_choices(map: Map) -> dict[str, list[str]]:
    tags, speakers = search.tags_and_speakers(map)
    return {"tags": tags, "speakers": speakers}
