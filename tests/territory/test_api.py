import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import ScopedRateThrottle

URL = "/api/v1/territory/postal-codes/{}/"


def test_known_code(territory, client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL.format("4000"))
    # One query for the data (the others are the throttle's cache).
    assert len([q for q in queries if "territory_" in q["sql"]]) == 1
    assert response.status_code == 200
    data = response.json()
    assert data["code"] == "4000"
    assert data["municipality"]["nis_code"] == "62063"
    assert data["municipality"]["name"] == "Liège"
    assert data["municipality"]["province"] == {"nis_code": "60000", "name": "Liège"}
    assert data["municipality"]["ibefe_area"]["code"] == "liege"
    assert 50.5 < data["latitude"] < 50.8
    assert 5.4 < data["longitude"] < 5.7
    assert data["other_municipalities"] == []


def test_shared_code_lists_the_other_municipality(territory, client):
    data = client.get(URL.format("1040")).json()
    assert data["municipality"]["name"] == "Etterbeek"
    assert data["municipality"]["province"] is None
    assert data["other_municipalities"] == [{"nis_code": "21004", "name": "Bruxelles"}]


def test_corrected_point_is_flagged(territory, client):
    data = client.get(URL.format("6831")).json()
    assert data["point_corrected"] is True
    assert data["municipality"]["name"] == "Bouillon"


def test_unknown_code(territory, client):
    response = client.get(URL.format("9999"))
    assert response.status_code == 404
    assert response.json() == {"detail": "Code postal inconnu : 9999."}


@pytest.mark.parametrize("code", ["abc", "123", "12345", "40 0", "٥٠٠٠", "５０００"])
def test_malformed_code(territory, client, code):
    response = client.get(URL.format(code))
    assert response.status_code == 400
    assert "4 chiffres" in response.json()["detail"]


def test_throttled_per_ip(territory, client, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"public": "2/min"})
    assert client.get(URL.format("5000")).status_code == 200
    assert client.get(URL.format("5000")).status_code == 200
    assert client.get(URL.format("5000")).status_code == 429
    cache.clear()


def test_documented_in_openapi(db, client):
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/territory/postal-codes/{code}/" in schema
    assert "PostalCode" in schema
