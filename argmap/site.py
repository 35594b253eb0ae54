"""Answers about the site as a whole rather than a map: its icon and its "not found" page."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static


class MapHidden(Http404):
    """A map that does not exist, or that the visitor may not read: one answer for both, so that
    a private map's address does not tell whether it exists."""


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; the icon is an SVG in static/."""
    return HttpResponseRedirect(static("favicon.svg"))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 page, saying more when the page was a map's: a visitor who is not logged in
    is offered to log in and come back; a member of other maps to ask for it to be shared."""
    context = {"map_hidden": isinstance(exception, MapHidden)}
    return render(request, "404.html", context, status=404)
