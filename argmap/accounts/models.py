from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """argmap's user: Django's, kept swappable from day one so fields can be added later."""

    def __str__(self) -> str:
        return self.get_full_name() or self.username
