"""What the schema says about every operation: the error bodies, the headers, the token scheme."""

from functools import cache
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    inline_serializer,
)
from rest_framework import serializers


class TokenScheme(OpenApiAuthenticationExtension):
    """``Authorization: Token <key>``, with keys made on the page /accounts/tokens/."""

    target_class = "argmap.accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"
    optional = True  # no warning while the class is not there

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Send "Authorization: Token <key>"; make a key on /accounts/tokens/.',
        }


DETAIL = inline_serializer("Error", {"detail": serializers.CharField()})

FIELD_ERRORS = {
    "type": "object",
    "description": "Messages by field name ('non_field_errors' for the request as a whole; "
    "'detail' when the body is not JSON).",
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {}},
            {"type": "object"},
            {"type": "string"},
        ]
    },
}

BAD_REQUEST = OpenApiResponse(FIELD_ERRORS, description="The request is invalid; see each field.")
UNAUTHORIZED = OpenApiResponse(DETAIL, description="Not logged in, or the token is not valid.")
FORBIDDEN = OpenApiResponse(
    DETAIL,
    description="Your role on the map does not allow this (or a session lacks its CSRF token).",
)
NOT_FOUND = OpenApiResponse(DETAIL, description="No such object, or not one you may read.")
PRECONDITION_REQUIRED = OpenApiResponse(
    DETAIL, description="An update needs the version you saw: If-Match header or version field."
)
NO_CONTENT = OpenApiResponse(description="Done.")

# What every operation may answer besides its own results.
READ_ERRORS = {401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND}
WRITE_ERRORS = {400: BAD_REQUEST, **READ_ERRORS}

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    pattern=r'^(W/)?"?[0-9]{1,9}"?$',
    description='The version you saw, as its ETag ("3"). A stale one: 412 with the current state. '
    "Instead of this header, a version field in the body may be sent (stale: 409).",
)
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 201, 409, 412],
    description="The object's version, quoted: send it back as If-Match when you change it.",
)


@cache
def conflict(serializer_class: type[serializers.Serializer]) -> dict[int, OpenApiResponse]:
    """The 409 and 412 answers to a stale version: a message and the object as it is now."""
    name = serializer_class.__name__.removesuffix("Serializer")
    body = inline_serializer(
        f"{name}Conflict",
        {"detail": serializers.CharField(), "current": serializer_class()},
    )
    return {
        409: OpenApiResponse(
            body, description="The version field was stale: here is the current state."
        ),
        412: OpenApiResponse(body, description="If-Match was stale: here is the current state."),
        428: PRECONDITION_REQUIRED,
    }


def example(name: str, value: dict[str, Any]) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


SEED = "unga74-ict-crime"
EXAMPLES = {
    "map_create": [example("A private map", {"title": "Should schools ban phones?"})],
    "map_update": [example("Publish", {"visibility": "public", "version": 3})],
    "attach_source": [example("Attach", {"source": "a-c-3-74-l-11"})],
    "member_invite": [
        example("A student who may comment", {"identifier": "student", "role": "commenter"})
    ],
    "member_role": [example("Let them edit", {"role": "editor"})],
    "invitation_create": [
        example("A link for the class, open a week", {"role": "editor", "expires_in_days": 7}),
        example("Readers, until withdrawn", {"role": "viewer", "expires_in_days": None}),
    ],
    "claim_create": [
        example("A claim", {"map": SEED, "text": "The convention would help."}),
        example(
            "Quoting a passage",
            {
                "map": SEED,
                "text": "It decides to set up a committee.",
                "source": "a-c-3-74-l-11",
                "passage": "OP2",
                "span_start": 0,
                "span_end": 21,
            },
        ),
    ],
    "claim_update": [example("New wording", {"text": "Reworded.", "version": 1})],
    "argument_create": [
        example(
            "A reason with a new premise and an existing one",
            {"map": SEED, "kind": "support", "conclusion": 1, "premises": [{"text": "…"}, 2]},
        ),
        example("An undercut", {"map": SEED, "kind": "attack", "target": 1, "premises": [3]}),
    ],
    "argument_move": [example("Move", {"conclusion": 2, "version": 1})],
    "premise_add": [
        example("A new co-premise", {"text": "And it is urgent.", "version": 1}),
        example("An existing claim", {"claim": 4, "version": 1}),
    ],
    "annotation_create": [
        example("Evidence", {"claim": 1, "kind": "evidence", "body": "See the vote.", "url": ""})
    ],
    "annotation_update": [
        example("Corrected text", {"body": "See the recorded vote.", "version": 1})
    ],
}
