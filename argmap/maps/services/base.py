"""What every service shares: the conflict error, the conditional update, the live check."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone

from ..models import Argument, Claim


class ConflictError(Exception):
    """Someone changed the object since the caller read it; ``current`` is how it is now."""

    def __init__(self, current: models.Model, seen_version: int):
        self.current = current
        self.seen_version = seen_version
        what = current._meta.verbose_name
        current_version = getattr(current, "version", None)
        if getattr(current, "deleted_at", None) is not None:
            message = f"This {what} was deleted after you opened it."
        else:
            message = (
                f"This {what} was changed by someone else after you opened it "
                f"(you saw version {seen_version}, it is now version {current_version})."
            )
        super().__init__(message)
        self.message = message


# Foreign keys the services hand over as rows they have just read (the map, the author, the claim
# or argument concerned): checking that each still exists would cost a query per key and proves
# nothing more than the database's own foreign keys do on commit.
RELATIONS = ("map", "author", "passage", "conclusion", "target", "claim", "argument")


def validate(instance: models.Model) -> None:
    """``full_clean()`` without its queries: fields and ``clean()``, not the relations above nor
    the CHECK constraints, which Django would test with a query (and a savepoint) each. Every
    constraint of Claim, Argument, Annotation and Map is also a rule of ``clean()`` or a field
    validator, with the message a user can act on; the database still enforces them all.
    """
    instance.full_clean(exclude=RELATIONS, validate_constraints=False)


def conditional_update(instance: models.Model, *, version: int, **changes: Any) -> None:
    """Validate ``changes`` on ``instance``, then write them only if the row is still at ``version``."""
    model = type(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    validate(instance)
    filters: dict[str, Any] = {"pk": instance.pk, "version": version}
    if hasattr(instance, "deleted_at"):
        filters["deleted_at__isnull"] = True
    now = timezone.now()
    updated = model._default_manager.filter(**filters).update(
        **changes, version=F("version") + 1, updated_at=now
    )
    if updated == 0:
        raise ConflictError(model._default_manager.get(pk=instance.pk), version)
    # The row was at ``version`` and now holds what was written: no need to read it back.
    instance.version, instance.updated_at = version + 1, now  # type: ignore[attr-defined]


def check_live(obj: Claim | Argument, role: str) -> None:
    if obj.deleted_at is not None:
        raise ValidationError(f"The {role} was deleted; restore it before linking to it.")
