"""Honest distances (issue 12): a centre is as far as its nearest site where a *matching*
training runs, and each information session carries its own place and distance, marked when
it is outside the radius. Sites at known places around Liège, Arlon (6700), Couvin, Tournai."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.directory.factories import (
    CentreFactory,
    InfoSessionFactory,
    SiteFactory,
    TrainingFactory,
    walloon_places,
)
from tremplin.directory.enums import Sector
from tremplin.territory.distance import haversine_km

pytestmark = pytest.mark.django_db


def km(places, a, b) -> int:
    """The rounded great-circle distance between two postal codes' points."""
    return round(
        haversine_km(
            places[a].latitude, places[a].longitude, places[b].latitude, places[b].longitude
        )
    )


def site(centre, places, code, name):
    return SiteFactory(centre=centre, postal_code=places[code], name=name)


def search(client, **params) -> list[dict]:
    response = client.get("/api/v1/centres/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def places(db):
    return walloon_places()


@pytest.fixture
def juprelle(places):
    """The case of the issue: trainings at Voroux (Juprelle, ~10 km from Liège) and at the
    Avennes workshop (~30 km), information sessions only at Avennes."""
    centre = CentreFactory(name="Juprelle (fictif)")
    voroux = site(centre, places, "4450", "Site de Voroux")
    avennes = site(centre, places, "4260", "Atelier d'Avennes")
    TrainingFactory(centre=centre, site=voroux, name="Maçonnerie", sector=Sector.CONSTRUCTION)
    TrainingFactory(centre=centre, site=avennes, name="Commis de cuisine", sector=Sector.HORECA)
    InfoSessionFactory(centre=centre, site=avennes)
    return centre


def test_liege_session_outside_the_radius_is_marked_with_its_own_distance(client, places, juprelle):
    assert km(places, "4000", "4450") == 9 and km(places, "4000", "4260") == 30
    (found,) = search(client, near="Liège", radius_km=25)
    assert found["distance_km"] == 9
    session = found["next_info_session"]
    assert session["place"] == "Atelier d'Avennes"
    assert session["address"].endswith("4260 Avennes")
    assert session["distance_km"] == 30
    assert session["within_radius"] is False


def test_liege_filter_moves_the_distance_to_the_matching_training(client, places, juprelle):
    assert search(client, near="Liège", radius_km=25, sector="horeca") == []
    (found,) = search(client, near="Liège", radius_km=50, sector="horeca")
    assert found["distance_km"] == 30
    assert [t["name"] for t in found["trainings"]] == ["Commis de cuisine"]
    assert found["next_info_session"]["within_radius"] is True
    (found,) = search(client, near="Liège", radius_km=25, sector="construction")
    assert found["distance_km"] == 9


def test_liege_search_page_says_the_session_is_farther_than_the_radius(client, places, juprelle):
    text = html.unescape(client.get("/trouver/", {"near": "Liège", "radius_km": "25"}).text)
    assert "À 9 km" in text
    assert "Atelier d'Avennes" in text
    assert "à 30 km : plus loin que 25 km" in text


def test_info_sessions_api_gives_each_session_its_place_and_distance(client, places, juprelle):
    assert client.get("/api/v1/info-sessions/", {"near": "Liège"}).json()["results"] == []
    body = client.get("/api/v1/info-sessions/", {"near": "Liège", "radius_km": "50"}).json()
    (session,) = body["results"]
    assert session["place"] == "Atelier d'Avennes"
    assert session["distance_km"] == 30
    assert session["within_radius"] is True
    assert session["centre_name"] == "Juprelle (fictif)"


def test_6700_an_office_without_training_does_not_count(client, places):
    centre = CentreFactory(name="Arlon et Virton (fictif)")
    site(centre, places, "6700", "Bureau d'Arlon")
    TrainingFactory(centre=centre, site=site(centre, places, "6760", "Atelier de Virton"))
    assert km(places, "6700", "6760") == 24
    (found,) = search(client, near="6700", radius_km=50)
    assert found["distance_km"] == 24
    assert search(client, near="6700", radius_km=10) == []


def test_couvin_ranked_by_the_distance_of_the_matching_site(client, places):
    # Literacy in Couvin itself, construction in Dinant (38 km).
    both = CentreFactory(name="Couvin et Dinant (fictif)")
    couvin = site(both, places, "5660", "Couvin")
    TrainingFactory(centre=both, site=couvin, sector=Sector.LITERACY)
    dinant = site(both, places, "5500", "Dinant")
    TrainingFactory(centre=both, site=dinant, sector=Sector.CONSTRUCTION)
    # Construction in Chimay (13 km).
    chimay = CentreFactory(name="Chimay (fictif)")
    TrainingFactory(
        centre=chimay, site=site(chimay, places, "6460", "Chimay"), sector=Sector.CONSTRUCTION
    )
    assert km(places, "5660", "6460") == 13 and km(places, "5660", "5500") == 38
    found = search(client, near="Couvin", radius_km=50)
    assert [(c["name"], c["distance_km"]) for c in found] == [
        ("Couvin et Dinant (fictif)", 0),
        ("Chimay (fictif)", 13),
    ]
    found = search(client, near="Couvin", radius_km=50, sector="construction")
    assert [(c["name"], c["distance_km"]) for c in found] == [
        ("Chimay (fictif)", 13),
        ("Couvin et Dinant (fictif)", 38),
    ]
    found = search(client, near="Couvin", radius_km=25, sector="literacy")
    assert [(c["name"], c["distance_km"]) for c in found] == [("Couvin et Dinant (fictif)", 0)]


def test_tournai_ranks_by_training_site_not_by_session_site(client, places):
    # Sessions in Tournai itself, but the training runs in Mouscron (~20 km).
    far = CentreFactory(name="Mouscron (fictif)")
    TrainingFactory(centre=far, site=site(far, places, "7700", "Atelier de Mouscron"))
    InfoSessionFactory(
        centre=far,
        site=site(far, places, "7500", "Salle de Tournai"),
        starts_at=timezone.now() + timedelta(days=2),
    )
    near = CentreFactory(name="Tournai (fictif)")
    TrainingFactory(centre=near, site=site(near, places, "7500", "Atelier de Tournai"))
    assert km(places, "7500", "7700") == 20
    found = search(client, near="Tournai", radius_km=25)
    assert [(c["name"], c["distance_km"]) for c in found] == [
        ("Tournai (fictif)", 0),
        ("Mouscron (fictif)", 20),
    ]
    session = found[1]["next_info_session"]
    assert (session["place"], session["distance_km"], session["within_radius"]) == (
        "Salle de Tournai",
        0,
        True,
    )


def test_without_a_place_sessions_have_no_distance(client, places, juprelle):
    (found,) = search(client)
    assert found["distance_km"] is None
    assert found["next_info_session"]["distance_km"] is None
    assert found["next_info_session"]["within_radius"] is None
