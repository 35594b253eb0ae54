"""Request bodies: what the views parse. They check shapes only; the rules of the map stay in
the services, whose ValidationError the exception handler turns into a 400 per field."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from argmap.maps.fields import (
    ANNOTATION_BODY_MAX_LENGTH,
    CLAIM_TEXT_MAX_LENGTH,
    MAP_DESCRIPTION_MAX_LENGTH,
    MAP_TITLE_MAX_LENGTH,
    SPEAKER_MAX_LENGTH,
    TAG_MAX_LENGTH,
)
from argmap.maps.models import Annotation, Argument, Map, Membership
from argmap.maps.services.members import LINK_ROLES
from argmap.query import MAX_ID, MAX_INT, WHOLE_NUMBER


class WholeNumber(serializers.IntegerField):
    """An integer; as text only in ASCII digits (Python's int() also reads '٣' and '1_000')."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, str) and not WHOLE_NUMBER.fullmatch(data.strip()):
            self.fail("invalid")
        return super().to_internal_value(data)


def Id(**kwargs: Any) -> serializers.IntegerField:
    return WholeNumber(min_value=1, max_value=MAX_ID, **kwargs)


def Version() -> serializers.IntegerField:
    return WholeNumber(
        required=False,
        min_value=1,
        max_value=MAX_INT,
        help_text="The version you saw (or send it as If-Match). A stale one is refused.",
    )


class MapCreate(serializers.Serializer):
    title = serializers.CharField(max_length=MAP_TITLE_MAX_LENGTH)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=MAP_DESCRIPTION_MAX_LENGTH
    )
    visibility = serializers.ChoiceField(choices=Map.Visibility.choices, required=False)
    slug = serializers.SlugField(
        required=False, max_length=120, help_text="Made from the title if left out."
    )


class MapUpdate(serializers.Serializer):
    title = serializers.CharField(max_length=MAP_TITLE_MAX_LENGTH)
    description = serializers.CharField(allow_blank=True, max_length=MAP_DESCRIPTION_MAX_LENGTH)
    visibility = serializers.ChoiceField(choices=Map.Visibility.choices)
    version = Version()


class AttachSourceInput(serializers.Serializer):
    source = serializers.SlugField(  # type: ignore[assignment]  # shadows Field.source
        max_length=120, help_text="Slug of an imported source."
    )


class CarryClaimsInput(serializers.Serializer):
    original = serializers.SlugField(
        max_length=120, help_text="Slug of the document the map's claims quote now."
    )
    revision = serializers.SlugField(
        max_length=120, help_text="Slug of the document to carry them to (its revision)."
    )


class MemberInvite(serializers.Serializer):
    identifier = serializers.CharField(max_length=254, help_text="A user name or e-mail address.")
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class InvitationCreate(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=[role.value for role in LINK_ROLES], help_text="What the link makes people."
    )
    expires_in_days = serializers.ChoiceField(
        choices=[1, 7, 30],
        allow_null=True,
        default=7,
        help_text="How long the link stays open: 1, 7 (unless given) or 30 days; null keeps it "
        "open until withdrawn.",
    )


class MemberRole(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class ClaimCreate(serializers.Serializer):
    map = serializers.SlugField(max_length=120, help_text="The map's slug.")
    text = serializers.CharField(max_length=CLAIM_TEXT_MAX_LENGTH)
    speaker = serializers.CharField(required=False, allow_blank=True, max_length=SPEAKER_MAX_LENGTH)
    source = serializers.SlugField(  # type: ignore[assignment]  # shadows Field.source
        required=False, max_length=120, help_text="The source quoted (a source of the map) …"
    )
    passage = serializers.CharField(
        required=False, max_length=32, help_text="… the label of the passage quoted …"
    )
    span_start = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_INT, help_text="… and the quoted span in it."
    )
    span_end = serializers.IntegerField(required=False, min_value=0, max_value=MAX_INT)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("source" in data) != ("passage" in data):
            raise serializers.ValidationError(
                {"passage": "Name both the source and the label of the passage quoted, or neither."}
            )
        return data


class ClaimUpdate(serializers.Serializer):
    text = serializers.CharField(max_length=CLAIM_TEXT_MAX_LENGTH)
    speaker = serializers.CharField(allow_blank=True, max_length=SPEAKER_MAX_LENGTH)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=TAG_MAX_LENGTH), max_length=100
    )
    version = Version()


PREMISE_SCHEMA = {
    "oneOf": [
        {"type": "integer", "minimum": 1, "maximum": MAX_ID, "description": "a claim of the map"},
        {
            "type": "object",
            "properties": {
                "text": {"type": "string", "minLength": 1, "maxLength": CLAIM_TEXT_MAX_LENGTH}
            },
            "required": ["text"],
            "additionalProperties": False,
            "description": "a new claim",
        },
    ]
}


@extend_schema_field(PREMISE_SCHEMA)
class PremiseField(serializers.Field):
    """A premise: the id of a claim of the map, or ``{"text": "…"}`` for a new claim."""

    default_error_messages = {
        "invalid": 'Give a premise as the id of a claim of this map, or as {{"text": "…"}}.'
    }

    def to_internal_value(self, data: Any) -> int | str:
        if isinstance(data, int) and not isinstance(data, bool) and 1 <= data <= MAX_ID:
            return data
        if isinstance(data, dict) and set(data) == {"text"} and isinstance(data["text"], str):
            return serializers.CharField(max_length=CLAIM_TEXT_MAX_LENGTH).run_validation(
                data["text"]
            )
        self.fail("invalid")

    def to_representation(self, value: Any) -> Any:
        return value


class ArgumentInput(serializers.Serializer):
    map = serializers.SlugField(max_length=120)
    kind = serializers.ChoiceField(choices=Argument.Kind.choices)
    conclusion = Id(required=False, help_text="The claim argued for or against …")
    target = Id(required=False, help_text="… or, for an undercut (an attack), the argument.")
    premises = serializers.ListField(child=PremiseField(), min_length=1, max_length=50)
    scheme = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="For reasons (support) only."
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("conclusion" in data) == ("target" in data):
            raise serializers.ValidationError(
                "Give either a conclusion claim or a target argument."
            )
        return data


class MoveInput(serializers.Serializer):
    conclusion = Id(help_text="The claim the argument should argue about from now on.")
    version = Version()


class PremiseInput(serializers.Serializer):
    claim = Id(required=False, help_text="An existing claim of the map …")
    text = serializers.CharField(
        required=False, max_length=CLAIM_TEXT_MAX_LENGTH, help_text="… or a new one."
    )
    version = Version()

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("claim" in data) == ("text" in data):
            raise serializers.ValidationError("Give either a claim id or the text of a new claim.")
        return data


class AnnotationInput(serializers.Serializer):
    claim = Id(required=False)
    argument = Id(required=False)
    kind = serializers.ChoiceField(choices=Annotation.Kind.choices, default=Annotation.Kind.NOTE)
    body = serializers.CharField(max_length=ANNOTATION_BODY_MAX_LENGTH, help_text="Markdown.")
    url = serializers.URLField(required=False, allow_blank=True, max_length=500)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("claim" in data) == ("argument" in data):
            raise serializers.ValidationError("Annotate either a claim or an argument.")
        return data


class AnnotationUpdate(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Annotation.Kind.choices)
    body = serializers.CharField(max_length=ANNOTATION_BODY_MAX_LENGTH, help_text="Markdown.")
    url = serializers.URLField(allow_blank=True, max_length=500)
    version = Version()
