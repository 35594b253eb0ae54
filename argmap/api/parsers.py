"""The API's JSON bodies, read by the one bounded, strict JSON reader the AIF import uses too."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from argmap.formats.strict_json import JsonError, read_json


class JSONParser(parsers.JSONParser):
    """DRF's parser, but deep nesting, NUL and lone surrogates are a 400 naming the place."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding) if stream is not None else ""
        except (UnicodeDecodeError, LookupError) as error:
            raise ParseError(
                f"JSON parse error - the body is not {encoding} text: {error}"
            ) from None
        try:
            return read_json(text)
        except JsonError as error:
            raise ParseError(f"JSON parse error - {error}") from None
