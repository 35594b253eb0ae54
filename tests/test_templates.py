"""Template slips that no view test would notice."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_no_one_line_comment_runs_over_lines():
    """Django's {# … #} ends at the line's end; one that runs on is shown on the page as text."""
    open_comments = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if line.count("{#") > line.count("#}")
    ]
    assert open_comments == [], "use {% comment %} for comments over several lines"


def test_map_path_is_the_url_tags_path():
    """The cached reversal of a map's paths gives what {% url %} gives, under a script prefix
    too (the cache is per prefix)."""
    from django.urls import reverse, set_script_prefix

    from argmap.maps.paths import map_path

    try:
        for prefix in ("/", "/argmap/"):
            set_script_prefix(prefix)
            for name in ("maps:claim", "maps:argument", "maps:claim-branch", "maps:claim-focus"):
                for slug, pk in (("a-map", 1), ("918273645", 918273645), ("m", 10_000)):
                    assert map_path(name, slug, pk) == reverse(name, args=(slug, pk))
            for name in ("maps:detail", "maps:undo", "maps:picker", "maps:history"):
                for slug in ("a-map", "918273645"):
                    assert map_path(name, slug) == reverse(name, args=(slug,))
    finally:
        set_script_prefix("/")
