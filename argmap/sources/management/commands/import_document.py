from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from argmap.maps import services as map_services
from argmap.maps.models import Map
from argmap.sources.models import Source
from argmap.sources.services import import_document


class Command(BaseCommand):
    help = (
        "Import a source document (a UN draft resolution, a statement or any other document; "
        "PDF, Word, HTML, Markdown or text), optionally into a map."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--kind", required=True, choices=[kind.value for kind in Source.Kind])
        parser.add_argument(
            "--map", dest="map_slug", help="slug of a map to attach the document to"
        )
        parser.add_argument(
            "--slug", default="", help="slug for the document (default: made from it)"
        )
        parser.add_argument(
            "--symbol", default="", help="UN document symbol, when the text lacks it"
        )
        parser.add_argument(
            "--revision-of",
            default="",
            help="slug of the document this one revises (found from the symbol when it ends in "
            "/Rev.N, /Corr.N or /Add.N)",
        )

    def handle(
        self,
        *args: Any,
        path: Path,
        kind: str,
        map_slug: str | None,
        slug: str,
        symbol: str,
        revision_of: str,
        **options: Any,
    ) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        target = None
        if map_slug:
            target = Map.objects.filter(slug=map_slug).first()
            if target is None:
                raise CommandError(f"No map with the slug {map_slug!r}.")
        try:
            with transaction.atomic():
                result = import_document(
                    data=path.read_bytes(),
                    filename=str(path),
                    kind=kind,
                    slug=slug,
                    symbol=symbol,
                    revision_of=revision_of,
                )
                if target is not None:
                    map_services.attach_source(map=target, source=result.source)
        except ValidationError as error:
            raise CommandError("Nothing was imported. " + "; ".join(error.messages)) from error
        source = result.source
        if result.created:
            kinds: dict[str, int] = {}
            for passage in result.parsed.passages:
                kinds[passage.kind] = kinds.get(passage.kind, 0) + 1
            summary = ", ".join(f"{n} {k}" for k, n in kinds.items())
            self.stdout.write(
                self.style.SUCCESS(f"Imported {source.slug}: “{source.title}” ({summary}).")
            )
        else:
            self.stdout.write(f"Already imported as {source.slug}; nothing changed.")
        if source.revision_of is not None:
            self.stdout.write(f"A revision of {source.revision_of.slug}.")
        if target is not None:
            self.stdout.write(f"Attached to map {target.slug}.")
