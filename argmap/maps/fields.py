"""The column limits of the map's models and the field builders that carry them, named once:
the models validate them, and the page forms, the API's inputs and the importers take them
from here (through ``argmap.maps.models``)."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models

from .blank import NotBlankValidator

# The one limit of each long text: the model validates it, and the page forms, the API's
# inputs and the importers all take it from here.
CLAIM_TEXT_MAX_LENGTH = 20_000
ANNOTATION_BODY_MAX_LENGTH = 20_000
MAP_DESCRIPTION_MAX_LENGTH = 20_000
MAP_TITLE_MAX_LENGTH = 200
SPEAKER_MAX_LENGTH = 200
TAG_MAX_LENGTH = 50


def limited_text(
    max_length: int, *, blank: bool = False, help_text: str = "", blank_message: str = ""
) -> models.TextField:
    """A TextField whose ``max_length`` the model validates (Django's TextField only shows it);
    with ``blank_message``, text that ``is_blank`` is refused with it."""
    not_blank = [NotBlankValidator(blank_message)] if blank_message else []
    return models.TextField(
        max_length=max_length,
        validators=[MaxLengthValidator(max_length), *not_blank],
        blank=blank,
        help_text=help_text,
    )


def deleted_by_field() -> models.UUIDField:
    """The action (``Change.action``) that deleted the row; restoring it undoes that action."""
    return models.UUIDField(null=True, blank=True, db_index=True)
