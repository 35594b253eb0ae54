"""The paths of a map's pages, reversed once per route and map: Django's ``reverse`` costs
25-45 µs a call here, and a large outline names hundreds of claims (a write's answer a dozen
pages)."""

from functools import lru_cache

from django.urls import get_script_prefix, reverse


def map_path(name: str, slug: str, pk: int | None = None) -> str:
    """``reverse(name, args=(slug, pk))``, or ``(slug,)`` without a pk: the map's path is
    reversed once, then the id put in."""
    if pk is None:
        return _path_of_map(name, slug, get_script_prefix())
    head, tail = _path_around_pk(name, slug, get_script_prefix())
    return f"{head}{int(pk)}{tail}"


@lru_cache(maxsize=512)
def _path_of_map(name: str, slug: str, _prefix: str) -> str:
    return reverse(name, args=(slug,))


@lru_cache(maxsize=512)
def _path_around_pk(name: str, slug: str, _prefix: str) -> tuple[str, str]:
    # These routes put the pk after the slug: the marker's last occurrence is the pk's place.
    marker = "918273645"
    head, _, tail = reverse(name, args=(slug, int(marker))).rpartition(marker)
    return head, tail
