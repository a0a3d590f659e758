import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.directory.factories import BRAINES, InfoSessionFactory, listed_centres, walloon_places

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def test_centres_contract(client, directory):
    response = client.get("/api/v1/centres/", {"near": "5000", "radius_km": "100"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"count", "next", "previous", "results"}
    assert body["count"] == 4
    first = body["results"][0]
    assert set(first) >= {
        "id",
        "name",
        "methods",
        "distance_km",
        "sites",
        "trainings",
        "next_info_session",
    }
    uuid.UUID(first["id"])
    assert first["name"] == "Les Ateliers de la Meuse (fictif)"
    assert first["methods"] == ["EFT"]
    assert set(first["sites"][0]) >= {
        "address",
        "postal_code",
        "municipality",
        "latitude",
        "longitude",
    }
    assert first["sites"][0]["postal_code"] == "5000"
    assert first["sites"][0]["municipality"] == "Namur"
    assert first["trainings"][0] == {
        "id": first["trainings"][0]["id"],
        "name": "Ouvrier ou ouvrière en maçonnerie",
        "objective": "formation_professionnalisante",
        "sector": "construction",
        "method": "EFT",
    }
    distances = [c["distance_km"] for c in body["results"]]
    assert distances == sorted(distances)
    jambes = body["results"][1]
    assert jambes["next_info_session"]["seats_left"] == 10
    assert jambes["next_info_session"]["booking_url"].endswith("/inscription/")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sector": "horeca"}, ["Cuisine solidaire de Liège (fictif)"]),
        ({"objective": "formation_base"}, ["Espace Lire à Jambes (fictif)"]),
        ({"method": "DEFI", "near": "Namur", "radius_km": "5"}, ["Espace Lire à Jambes (fictif)"]),
        ({"q": "maçon"}, ["Les Ateliers de la Meuse (fictif)"]),
        ({"near": "Liège", "radius_km": "10"}, ["Cuisine solidaire de Liège (fictif)"]),
    ],
)
def test_centres_filters(client, directory, params, expected):
    body = client.get("/api/v1/centres/", params).json()
    assert [c["name"] for c in body["results"]] == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"near": "Atlantide"}, "near"),
        ({"near": "0000"}, "near"),
        ({"near": "12"}, "near"),
        ({"radius_km": "-5"}, "radius_km"),
        ({"radius_km": "99999"}, "radius_km"),
        ({"objective": "astronaut"}, "objective"),
        ({"method": "PHP"}, "method"),
        ({"q": "x" * 1000}, "q"),
    ],
)
def test_bad_input_gives_400_in_french(client, places, params, field):
    response = client.get("/api/v1/centres/", params)
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert body["detail"] == body["errors"][field][0]


def test_unknown_place_message(client, places):
    response = client.get("/api/v1/centres/", {"near": "Atlantide"})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Nous ne trouvons pas « Atlantide ». Vérifiez le nom de la commune."
    )


@pytest.mark.parametrize("path", ["/api/v1/centres/", "/api/v1/info-sessions/"])
def test_a_place_several_municipalities_start_with_is_not_chosen(client, places, path):
    walloon_places(BRAINES)
    response = client.get(path, {"near": "Braine"})
    assert response.status_code == 400
    message = (
        "Plusieurs communes commencent par « Braine ». "
        "Choisissez la vôtre ou tapez son nom complet."
    )
    assert response.json() == {
        "detail": message,
        "errors": {"near": [message]},
        "places": ["Braine-l’Alleud", "Braine-le-Château", "Braine-le-Comte"],
    }
    for place in response.json()["places"]:
        assert client.get(path, {"near": place}).status_code == 200


def test_an_unknown_place_comes_with_the_places_it_may_be(client, places):
    body = client.get("/api/v1/centres/", {"near": "Nammur"}).json()
    assert body["places"] == ["Namur"]
    assert "places" not in client.get("/api/v1/centres/", {"radius_km": "0"}).json()


def test_centres_query_count_is_fixed(client, places, django_assert_num_queries):
    listed_centres(2, places["5000"])
    # the place, then one statement: count, ranking, cards, trainings, next sessions as JSON
    with django_assert_num_queries(2):
        client.get("/api/v1/centres/", {"near": "5000"})
    listed_centres(15, places["5000"])
    # nothing is remembered by the process between requests: the place again, the statement
    with django_assert_num_queries(2):
        client.get("/api/v1/centres/", {"near": "5000"})


def test_centre_detail(client, directory):
    centre = directory["jambes"]
    response = client.get(f"/api/v1/centres/{centre.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["agrement_number"] == centre.agrement_number
    assert body["trainings"][0]["publics"] == ["newcomers"]
    assert body["info_sessions"][0]["seats_left"] == 10
    assert client.get(f"/api/v1/centres/{directory['draft'].pk}/").status_code == 404
    assert client.get(f"/api/v1/centres/{uuid.uuid4()}/").status_code == 404


def test_info_sessions_near_a_place_from_a_date(client, directory, places):
    liege = directory["liege"]
    InfoSessionFactory(
        centre=liege,
        site=liege.sites.get(),
        starts_at=timezone.now() + timedelta(days=40),
    )
    body = client.get("/api/v1/info-sessions/", {"near": "5000", "radius_km": "10"}).json()
    assert [s["centre_name"] for s in body["results"]] == ["Espace Lire à Jambes (fictif)"]
    assert body["results"][0]["distance_km"] == 1
    assert body["results"][0]["seats_left"] == 10
    later = (timezone.localdate() + timedelta(days=20)).isoformat()
    body = client.get("/api/v1/info-sessions/", {"from": later}).json()
    assert [s["centre_name"] for s in body["results"]] == ["Cuisine solidaire de Liège (fictif)"]


def test_info_sessions_bad_date(client, places):
    response = client.get("/api/v1/info-sessions/", {"from": "demain"})
    assert response.status_code == 400
    assert "AAAA-MM-JJ" in response.json()["detail"]


def test_full_sessions_are_not_listed(client, directory):
    from tremplin.intake.models import SessionBooking

    session = directory["jambes"].info_sessions.get()
    session.capacity = 1
    session.save()
    booking_fields = {f.name for f in SessionBooking._meta.fields}
    data = {
        "session": session,
        "first_name": "A",
        "last_name": "B",
        "status": "confirmed",
        "consent_given_at": timezone.now(),
    }
    if "email" in booking_fields:
        data["email"] = "a@exemple.test"
    if "postal_code" in booking_fields:
        data["postal_code"] = "5000"
    SessionBooking.objects.create(**data)
    assert client.get("/api/v1/info-sessions/").json()["results"] == []


def test_public_api_is_throttled_per_ip(client, places, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"public": "3/min"})
    codes = [client.get("/api/v1/centres/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_openapi_schema_and_docs(client, places):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/centres/" in schema.content
    # The documentation is a page of the site, rendered from the same schema (no Swagger UI).
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert '<html lang="fr">' in page
    assert "<code>GET /api/v1/centres/</code>" in page
    assert "<code>POST /api/v1/eligibility/</code>" in page
    assert 'href="/api/v1/schema/"' in page
    assert "swagger" not in page.lower() and "<script>" not in page
