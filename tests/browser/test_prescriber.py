"""The counsellor's side in the browser: search near Couvin, check eligibility inside the
referral and refer from a result; a colleague of the same office follows it; a counsellor of
another office cannot; after the contract the detail shows only with the person's agreement.
axe-core on every prescriber page."""

import datetime
import re

from django.utils import timezone

from tests.prescriber.conftest import world  # noqa: F401 — the counsellors' world
from tests.training.factories import ContractFactory
from tremplin.intake.models import Candidacy, Referral
from tremplin.intake.states import CandidacyStatus


def test_refer_from_the_directory_follow_as_a_team_and_after_the_contract(
    page,
    live_server,
    login_as,
    assert_accessible,
    world,  # noqa: F811
):
    login_as(page, live_server, world.counsellor)
    page.goto(live_server.url + "/prescripteur/")
    assert_accessible(page)
    page.get_by_role("link", name="Orienter une personne").click()
    page.get_by_label("Code postal ou commune").fill("Couvin")
    page.get_by_role("button", name="Chercher").click()
    assert "de chez la personne" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Orienter — Aide en cuisine de collectivité")).click()
    assert "km de Couvin" in page.content()
    assert_accessible(page)

    page.locator("#id_first_name").fill("Léa")
    page.locator("#id_last_name").fill("Fictive")
    page.locator("#id_birth_date").fill("1992-03-14")
    page.locator("#id_email").fill("lea.fictive@exemple.test")
    page.get_by_text("Vérifier l'éligibilité avec la personne").click()
    page.locator("#id_e0-forem_registered_0").check()
    page.locator("#id_e1-months_registered_last_24").fill("20")
    page.get_by_label(re.compile("^CEB")).check()
    page.locator("#id_e3-disability_recognised_1").check()
    page.get_by_label("Aucune de ces situations").check()
    page.get_by_role("button", name="Vérifier l'éligibilité").click()
    assert "Preuves que le centre demandera" in page.content()
    assert page.locator("#id_first_name").input_value() == "Léa"
    assert_accessible(page)

    page.get_by_label("De vive voix, en entretien").check()
    page.locator("#id_reason").fill("Veut travailler en cuisine de collectivité.")
    page.get_by_role("button", name="Envoyer l'orientation").click()
    assert "Orientation envoyée au centre." in page.content()
    assert "Éligibilité vérifiée à l'orientation" in page.content()
    assert_accessible(page)
    referral = Referral.objects.get()
    assert referral.eligibility.situation["forem_registered"] is True
    assert referral.candidacy.training == world.chimay

    # A colleague of the same office follows it.
    login_as(page, live_server, world.colleague)
    page.goto(live_server.url + "/prescripteur/orientations/")
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 740})  # a phone: the table stacks
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="Léa Fictive").click()
    assert page.get_by_role("heading", level=1).inner_text().endswith("Léa Fictive")

    # A counsellor of another office cannot.
    login_as(page, live_server, world.stranger)
    response = page.goto(live_server.url + f"/prescripteur/orientations/{referral.pk}/")
    assert response.status == 404
    page.goto(live_server.url + "/prescripteur/orientations/")
    assert "Léa Fictive" not in page.content()

    # After the contract: "En formation" only, the detail once the person agreed.
    Candidacy.objects.filter(pk=referral.candidacy_id).update(
        status=CandidacyStatus.CONTRACT_SIGNED
    )
    ContractFactory(
        group=None,
        training=world.chimay,
        person=referral.person,
        candidacy=referral.candidacy,
        start_date=datetime.date(2026, 1, 5),
        planned_end_date=datetime.date(2026, 6, 30),
    )
    login_as(page, live_server, world.colleague)
    page.goto(live_server.url + f"/prescripteur/orientations/{referral.pk}/")
    assert page.locator("#outcome").inner_text() == "En formation"
    # Not before the day the person agreed to the referral (today, in the form above).
    page.locator("#id_give-day").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Noter l'accord de la personne").click()
    assert page.locator("#outcome").inner_text() == "En formation depuis le 5 janvier 2026"
    assert_accessible(page)


def test_filter_the_list_and_withdraw_a_referral_on_a_phone(
    page,
    live_server,
    login_as,
    assert_accessible,
    world,  # noqa: F811
):
    """On a 360 px phone: filter « Orientations suivies » (no sideways scroll, no JS needed),
    withdraw a referral with its confirmation page; the list then counts it as withdrawn."""
    from tests.intake.people_factories import ReferralFactory

    for last_name in ("Lambert", "Moreau", "Dubois"):
        ReferralFactory(
            prescriber=world.counsellor,
            prescriber_organisation=world.office,
            candidacy__training=world.couvin,
            candidacy__person__last_name=last_name,
        )
    login_as(page, live_server, world.counsellor)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/prescripteur/orientations/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.get_by_label("Nom de la personne").fill("moreau")
    page.get_by_label("Orientations", exact=True).select_option("mine")
    page.get_by_role("button", name="Filtrer").click()
    assert "q=moreau" in page.url and "whose=mine" in page.url
    rows = page.locator("tbody th a")
    assert rows.count() == 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    rows.first.click()
    page.get_by_role("button", name="Retirer l'orientation…").click()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    page.get_by_label("La personne a trouvé un emploi").check()
    page.get_by_role("button", name="Retirer l'orientation").click()
    assert "Orientation retirée. Le centre le voit" in page.content()
    assert page.get_by_text("Orientation retirée par le prescripteur").count() >= 1
    page.goto(live_server.url + "/prescripteur/orientations/?status=withdrawn")
    assert page.locator("tbody th a").count() == 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
