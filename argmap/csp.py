"""The Content-Security-Policy header on every answer, Django's debug pages included."""

from dataclasses import asdict

from csp.constants import HEADER
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.http import HttpRequest, HttpResponseBase


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, without its exemption of 404 and 500 answers when DEBUG is on.

    The debug pages then lose their inline styling, but a development server shows the same
    policy as production, so that a page breaking under it is noticed there first.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        if HEADER not in response and not getattr(response, "_csp_exempt", False):
            parts = self.get_policy_parts(request=request, response=response)
            response[HEADER] = build_policy(**asdict(parts))
        return response
