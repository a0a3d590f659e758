"""Every error under /api/ is JSON with a French ``detail``; odd input is a 4xx, never a 500."""

import json

import pytest
from rest_framework.test import APIClient

from tremplin.api.errors import NOT_FOUND
from tremplin.api.parsers import MALFORMED_JSON, TOO_DEEP

ELIGIBILITY = "/api/v1/eligibility/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient(raise_request_exception=False)


def post(api, body, content_type="application/json", **headers):
    return api.generic("POST", ELIGIBILITY, body, content_type=content_type, **headers)


def detail(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    return response.json()["detail"]


def test_json_nested_2000_levels_deep(api):
    assert detail(post(api, "[" * 2000 + "]" * 2000), 400) == TOO_DEEP
    assert detail(post(api, '{"a":' * 2000 + "1" + "}" * 2000), 400) == TOO_DEEP


def test_a_date_far_in_the_future_is_refused_not_overflowing(api):
    body = {"on_date": "9999-12-31", "planned_weeks": 1, "planned_hours_per_week": 1}
    response = post(api, json.dumps(body))
    assert response.status_code == 400
    assert response.json() == {"on_date": ["Choisissez une date entre 1900 et 2100."]}
    old = post(api, json.dumps({"birth_date": "0001-01-01"}))
    assert old.json() == {"birth_date": ["Choisissez une date entre 1900 et 2100."]}


@pytest.mark.parametrize("body", ["{", '{"birth_date": }', "\x00", "nul"])
def test_malformed_json_in_french(api, body):
    assert detail(post(api, body), 400) == MALFORMED_JSON


@pytest.mark.parametrize("body", ["null", "[]", "42", '"texte"'])
def test_a_body_that_is_not_an_object(api, body):
    assert "Envoyez un objet JSON" in detail(post(api, body), 400)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_drf_own_messages_are_french_whatever_the_language(api, language):
    """A number too long was « A valid integer is required » style English for an English
    browser (DRF's own messages followed Accept-Language)."""
    response = post(api, json.dumps({"planned_weeks": "1" * 1001}), HTTP_ACCEPT_LANGUAGE=language)
    assert response.json() == {"planned_weeks": ["Ce nombre est trop long."]}


def test_an_empty_body_is_an_empty_situation(api):
    assert post(api, "").json()["status"] == "incomplete"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"--x\r\nbad", "multipart/form-data; boundary=x"),
        (b"birth_date=1990-01-01", "application/x-www-form-urlencoded"),
        (b"<xml/>", "application/xml"),
    ],
)
def test_only_json_is_accepted(api, body, content_type):
    message = detail(post(api, body, content_type), 415)
    assert message.startswith("Type de contenu non accepté : envoyez le corps en JSON")


def test_a_body_over_the_size_limit(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    message = detail(post(api, json.dumps({"x": "a" * 5000})), 413)
    assert message == "Le corps de la requête est trop grand : au plus 1 Ko."


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nope/", "/api/nope", "/api/v1/centres/pas-un-uuid/", "/api/v1/stats/sector/x/"],
)
def test_unknown_path_is_a_json_404(api, path):
    assert detail(api.get(path), 404) == NOT_FOUND


def test_unknown_centre_is_a_french_json_404(api):
    response = api.get("/api/v1/centres/00000000-0000-0000-0000-000000000000/")
    assert detail(response, 404) == "Introuvable."


def test_method_not_allowed_in_french(api):
    assert detail(api.get(ELIGIBILITY), 405) == (
        "La méthode GET n'est pas acceptée à cette adresse."
    )


def test_forbidden_in_french(api):
    assert "Connectez-vous" in detail(api.get("/api/v1/stats/sector/2024/"), 403)


def test_throttled_in_french(api, settings):
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()
    rates = {"public": "1/min"}
    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = rates
    try:
        post(api, "{}")
        message = detail(post(api, "{}"), 429)
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original
        cache.clear()
    assert message.startswith("Trop de requêtes depuis votre adresse. Réessayez dans")


def test_pages_outside_the_api_stay_html(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_is_json(rf):
    from tremplin.api.errors import handler500

    response = handler500(rf.get("/api/v1/centres/"))
    assert response.status_code == 500
    assert json.loads(response.content)["detail"].startswith("Une erreur s'est produite")
