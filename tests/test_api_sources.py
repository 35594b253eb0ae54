"""Sources, the current user, the schema and its documentation, and the API's edges."""

from io import StringIO

import pytest
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from argmap.maps.models import Map

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("import_seeds", stdout=StringIO())
    return Map.objects.get(slug="unga74-ict-crime")


def test_the_source_list_filters_by_kind_map_and_text(seeded, map_, user):
    api = APIClient()
    slugs = [s["slug"] for s in api.get("/api/sources/").json()["results"]]
    assert slugs == ["a-c-3-74-l-11", "us-statement-2019-11-18"]
    assert "passages" not in api.get("/api/sources/").json()["results"][0]
    statements = api.get("/api/sources/", {"kind": "statement"}).json()["results"]
    assert [s["slug"] for s in statements] == ["us-statement-2019-11-18"]
    assert api.get("/api/sources/", {"text": "A/C.3/74"}).json()["count"] == 1
    assert api.get("/api/sources/", {"map": seeded.slug}).json()["count"] == 2
    assert api.get("/api/sources/", {"map": map_.slug}).status_code == 404  # private
    api.force_login(user)
    assert api.get("/api/sources/", {"map": map_.slug}).json()["count"] == 0
    assert api.get("/api/sources/", {"kind": "poem"}).status_code == 400


def test_me(user):
    api = APIClient()
    assert api.get("/api/users/me/").status_code == 401
    api.force_login(user)
    assert api.get("/api/users/me/").json()["username"] == "coach"


def test_the_schema_and_its_documentation(db):
    api = APIClient()
    schema = api.get("/api/schema/", {"format": "json"}).json()
    validate_schema(schema)
    operations = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    assert ("PATCH", "/api/annotations/{id}/") in operations and len(operations) == 46
    assert ("POST", "/api/maps/{slug}/sources/carry/") in operations
    assert {("POST", "/api/maps/{slug}/redo/"), ("GET", "/api/search/")} <= operations
    assert ("DELETE", "/api/maps/{slug}/invitations/{id}/") in operations
    patch = schema["paths"]["/api/claims/{id}/"]["patch"]
    assert {"200", "400", "401", "403", "404", "409", "412", "428"} <= set(patch["responses"])
    docs = api.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in docs.content


def test_the_schema_generates_without_errors_or_warnings():
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._error_cache
    # Enum names ("kind" of arguments, annotations, sources, passages) are set in the settings.
    warnings = [w for w in GENERATOR_STATS._warn_cache if "enum naming" not in w]
    assert warnings == []


def test_the_browsable_api_and_unknown_addresses(seeded):
    api = APIClient()
    page = api.get("/api/maps/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and b"Map List" in page.content
    missing = api.get("/api/nothing/here")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert api.delete("/api/sources/").status_code == 405


def test_scripts_use_a_token(seeded, user):
    from argmap.accounts import services as accounts

    _, key = accounts.create_token(user=user, name="script")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/users/me/").json()["username"] == "coach"
    created = api.post("/api/maps/", {"title": "By script"}, format="json")
    assert created.status_code == 201  # no CSRF token needed with a token
    api.credentials(HTTP_AUTHORIZATION="Token wrong")
    refused = api.get("/api/maps/")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"
