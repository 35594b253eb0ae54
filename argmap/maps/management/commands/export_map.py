"""manage.py export_map SLUG --format aif|argdown|kialo|markdown [-o PATH]."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from argmap.formats.maps import EXPORT_FORMATS, write_map
from argmap.maps.models import Map
from argmap.maps.selectors import map_graph_for_export


class Command(BaseCommand):
    help = "Write a map as AIF JSON, Argdown, a Kialo text export or a Markdown outline."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug")
        parser.add_argument("--format", choices=EXPORT_FORMATS, required=True)
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    def handle(
        self, *args: Any, slug: str, format: str, output: Path | None, **options: Any
    ) -> None:
        map_ = Map.objects.filter(slug=slug).first()
        if map_ is None:
            raise CommandError(f"No map with the slug {slug!r}.")
        text = write_map(map_graph_for_export(map_), format=format)
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"Wrote {output} ({len(text.encode()):,} bytes)")
