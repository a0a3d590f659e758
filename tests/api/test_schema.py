"""The OpenAPI schema states the ranges, fixed lists, pattern, statuses and encodings the
server really applies (the fuzzer in test_schema_fuzz.py checks the answers against it)."""

import pytest

from tests.api.test_schema_fuzz import served_schema

SCHEMA = served_schema()


def operation(path, method="get"):
    return SCHEMA["paths"][path][method]


def parameter(path, name):
    return next(p for p in operation(path)["parameters"] if p["name"] == name)["schema"]


def test_ranges():
    assert parameter("/api/v1/centres/", "radius_km") == {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
    }
    situation = SCHEMA["components"]["schemas"]["Situation"]["properties"]
    hours = situation["planned_hours_per_week"]
    assert (hours["type"], hours["minimum"], hours["maximum"]) == ("number", 0, 60)
    months = situation["months_registered_last_24"]
    assert (months["minimum"], months["maximum"]) == (0, 24)


@pytest.mark.parametrize(
    ("name", "some"),
    [
        ("province", "60000"),
        ("ibefe", "hainaut-centre"),
        ("public", "women"),
        ("language", "ar"),
        ("session_within_weeks", 4),
        ("method", "EFT"),
    ],
)
def test_fixed_lists(name, some):
    assert some in parameter("/api/v1/centres/", name)["enum"]


def test_postal_code_pattern():
    code = parameter("/api/v1/territory/postal-codes/{code}/", "code")
    assert code["pattern"] == "^[0-9]{4}$"


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/api/v1/centres/", "get", {"200", "400", "404", "429"}),
        ("/api/v1/centres/{id}/", "get", {"200", "404", "429"}),
        ("/api/v1/info-sessions/", "get", {"200", "400", "404", "429"}),
        ("/api/v1/eligibility/", "post", {"200", "400", "413", "415", "429"}),
        ("/api/v1/territory/postal-codes/{code}/", "get", {"200", "400", "404", "429"}),
        ("/api/v1/stats/sector/{year}/", "get", {"200", "403", "404"}),
    ],
)
def test_every_status_is_documented(path, method, statuses):
    assert set(operation(path, method)["responses"]) == statuses


def test_only_json_request_bodies():
    body = operation("/api/v1/eligibility/", "post")["requestBody"]["content"]
    assert list(body) == ["application/json"]
    assert "equivalent_social_aid" in SCHEMA["components"]["schemas"]["Situation"]["properties"]


def test_a_search_error_may_offer_places():
    error = SCHEMA["components"]["schemas"]["ErreurDeRecherche"]
    assert error["properties"]["places"]["items"] == {"type": "string"}
    assert error["required"] == ["detail", "errors"]
