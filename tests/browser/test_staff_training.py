"""Continuing training in the browser, end to end: the federation publishes a module and a
session, a trainer of a centre asks for a seat, their coordinator approves, the federation
records attendance, the attestation opens, and the figures show the hours. axe-core checks
every new page on the way."""

import datetime as dt

from django.utils import timezone

from tests.directory.factories import walloon_places
from tests.factories import OrganisationFactory, make_member
from tremplin.accounts.models import Role
from tremplin.staff_training.models import Registration, Session


def test_publish_request_approve_attend_attestation_figures(
    page, live_server, login_as, assert_accessible
):
    walloon_places()
    centre = OrganisationFactory(name="Centre des Ateliers (fictif)")
    coordinator = make_member(Role.COORDINATOR, organisation=centre, first_name="Claire")
    trainer = make_member(Role.TRAINER, organisation=centre, first_name="Théo")
    analyst = make_member(Role.FEDERATION_ANALYST)
    url = live_server.url

    # 1. The federation publishes a module and a session.
    login_as(page, live_server, analyst)
    page.goto(url + "/federation/formation-continue/")
    assert_accessible(page)
    page.get_by_role("link", name="Nouveau module").click()
    assert_accessible(page)
    page.get_by_label("Titre").fill("Animer un groupe d'adultes (fictif)")
    page.get_by_label("Thème").select_option("pedagogy")
    page.get_by_role("checkbox", name="Formateur ou formatrice").check()
    page.get_by_role("textbox", name="Formateur ou formatrice").fill("Formatrice Fictive")
    page.get_by_label("Durée (heures)").fill("6")
    page.get_by_label("Description").fill("Pour les formateurs des centres.")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Module enregistré." in page.locator("main").inner_text()
    page.get_by_role("link", name="Ajouter une session").first.click()
    day = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label("Premier jour").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("09:00")
    page.get_by_label("Dernier jour").fill(day.isoformat())
    page.get_by_label("Heure de fin").fill("16:00")
    page.get_by_label("Lieu").fill("Maison des CISP, rue de Fer 12")
    page.get_by_label("Code postal", exact=False).first.fill("5000")
    page.get_by_label("Nombre de places").fill("8")
    page.get_by_label("Inscriptions jusqu'au").fill((day - dt.timedelta(days=7)).isoformat())
    page.get_by_label("Statut").select_option("published")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    assert "Session enregistrée." in page.locator("main").inner_text()

    # The public catalogue shows it, without an account, with its filters.
    page.context.clear_cookies()
    page.goto(url + "/formation-continue/?province=90000")
    assert "Animer un groupe d'adultes (fictif)" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Animer un groupe d'adultes (fictif)").click()
    assert_accessible(page)

    # 2. A trainer of the centre asks for a seat.
    login_as(page, live_server, trainer)
    page.goto(url + "/centre/formation-continue/")
    assert_accessible(page)
    page.get_by_role("button", name="Demander une place").click()
    assert "Demande envoyée à votre coordination" in page.locator("main").inner_text()

    # 3. The coordinator approves.
    login_as(page, live_server, coordinator)
    page.goto(url + "/centre/formation-continue/demandes/")
    assert_accessible(page)
    page.get_by_role("button", name="Accepter").click()
    assert "Demande acceptée : place confirmée." in page.locator("main").inner_text()
    registration = Registration.objects.get()
    assert registration.status == "confirmed"

    # The session takes place (a month later).
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=8),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )

    # 4. The federation records attendance.
    login_as(page, live_server, analyst)
    page.goto(url + f"/federation/formation-continue/sessions/{session.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Noter les présences").click()
    assert_accessible(page)
    page.get_by_label("Présent ou présente").check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    assert "Présences enregistrées" in page.locator("main").inner_text()

    # 5. The trainer gets the attestation.
    login_as(page, live_server, trainer)
    page.goto(url + "/centre/formation-continue/")
    link = page.get_by_role("link", name="Attestation (PDF)")
    response = page.request.get(url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"

    # 6. Figures: the centre's and the sector's.
    login_as(page, live_server, coordinator)
    page.goto(url + "/centre/formation-continue/chiffres/")
    assert_accessible(page)
    assert "Formation continue du personnel" in page.locator("main").inner_text()
    row = page.get_by_role("row").filter(has_text="Pédagogie").first
    assert "6,0" in row.inner_text()
    login_as(page, live_server, analyst)
    page.goto(url + "/federation/formation-continue/chiffres/")
    assert_accessible(page)
    assert "< 5" in page.locator("main").inner_text()  # one person: not published


def test_library_pages_are_accessible(page, live_server, login_as, assert_accessible):
    from tremplin.library import services
    from tremplin.library.models import Document

    analyst = make_member(Role.FEDERATION_ANALYST)
    document = Document.objects.create(
        title="Procédure d'accueil (fictive)",
        kind="procedure",
        summary="L'accueil.",
        is_public=True,
    )
    services.publish_version(document.pk, "Texte 1.", "Première version.", analyst)
    services.publish_version(document.pk, "Texte 2.", "Deuxième version.", analyst)
    page.goto(live_server.url + "/documents/")
    assert_accessible(page)
    page.get_by_role("link", name="Procédure d'accueil (fictive)").click()
    assert_accessible(page)
    page.get_by_role("link", name="Version 1", exact=False).click()
    assert "remplacée depuis" in page.locator("main").inner_text()
    staff = make_member(Role.CENTRE_STAFF)
    login_as(page, live_server, staff)
    page.goto(live_server.url + f"/centre/documents/{document.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Suivre ce document").click()
    assert "Votre centre suit ce document" in page.locator("main").inner_text()
    login_as(page, live_server, analyst)
    page.goto(live_server.url + f"/federation/documents/{document.pk}/")
    assert_accessible(page)
