"""The search index (``SearchEntry``, ``SearchCard``) follows every edit of a centre, a site or a
training, in the transaction of the edit, whatever makes it: a search never shows a stale
name, address, distance or training (issue 12, step 4; docs/decisions/0314)."""

import pytest
from django.db import connection, transaction

from tests.directory.factories import (
    CentreFactory,
    InfoSessionFactory,
    SiteFactory,
    TrainingFactory,
    walloon_places,
)
from tremplin.directory.enums import Sector
from tremplin.directory.models import Centre, SearchCard, SearchEntry, Site, Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(db):
    return walloon_places()


@pytest.fixture
def centre(places):
    centre = CentreFactory(name="Atelier du Confluent (fictif)")
    site = SiteFactory(centre=centre, postal_code=places["5000"], name="Atelier de Namur")
    TrainingFactory(centre=centre, site=site, name="Maçonnerie", sector=Sector.CONSTRUCTION)
    return centre


def results(client, **params) -> list[dict]:
    response = client.get("/api/v1/centres/", {"near": "5000", "radius_km": 25, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def only(client, **params) -> dict:
    (found,) = results(client, **params)
    return found


def test_a_new_centre_is_found_with_its_site_and_training(client, centre):
    found = only(client)
    assert found["name"] == "Atelier du Confluent (fictif)"
    assert [s["name"] for s in found["sites"]] == ["Atelier de Namur"]
    assert [t["name"] for t in found["trainings"]] == ["Maçonnerie"]
    assert found["distance_km"] == 0


def test_renaming_the_centre_shows_at_once(client, centre):
    centre.name = "Le Confluent (fictif)"
    centre.save()
    assert only(client)["name"] == "Le Confluent (fictif)"


def test_an_update_by_queryset_is_followed_too(client, centre):
    Centre.objects.filter(pk=centre.pk).update(name="Renommé en masse (fictif)")
    Training.objects.filter(centre=centre).update(name="Gros œuvre")
    found = only(client)
    assert found["name"] == "Renommé en masse (fictif)"
    assert [t["name"] for t in found["trainings"]] == ["Gros œuvre"]


def test_unpublishing_and_publishing_again(client, centre):
    Centre.objects.filter(pk=centre.pk).update(status=Centre.Status.DRAFT)
    assert results(client) == []
    assert not SearchCard.objects.filter(centre_id=centre.pk).exists()
    Centre.objects.filter(pk=centre.pk).update(status=Centre.Status.PUBLISHED)
    assert only(client)["id"] == str(centre.pk)


def test_moving_a_site_changes_the_distance_and_the_address(client, centre, places):
    site = centre.sites.get()
    site.postal_code = places["5100"]
    site.latitude, site.longitude = places["5100"].latitude, places["5100"].longitude
    site.street = "Rue Neuve 1"
    site.save()
    found = only(client)
    assert found["sites"][0]["postal_code"] == "5100"
    assert found["sites"][0]["full_address"].startswith("Rue Neuve 1, 5100 ")
    assert found["distance_km"] >= 1


def test_a_site_far_away_is_not_within_the_radius(client, centre, places):
    Site.objects.filter(centre=centre).update(
        latitude=places["4000"].latitude, longitude=places["4000"].longitude
    )
    assert results(client) == []
    assert only(client, radius_km=100)["distance_km"] > 25


def test_added_and_deleted_sites_and_trainings(client, centre, places):
    second = SiteFactory(centre=centre, postal_code=places["5100"], name="Maison de Jambes")
    TrainingFactory(centre=centre, site=second, name="Cuisine", sector=Sector.HORECA)
    found = only(client)
    assert [s["name"] for s in found["sites"]] == ["Atelier de Namur", "Maison de Jambes"]
    assert [t["name"] for t in found["trainings"]] == ["Cuisine", "Maçonnerie"]
    assert only(client, sector=Sector.HORECA)["trainings"] == [found["trainings"][0]]

    Training.objects.filter(site=second).delete()
    second.delete()
    found = only(client)
    assert [s["name"] for s in found["sites"]] == ["Atelier de Namur"]
    assert results(client, sector=Sector.HORECA) == []


def test_a_deactivated_training_no_longer_matches(client, centre):
    Training.objects.filter(centre=centre).update(is_active=False)
    assert results(client, sector=Sector.CONSTRUCTION) == []
    # Without an active training the centre is still found through its sites.
    assert only(client)["trainings"] == []
    assert SearchEntry.objects.get(centre_id=centre.pk).training_id is None


def test_deleting_the_centre_empties_its_rows(client, centre):
    Training.objects.filter(centre=centre).delete()
    centre.delete()
    assert results(client) == []
    assert not SearchEntry.objects.exists()
    assert not SearchCard.objects.exists()


def test_an_edit_rolled_back_leaves_the_index_as_it_was(client, centre):
    with pytest.raises(RuntimeError), transaction.atomic():
        Centre.objects.filter(pk=centre.pk).update(name="Jamais vu (fictif)")
        raise RuntimeError
    assert only(client)["name"] == "Atelier du Confluent (fictif)"


def test_every_published_centre_has_its_rows_and_nothing_else(centre, places):
    """The index holds exactly what the directory says (checked in SQL, as after a restore)."""
    CentreFactory(status=Centre.Status.DRAFT)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM directory_centre c
            WHERE (c.status = 'published') <> EXISTS
                (SELECT 1 FROM directory_searchcard k WHERE k.centre_id = c.id)
            """
        )
        assert cursor.fetchone()[0] == 0
    assert SearchEntry.objects.filter(centre_id=centre.pk).count() == 1


def test_a_new_locality_name_in_the_territory_reaches_the_addresses(client, centre, places):
    """The territory is reloaded with upserts (``load_territory``): the addresses follow."""
    PostalCode = type(places["5000"])
    PostalCode.objects.filter(pk=places["5000"].pk).update(locality="Namur-Centre")
    assert only(client)["sites"][0]["full_address"].endswith(", 5000 Namur-Centre")
    municipality = places["5000"].municipality
    type(municipality).objects.filter(pk=municipality.pk).update(name_fr="Namur (ville)")
    assert only(client)["sites"][0]["municipality"] == "Namur (ville)"


def test_the_next_session_shows_the_place_as_it_is_now(client, centre, places):
    site = centre.sites.get()
    InfoSessionFactory(centre=centre, site=site)
    assert only(client)["next_info_session"]["place"] == "Atelier de Namur"
    Site.objects.filter(pk=site.pk).update(name="Atelier du Port", street="Quai 2")
    session = only(client)["next_info_session"]
    assert session["place"] == "Atelier du Port"
    assert session["address"].startswith("Quai 2, 5000 ")
    assert session["distance_km"] == 0


def test_a_site_placed_at_its_postal_code_follows_it_when_the_territory_is_loaded(
    client, centre, places
):
    """``load_territory`` moves a postal code's point (docs/decisions/0317): the sites placed at
    that point move with it, and the search measures from the new point (0319). A site whose
    point was set by hand keeps it."""
    from tremplin.territory.models import PostalCode

    code = places["5000"]
    placed = centre.sites.get()
    by_hand = SiteFactory(
        centre=centre, postal_code=code, name="Annexe", latitude=50.47, longitude=4.87
    )
    moved = PostalCode(
        code=code.code,
        municipality_id=code.municipality_id,
        latitude=places["4000"].latitude,
        longitude=places["4000"].longitude,
    )
    # As the loader writes (INSERT … ON CONFLICT DO UPDATE).
    PostalCode.objects.bulk_create(
        [moved],
        update_conflicts=True,
        unique_fields=["code", "municipality"],
        update_fields=["latitude", "longitude"],
    )
    placed.refresh_from_db()
    by_hand.refresh_from_db()
    assert (placed.latitude, placed.longitude) == (moved.latitude, moved.longitude)
    assert (by_hand.latitude, by_hand.longitude) == (50.47, 4.87)
    # Its training now runs in Liège: no longer near Jambes, next door to Namur.
    assert results(client, near="5100", sector=Sector.CONSTRUCTION) == []
    assert only(client, near="4000")["distance_km"] == 0
