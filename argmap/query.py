"""Hostile input stops at the door: a 400 that names what is wrong, never a 500.

- ``RefuseHostileInputMiddleware`` refuses a NUL character (U+0000) anywhere a view or Django
  could read it: the path, a query parameter, a form field, a cookie, a header.
  PostgreSQL cannot store NUL in text and refuses it even in a lookup, so no request carrying
  one can be served; refusing it in one place covers every view, Django's own (log-in, admin)
  and every view added later, where form fields would cover only the fields of our forms.
- ``parse_query`` reads a view's query parameters through a Django form; a bad one raises
  ``BadQuery``, which the same middleware answers with a 400 naming the parameter.
- The middleware also refuses the one hostile parameter found to break Django's admin: an
  empty ``_to_field``.

The API's own parameters are read by serializers (argmap/api/filters.py), whose 400s have the
same shape as the middleware's under /api/.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import get_script_prefix, reverse

MAX_ID = 2**63 - 1  # bigint primary keys
MAX_INT = 2**31 - 1  # integer columns: versions, spans, page numbers
NUL = "\x00"
NUL_MESSAGE = "Remove the NUL character (\\0): it cannot be stored."
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,20}")  # ASCII digits only: '²'.isdigit() is True


class BadQuery(Exception):
    """Query parameters a view cannot serve, with the messages per parameter."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


class WholeNumberField(forms.IntegerField):
    """An integer written in ASCII digits (Python's int() also reads '٣' and '1_000')."""

    def to_python(self, value: Any) -> int | None:
        if value not in self.empty_values and not WHOLE_NUMBER.fullmatch(str(value).strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def id_field(*, required: bool = False) -> WholeNumberField:
    return WholeNumberField(min_value=1, max_value=MAX_ID, required=required)


def page_field() -> WholeNumberField:
    return WholeNumberField(min_value=1, max_value=MAX_INT, required=False)


def search_field() -> forms.CharField:
    return forms.CharField(max_length=200, required=False)


class IdListField(forms.Field):
    """A repeated parameter of ids (``?exclude=3&exclude=5``), as a set."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> set[int]:
        values = value or []
        if len(values) > 100:
            raise forms.ValidationError("Give at most 100 ids.")
        return {id_field(required=True).clean(item) for item in values}


def parse_query(request: HttpRequest, form_class: type[forms.Form]) -> dict[str, Any]:
    """The query parameters ``form_class`` declares, cleaned; unknown ones are ignored."""
    form = form_class(request.GET)
    if not form.is_valid():
        raise BadQuery({name: [str(m) for m in messages] for name, messages in form.errors.items()})
    return form.cleaned_data


def bad_request(request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    """400: JSON in the API's shape under /api/, else a page listing each problem."""
    if request.path_info.startswith("/api/"):
        return JsonResponse(errors, status=400)
    return render(request, "400.html", {"errors": errors}, status=400)


def _nul_in(where: str, pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """``{"<where> <name>": [message]}`` for the first pair with a NUL in its name or value."""
    for name, value in pairs:
        if NUL in name or NUL in value:
            label = f"{where} {name}" if NUL not in name else f"{where} name"
            return {label.strip(): [NUL_MESSAGE]}
    return {}


def _values(data: QueryDict) -> Iterable[tuple[str, str]]:
    return ((name, value) for name, values in data.lists() for value in values)


def _is_form(request: HttpRequest) -> bool:
    """A body Django parses into request.POST (reading it here costs nothing more later)."""
    return request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    )


def nul_errors(request: HttpRequest) -> dict[str, list[str]]:
    """Where the request carries a NUL, if it does (the first place found)."""
    headers = [(k, v) for k, v in request.META.items() if k.startswith("HTTP_")]
    form = _is_form(request)
    return (
        _nul_in("path", [("", request.path_info)])
        or _nul_in("", _values(request.GET))
        or _nul_in("cookie", request.COOKIES.items())
        or _nul_in("header", headers)
        or (_nul_in("", _values(request.POST)) if form else {})
    )


@lru_cache(maxsize=8)
def _admin_root(_prefix: str) -> str:
    return reverse("admin:index")  # asked on every request: reversed once per script prefix


def admin_errors(request: HttpRequest) -> dict[str, list[str]]:
    """Django's admin (5.2) looks up ``?_to_field=`` (empty) as a field named '' and fails."""
    if not request.path.startswith(_admin_root(get_script_prefix())):  # both carry the prefix
        return {}
    values = request.GET.getlist("_to_field")
    if _is_form(request):
        values += request.POST.getlist("_to_field")
    if any(not value.strip() for value in values):
        return {"_to_field": ["Name a field, or leave the parameter out."]}
    return {}


class RefuseHostileInputMiddleware:
    """Placed before the session and log-in middleware: a NUL in a cookie never reaches them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        errors = nul_errors(request) or admin_errors(request)
        if errors:
            return bad_request(request, errors)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, BadQuery):
            return bad_request(request, exception.errors)
        return None
