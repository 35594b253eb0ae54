"""manage.py import_map PATH: a map from an AIF JSON, Argdown or Kialo file, all or nothing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from argmap.accounts.models import User
from argmap.formats.maps import IMPORT_FORMATS, MAX_MAP_BYTES, MAX_MAP_NODES
from argmap.maps.imports import import_map_file

BAR = 30  # characters of the progress bar


class Command(BaseCommand):
    help = (
        f"Create a map from an AIF JSON (AIFdb, OVA), Argdown or Kialo text file. Files above "
        f"{MAX_MAP_BYTES // 2**20} MiB or {MAX_MAP_NODES:,} claims and arguments are refused; "
        "nothing is written unless the whole file imports."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=IMPORT_FORMATS, help="default: from the file")
        parser.add_argument("--title", help="default: the title the file gives, else its name")
        parser.add_argument(
            "--owner", help="user name of the map's owner (default: the first superuser)"
        )

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        owner = self._owner(options.get("owner"))
        try:
            size = path.stat().st_size
            if size > MAX_MAP_BYTES:  # refused before reading it into memory
                raise CommandError(
                    f"Nothing was imported. {path} has {size:,} bytes; the limit is "
                    f"{MAX_MAP_BYTES:,} bytes ({MAX_MAP_BYTES // 2**20} MiB)."
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        started = time.monotonic()
        self._last = -1
        try:
            result = import_map_file(
                data=data,
                filename=str(path),
                format=options.get("format"),
                title=options.get("title"),
                owner=owner,
                progress=self._progress,
            )
        except ValidationError as error:
            raise CommandError(f"Nothing was imported. {'; '.join(error.messages)}") from error
        finally:
            if self._last >= 0 and self.stdout.isatty():
                self.stdout.write("")  # end the progress bar's line
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Created map “{result.map.title}” ({result.map.slug}) from {result.format}: "
                f"{counts['claims']:,} claims, {counts['arguments']:,} arguments, "
                f"{counts['notes']:,} notes in {time.monotonic() - started:.1f} s"
            )
        )
        self.stdout.write(f"It is at {result.map.get_absolute_url()}")
        if result.report:
            self.stdout.write("Not kept as they were:")
            for line in result.report:
                self.stdout.write(f"  - {line}")

    def _owner(self, name: str | None) -> User | None:
        if name:
            user = User.objects.filter(username=name).first()
            if user is None:
                raise CommandError(f"No user named {name!r}.")
            return user
        return User.objects.filter(is_superuser=True).order_by("pk").first()

    def _progress(self, done: int, total: int) -> None:
        """A bar redrawn in place on a terminal; a plain line every tenth otherwise."""
        tenth = done * 10 // max(total, 1)
        label = f"{done:,}/{total:,} claims and arguments"
        if self.stdout.isatty():
            filled = done * BAR // max(total, 1)
            self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {label}", ending="")
            self.stdout.flush()
            self._last = tenth
        elif tenth > self._last:
            self.stdout.write(f"Written {label}")
            self._last = tenth
