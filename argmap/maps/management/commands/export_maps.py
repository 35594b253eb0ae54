from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from argmap.maps.backup import dumps, export_all


class Command(BaseCommand):
    help = "Write every row argmap holds (maps, sources, accounts, history) to one JSON file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        data = export_all()
        path.write_text(dumps(data), encoding="utf-8")
        rows = {table["model"]: len(table["rows"]) for table in data["tables"]}
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {rows['maps.Map']} maps ({sum(rows.values()):,} rows in {len(rows)} tables) "
                f"to {path}."
            )
        )
