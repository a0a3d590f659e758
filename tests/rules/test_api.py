import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

URL = "/api/v1/eligibility/"


@pytest.fixture
def api():
    return APIClient()


def test_url_is_named():
    assert reverse("api-eligibility") == URL


def test_eligible_person_gets_category_allowance_and_version(api):
    response = api.post(
        URL,
        {
            "on_date": "2024-03-01",
            "birth_date": "1990-05-01",
            "forem_registered": True,
            "highest_certificate": "CEB",
            "planned_hours_per_week": 20,
            "planned_weeks": 10,
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "eligible"
    assert [c["code"] for c in body["categories"]] == ["A"]
    assert body["categories"][0]["legal_reference"]
    assert body["allowance"]["hourly_rate_eur"] == 2.0
    assert body["allowance"]["estimated_gross_eur"] == 400.0
    assert "1er décembre 2022" in body["allowance"]["legal_reference"]
    assert body["missing"] == []
    assert body["rules_version"]


def test_omitted_answers_are_unknown_not_false(api):
    response = api.post(URL, {"on_date": "2024-03-01"}, format="json")
    body = response.json()
    assert body["status"] == "incomplete"
    assert "birth_date" in body["missing"]
    assert "forem_registered" in body["missing"]


def test_null_is_unknown_too(api):
    response = api.post(URL, {"on_date": "2024-03-01", "forem_registered": None}, format="json")
    assert response.status_code == 200
    assert "forem_registered" in response.json()["missing"]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"months_registered_last_24": -1}, "months_registered_last_24", "négatif"),
        ({"months_registered_last_24": 25}, "months_registered_last_24", "au plus 24 mois"),
        ({"highest_certificate": "bac"}, "highest_certificate", "Diplôme inconnu"),
        ({"birth_date": "1990-02-30"}, "birth_date", "Cette date n'existe pas"),
        ({"on_date": "2024-13-01"}, "on_date", "Cette date n'existe pas"),
        ({"birth_date": "2999-01-01"}, "birth_date", "ne peut pas être dans le futur"),
        (
            {"birth_date": "2000-01-01", "on_date": "1999-01-01"},
            "birth_date",
            "avant la date d'entrée",
        ),
        ({"incapacity_percent": 120}, "incapacity_percent", "entre 0 et 100"),
        ({"planned_hours_per_week": 80}, "planned_hours_per_week", "entre 0 et 60"),
        ({"forem_registered": "peut-être"}, "forem_registered", "oui (true) ou non"),
        ({"planned_weeks": "dix"}, "planned_weeks", "nombre entier"),
    ],
)
def test_bad_input_gives_400_with_french_message_per_field(api, payload, field, message):
    response = api.post(URL, payload, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    assert message in errors[field][0]


def test_public_without_login_and_throttled_per_ip(api, settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], public="2/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from rest_framework.throttling import ScopedRateThrottle

    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = rates
    try:
        codes = [api.post(URL, {}, format="json").status_code for _ in range(3)]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original
    assert codes == [200, 200, 429]


def test_get_is_not_allowed(api):
    assert api.get(URL).status_code == 405


def test_openapi_schema_documents_the_endpoint(api):
    response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    operation = schema["paths"]["/api/v1/eligibility/"]["post"]
    assert operation["operationId"] == "eligibility_evaluate"
    assert "requestBody" in operation


def test_command_prints_the_same_answer_as_the_api(api, tmp_path, capsys):
    situation = {
        "on_date": "2022-12-18",
        "birth_date": "1990-05-01",
        "forem_registered": True,
        "highest_certificate": "CQ6",
        "months_registered_last_24": 20,
        "planned_hours_per_week": 28,
        "planned_weeks": 4,
    }
    path = tmp_path / "situation.json"
    path.write_text(json.dumps(situation), encoding="utf-8")
    call_command("eligibility", str(path))
    printed = json.loads(capsys.readouterr().out)
    assert printed == api.post(URL, situation, format="json").json()
    assert printed["allowance"]["estimated_gross_eur"] == 168.0


def test_command_reports_bad_input_in_french(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "bad.json"
    path.write_text('{"months_registered_last_24": 30}', encoding="utf-8")
    with pytest.raises(CommandError, match="24 derniers mois"):
        call_command("eligibility", str(path))


def test_equivalent_social_aid_is_an_optional_fact(api):
    payload = {
        "on_date": "2024-03-01",
        "birth_date": "1992-09-09",
        "forem_registered": False,
        "highest_certificate": "CEB",
        "integration_income": False,
        "equivalent_social_aid": True,
    }
    body = api.post(URL, payload, format="json").json()
    assert [c["code"] for c in body["categories"]] == ["D1"]
    assert [c["code"] for c in body["to_confirm"]] == ["D1"]
    assert body["to_confirm"][0]["message"].startswith("Cette règle est en cours de vérification")
    bad = api.post(URL, {"equivalent_social_aid": "bof"}, format="json")
    assert bad.status_code == 400
    assert "oui (true) ou non" in bad.json()["equivalent_social_aid"][0]
