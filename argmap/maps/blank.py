"""What "blank" means for text a reader is shown: nothing visible, in Python and in PostgreSQL.

One table of invisible characters serves ``is_blank()``, the models' NotBlankValidator and the
CHECK constraints (``VISIBLE``), so no door, not even a write around the model, lets in a claim,
note or title that shows nothing.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible

# What draws nothing, as code point ranges: Unicode's spaces, controls and format characters
# (categories Zs, Zl, Zp, Cc, Cf as of Unicode 14: U+200B, U+2060, U+FEFF…), and the Hangul
# fillers, braille blank, combining grapheme joiner and variation selectors, which Unicode calls
# letters or marks. One table for is_blank() and the database's checks (VISIBLE).
INVISIBLE_RANGES = (
    (0x0000, 0x0020), (0x007F, 0x00A0), (0x00AD, 0x00AD), (0x034F, 0x034F), (0x0600, 0x0605),
    (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2),
    (0x115F, 0x1160), (0x1680, 0x1680), (0x180B, 0x180F), (0x2000, 0x200F), (0x2028, 0x202F),
    (0x205F, 0x2064), (0x2066, 0x206F), (0x2800, 0x2800), (0x3000, 0x3000), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
_INVISIBLE_CLASS = "".join(rf"\U{a:08X}-\U{b:08X}" for a, b in INVISIBLE_RANGES)
# A regular expression (Python's and PostgreSQL's alike) that finds a visible character.
VISIBLE = f"[^{_INVISIBLE_CLASS}]"
# Python's strings can also hold lone surrogates (PostgreSQL's cannot): they draw nothing either.
_VISIBLE = re.compile(rf"[^{_INVISIBLE_CLASS}\ud800-\udfff]")


def is_blank(text: str) -> bool:
    """Nothing a reader can see: empty, spaces, or only invisible characters."""
    return _VISIBLE.search(text) is None


@deconstructible
class NotBlankValidator:
    """Refuses text of only spaces and invisible characters (``is_blank``)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, value: str) -> None:
        if is_blank(value):  # code "blank" would make Django put its own message in place
            raise ValidationError(self.message, code="not_blank")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NotBlankValidator) and other.message == self.message


def not_blank_constraint(field: str, name: str) -> models.CheckConstraint:
    """The database's copy of NotBlankValidator, for rows written around the model."""
    return models.CheckConstraint(condition=Q(**{f"{field}__regex": VISIBLE}), name=name)
