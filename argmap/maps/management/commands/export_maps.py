import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from argmap.maps.backup import export_all


class Command(BaseCommand):
    help = "Write every map, with sources, members and history, to one JSON file (a backup)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        data = export_all()
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        maps = sum(1 for row in data["rows"] if row["model"] == "maps.map")
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {maps} maps ({len(data['rows']):,} rows) to {path}.")
        )
