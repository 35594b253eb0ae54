"""Django's changepassword, which also revokes the user's API tokens, as the pages do."""

import getpass
from typing import Any

from django.contrib.auth.management.commands import changepassword

from argmap.accounts import services
from argmap.accounts.models import User


class Command(changepassword.Command):
    help = "Change a user's password and revoke their API tokens."

    def handle(self, *args: Any, **options: Any) -> str:
        done = super().handle(*args, **options)  # raises CommandError if nothing was changed
        username = options["username"] or getpass.getuser()
        user = User.objects.db_manager(options["database"]).get_by_natural_key(username)
        revoked = services.revoke_all_tokens(user=user)
        return f"{done}\nRevoked {revoked} API token{'s' if revoked != 1 else ''}."
