"""Schemathesis over every operation of /api/schema/, as an editor of the seeded map.

Requests go straight to the WSGI application. The user logs in with a session cookie (and,
for unsafe methods, the CSRF cookie and header a browser would send). Half of the generated
path parameters and ids are swapped for ids that exist in the seed map, so that the happy
paths are exercised as well as the 404s. Checks: no server error, and every response (status
code, content type, headers, body) as the schema documents it.
"""

import random
import zlib
from io import StringIO

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string  # type: ignore[attr-defined]
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from argmap.maps.models import Annotation, Argument, Claim, Map, Membership
from argmap.wsgi import application
from tests.factories import UserFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def editor(client, db):
    """An editor of the seed map, logged in: the cookies and header a browser would send; real ids."""
    call_command("import_seeds", stdout=StringIO())
    seed = Map.objects.get(slug="unga74-ict-crime")
    user = UserFactory(username="api-editor")
    Membership.objects.create(map=seed, user=user, role=Membership.Role.EDITOR)
    client.force_login(user)
    csrf = _get_new_csrf_string()
    auth = {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf},
        "headers": {"X-CSRFToken": csrf},
    }
    claim = Claim.objects.filter(map=seed).first()
    argument = Argument.objects.filter(map=seed).first()
    annotation = Annotation.objects.create(map=seed, claim=claim, author=user, body="A note")
    ids = {
        "slug": [seed.slug],
        "claims": list(Claim.objects.filter(map=seed).values_list("pk", flat=True)),
        "arguments": list(Argument.objects.filter(map=seed).values_list("pk", flat=True)),
        "annotations": [annotation.pk],
    }
    assert claim and argument
    # Django's test client does the same: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield auth, ids
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def real_ids(case, ids) -> None:
    """Swap about half the generated path parameters and body references for seed map ids.

    The choice follows from the generated case itself, so a run is as reproducible as the cases.
    """
    rng = random.Random(zlib.crc32(repr((case.path_parameters, case.body)).encode()))
    resource = case.path.split("/")[2]  # /api/<resource>/...
    pools = {"slug": ids["slug"], "claim_pk": ids["claims"], "id": ids.get(resource)}
    for name in list(case.path_parameters or {}):
        if pools.get(name) and rng.random() < 0.5:
            case.path_parameters[name] = rng.choice(pools[name])
    if not isinstance(case.body, dict):
        return
    for field, pool in [
        ("map", ids["slug"]),
        ("conclusion", ids["claims"]),
        ("claim", ids["claims"]),
        ("target", ids["arguments"]),
        ("argument", ids["arguments"]),
    ]:
        if field in case.body and rng.random() < 0.5:
            case.body[field] = rng.choice(pool)
    if "version" in case.body and rng.random() < 0.5:
        case.body["version"] = 1
    if isinstance(case.body.get("premises"), list):
        case.body["premises"] = [
            rng.choice(ids["claims"]) if isinstance(p, int) and rng.random() < 0.5 else p
            for p in case.body["premises"]
        ]


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_the_schema(case, editor):
    auth, ids = editor
    real_ids(case, ids)
    case.call_and_validate(**auth, checks=CHECKS)
