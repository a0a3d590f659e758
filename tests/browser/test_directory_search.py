"""Search → results (list and map) → centre page, with axe-core on each page."""

import re

from tests.directory.factories import (
    CentreFactory,
    InfoSessionFactory,
    SiteFactory,
    TrainingFactory,
    walloon_places,
)
from tests.factories import make_member
from tremplin.accounts.models import Role


def make_directory():
    places = walloon_places()
    kitchen = CentreFactory(name="Cuisine solidaire de Namur (fictif)", methods=["EFT"])
    site = SiteFactory(centre=kitchen, postal_code=places["5000"], name="Restaurant école")
    training = TrainingFactory(
        centre=kitchen, site=site, name="Commis de cuisine", sector="horeca", method="EFT"
    )
    session = InfoSessionFactory(centre=kitchen, site=site, training=training)
    literacy = CentreFactory(name="Lire à Jambes (fictif)")
    TrainingFactory(
        centre=literacy,
        site=SiteFactory(centre=literacy, postal_code=places["5100"]),
        name="Alphabétisation",
        sector="literacy",
        objective="formation_base",
    )
    far = CentreFactory(name="Chantier d'Arlon (fictif)")
    TrainingFactory(
        centre=far,
        site=SiteFactory(centre=far, postal_code=places["6700"]),
        name="Maçonnerie",
        sector="construction",
    )
    return kitchen, session


def test_search_then_centre_page(page, live_server, assert_accessible):
    kitchen, session = make_directory()
    page.goto(live_server.url + "/trouver/")
    assert_accessible(page)
    page.get_by_label("Code postal ou commune").fill("namur")
    page.get_by_label("Métier ou mot-clé").fill("cuisine")
    page.get_by_role("button", name="Chercher").click()

    assert "1 centre trouvé" in page.locator("h2#results-title").inner_text()
    # Leaflet loads only when the person asks for the map.
    assert page.evaluate("typeof L") == "undefined"
    assert_accessible(page)
    page.get_by_role("button", name="Voir la carte").click()
    page.locator("#directory-map.leaflet-container").wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 1
    marker = page.locator("img.leaflet-marker-icon")
    marker.wait_for()
    page.wait_for_function(
        "() => document.querySelector('img.leaflet-marker-icon').complete", timeout=5000
    )
    assert marker.evaluate("img => img.naturalWidth") > 0  # the image, not a broken icon
    assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Cuisine solidaire de Namur (fictif)", exact=True).click()
    assert page.locator("h1").inner_text() == "Cuisine solidaire de Namur (fictif)"
    assert "Commis de cuisine" in page.content()
    booking = page.get_by_role("link", name=re.compile("S'inscrire")).first
    assert booking.get_attribute("href") == f"/sessions/{session.pk}/inscription/"
    assert_accessible(page)


def test_zero_results_and_bad_input_are_explained(page, live_server, assert_accessible):
    make_directory()
    page.goto(live_server.url + "/trouver/?near=Dinant&radius_km=10")
    assert "élargissez la distance à 25 km" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("élargissez la distance")).click()
    assert "centre" in page.locator("h2#results-title").inner_text()

    page.goto(live_server.url + "/trouver/")
    page.get_by_label("Code postal ou commune").fill("9999")
    page.get_by_role("button", name="Chercher").click()
    assert page.locator("#id_near").get_attribute("aria-invalid") == "true"
    assert "Le code postal 9999 n'existe pas en Belgique." in page.locator(".alert").inner_text()
    assert_accessible(page)


def test_coordinator_pages_are_accessible(page, live_server, login_as, assert_accessible):
    kitchen, _session = make_directory()
    coordinator = make_member(Role.COORDINATOR, organisation=kitchen.organisation)
    login_as(page, live_server, coordinator)
    page.goto(live_server.url + f"/centre/annuaire/{kitchen.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter une formation").click()
    page.get_by_role("button", name="Enregistrer").click()
    assert page.locator(".alert-danger").count() >= 1
    assert_accessible(page)
