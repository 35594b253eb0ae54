import json
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from argmap.maps.backup import import_all


class Command(BaseCommand):
    help = "Restore a backup written by export_maps into an empty database."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: cannot be read ({error}).") from error
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path}, line {error.lineno}: not valid JSON ({error.msg})."
            ) from error
        try:
            counts = import_all(data, progress=self.stdout.write)
        except ValidationError as error:
            raise CommandError(f"Nothing was restored. {' '.join(error.messages)}") from error
        summary = ", ".join(
            f"{n:,} {apps.get_model(label)._meta.verbose_name_plural}"
            for label, n in counts.items()
            if n
        )
        self.stdout.write(self.style.SUCCESS(f"Restored {summary}."))
