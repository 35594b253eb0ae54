"""When PostgreSQL cannot answer (stopped, restarting, refusing connections, or a statement ended by
its timeout), the client is told so: a 503 with Retry-After, JSON under /api/ and a plain page
elsewhere, never the 500 page. The broken connection is closed, so the next request connects
afresh and the app recovers by itself when the database is back.

Errors in a view reach ``DatabaseUnavailableMiddleware``; those raised in a middleware (a session
saved after the view) reach ``server_error``, the project's handler500.
"""

from __future__ import annotations

import contextlib
import logging
import sys

import psycopg
from django import db
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.deprecation import MiddlewareMixin
from django.views import defaults

logger = logging.getLogger(__name__)

MESSAGE = "The database is not answering; try again in a minute."
RETRY_AFTER_SECONDS = 60

# SQLSTATE classes that say "not now" rather than "not this request": connection exception (08),
# insufficient resources (53: too many connections), operator intervention (57: statement timeout,
# shutdown, still starting), system error (58), transaction rollback (40: deadlock), and 55P03
# (lock_timeout). Other operational errors (54: a value too large for an index) stay 500s.
TRANSIENT_SQLSTATES = ("08", "53", "57", "58", "40", "55P03")


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` means the database cannot answer now (and a retry later may succeed)."""
    if isinstance(error, db.InterfaceError | psycopg.InterfaceError):
        return True  # the connection is already closed
    if not isinstance(error, db.OperationalError | psycopg.OperationalError):
        return False
    # Django wraps psycopg's error; the SQLSTATE is on psycopg's (None: no server answered).
    cause = error if isinstance(error, psycopg.Error) else error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(TRANSIENT_SQLSTATES)


def unavailable_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    logger.warning("The database is unavailable (%s %s): %s", request.method, request.path, error)
    close_connections()
    response: HttpResponse
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        # Rendered without a request: the page needs nothing from the database (no user, no session).
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def close_connections() -> None:
    """Close this thread's connections so that the next request opens new ones; not one inside a
    transaction that an outer block (a test's) still owns."""
    for connection in db.connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            with contextlib.suppress(db.Error):
                connection.close()


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if database_unavailable(exception):
            return unavailable_response(request, exception)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database failure raised outside a view is a 503 as well."""
    error = sys.exc_info()[1]
    if error is not None and database_unavailable(error):
        return unavailable_response(request, error)
    return defaults.server_error(request)
