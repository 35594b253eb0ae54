"""The API's own pages: Swagger UI without a CDN, and a JSON 404 for any other address."""

from django.templatetags.static import static
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

SIDECAR = "drf_spectacular_sidecar/swagger-ui-dist"


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI served from drf-spectacular-sidecar's files, whatever the settings say.

    The split view loads its start-up code from ``?script`` instead of an inline script, and our
    template links its few styles instead of an inline <style>: both as the
    Content-Security-Policy wants.
    """

    template_name = "api/swagger_ui.html"

    @staticmethod
    def _swagger_ui_resource(filename: str) -> str:
        return static(f"{SIDECAR}/{filename}")

    @staticmethod
    def _swagger_ui_favicon() -> str:
        return static(f"{SIDECAR}/favicon-32x32.png")


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
def no_endpoint(request: Request, rest: str) -> Response:
    """Any other address under /api/ answers in JSON too (not with the site's HTML 404 page)."""
    raise NotFound("No such endpoint; the schema at /api/schema/ lists them all.")


no_endpoint.cls.schema = None  # not an operation to document
