"""Create a local admin account on first start and print its password, once."""

import secrets
from typing import Any

from django.core.management.base import BaseCommand

from argmap.accounts.models import User


class Command(BaseCommand):
    help = "Create the local admin account if no superuser exists yet, and print its password once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        if User.objects.filter(is_superuser=True).exists():
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "Created a local admin account (shown this once; change it in the admin):"
            )
        )
        self.stdout.write(f"  user name: {username}\n  password:  {password}")
