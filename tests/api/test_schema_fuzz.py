"""The OpenAPI schema tells the truth: schemathesis generates requests from it (valid and
invalid, deterministic seed, small budget) against the real application, and every answer
must be a documented status, with a documented content type and body, and never a 5xx."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.directory.conftest import directory, places  # noqa: F401 — reused fixtures

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def served_schema() -> dict:
    """The schema exactly as /api/v1/schema/ serves it (without a request to the server)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(served_schema())
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _like_the_test_client(settings):
    """Keep the test's database connection open across requests (as Django's test client
    does) and do not throttle the fuzzer."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"public": None},
    }
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_matches_the_schema(case, directory):  # noqa: F811
    # Answers are gzipped when the client asks (GZipMiddleware); schemathesis' WSGI transport
    # asks but does not decompress, so it asks for the plain body.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
