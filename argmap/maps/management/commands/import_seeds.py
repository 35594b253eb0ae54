from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from argmap.accounts.models import User
from argmap.maps.seeds import import_seeds


class Command(BaseCommand):
    help = "Import the seed documents and build the seed map (once: a second run changes nothing)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--manifest", type=Path, default=settings.BASE_DIR / "seeds" / "manifest.toml"
        )
        parser.add_argument(
            "--owner", help="user name of the seed map's owner (default: the first superuser)"
        )

    def handle(self, *args: Any, manifest: Path, owner: str | None, **options: Any) -> None:
        if owner:
            user = User.objects.filter(username=owner).first()
            if user is None:
                raise CommandError(f"No user named {owner!r}.")
        else:
            user = User.objects.filter(is_superuser=True).order_by("pk").first()
        try:
            report = import_seeds(manifest_path=manifest, owner=user, progress=self.stdout.write)
        except (ValidationError, OSError) as error:
            message = (
                "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            )
            raise CommandError(f"Nothing was imported. {message}") from error
        if report.changed_anything:
            self.stdout.write(
                self.style.SUCCESS(f"Seed map ready at {report.map.get_absolute_url()}")
            )
        else:
            self.stdout.write(
                "Nothing to import: the seed documents and the seed map are already there."
            )
