"""A person finds a centre, books an information session, gets the e-mail, cancels."""

import re

from django.core import mail

from tests.directory.factories import (
    CentreFactory,
    InfoSessionFactory,
    SiteFactory,
    TrainingFactory,
    walloon_places,
)
from tremplin.intake.models import SessionBooking


def test_search_book_receive_email_and_cancel(page, live_server, assert_accessible):
    places = walloon_places()
    centre = CentreFactory(name="Les Ateliers du Confluent (fictif)")
    site = SiteFactory(centre=centre, postal_code=places["5000"], name="Atelier de Namur")
    training = TrainingFactory(centre=centre, site=site, name="Commis de cuisine")
    session = InfoSessionFactory(centre=centre, site=site, training=training, capacity=8)
    mail.outbox = []

    page.goto(live_server.url + "/trouver/")
    page.get_by_label("Code postal ou commune").fill("5000")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("link", name=re.compile("Les Ateliers du Confluent")).first.click()
    page.get_by_role("link", name=re.compile("S'inscrire")).first.click()

    assert page.url.endswith(f"/sessions/{session.pk}/inscription/")
    assert "Il reste 8 places sur 8." in page.content()
    assert_accessible(page)

    # A first try without contact nor consent: French errors, linked to their fields.
    page.get_by_label("Prénom").fill("Awa")
    page.get_by_label(re.compile(r"^\s*Nom\b")).fill("Diallo")
    page.get_by_label("Code postal de votre domicile").fill("50")
    page.get_by_role("button", name="Réserver ma place").click()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert (
        "Indiquez une adresse e-mail ou un numéro" in page.locator("#id_email-error").inner_text()
    )
    assert "4 chiffres" in page.locator("#id_postal_code-error").inner_text()
    assert_accessible(page)

    page.get_by_label("Adresse e-mail").fill("awa.diallo@exemple.test")
    page.get_by_label("Code postal de votre domicile").fill("5100")
    page.get_by_label(re.compile("J'ai lu ces informations")).check()
    page.get_by_role("button", name="Réserver ma place").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Votre place est réservée"
    assert "awa.diallo@exemple.test" in page.content()
    assert_accessible(page)

    [message] = mail.outbox
    assert message.to == ["awa.diallo@exemple.test"]
    assert message.attachments[0][0] == "seance-information.ics"
    cancel_path = re.search(r"https?://[^/\s]+(/sessions/annuler/\S+/)", message.body).group(1)

    page.goto(live_server.url + cancel_path)
    assert "Voulez-vous vraiment annuler" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Inscription annulée"
    assert SessionBooking.objects.get().status == SessionBooking.Status.CANCELLED

    page.goto(live_server.url + cancel_path)
    assert "déjà annulée" in page.content()
