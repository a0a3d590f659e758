"""Intake in the browser: a prescriber refers a person; the centre invites, notes the session,
the interview and the eligibility check, admits, signs the training contract (PDF) and the
person is a trainee; a second candidacy is refused with a message to the person."""

import datetime
import re

from django.core import mail
from django.utils import timezone

from tests.directory.factories import (
    CentreFactory,
    InfoSessionFactory,
    SiteFactory,
    TrainingFactory,
)
from tests.factories import make_member
from tests.intake.people_factories import CandidacyFactory
from tremplin.accounts.models import Role
from tremplin.intake.models import Candidacy
from tremplin.intake.states import CandidacyStatus
from tremplin.training.models import Contract


def centre_world():
    centre = CentreFactory(name="Les Ateliers du Confluent (fictif)")
    site = SiteFactory(centre=centre)
    training = TrainingFactory(centre=centre, site=site, name="Commis de cuisine")
    session = InfoSessionFactory(
        centre=centre,
        site=site,
        training=training,
        starts_at=timezone.now() + datetime.timedelta(days=7),
    )
    coordinator = make_member(Role.COORDINATOR, organisation=centre.organisation)
    return training, session, coordinator


def act(page, label, **fields):
    """Open the action ``label`` on the candidacy page, fill it and submit."""
    box = page.locator("details", has=page.locator("summary", has_text=label))
    box.locator("summary").click()
    for field_label, value in fields.items():
        control = box.get_by_label(field_label)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    box.get_by_role("button", name=label).click()


def test_referral_to_trainee(page, live_server, login_as, assert_accessible):
    training, session, coordinator = centre_world()
    prescriber = make_member(Role.PRESCRIBER)

    # The prescriber refers a person, with their consent.
    login_as(page, live_server, prescriber)
    page.goto(live_server.url + "/prescripteur/")
    assert_accessible(page)
    page.get_by_role("link", name="Orienter une personne").click()
    assert_accessible(page)
    page.get_by_label("Code postal ou commune").fill("Namur")
    page.get_by_role("button", name="Chercher").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Orienter — Commis de cuisine")).click()
    page.locator("#id_first_name").fill("Léa")
    page.locator("#id_last_name").fill("Fictive")
    page.locator("#id_birth_date").fill("1992-03-14")
    page.locator("#id_email").fill("lea.fictive@exemple.test")
    page.get_by_label("De vive voix, en entretien").check()
    page.locator("#id_reason").fill("Veut devenir commis de cuisine.")
    page.get_by_role("button", name="Envoyer l'orientation").click()
    assert "Orientation envoyée au centre." in page.content()
    candidacy = Candidacy.objects.get()
    assert candidacy.source == "referral"

    # The centre finds it in its inbox.
    login_as(page, live_server, coordinator)
    page.goto(live_server.url + "/centre/")
    assert_accessible(page)
    page.get_by_role("link", name="Boîte des candidatures").click()
    page.get_by_role("link", name=re.compile("Commis de cuisine")).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Fictive Léa").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Léa Fictive")
    assert_accessible(page)

    act(page, "Inviter à une séance", **{"Séance d'information": str(session.pk)})
    act(page, "Présente à la séance")
    interview_at = timezone.localtime() + datetime.timedelta(days=2)
    act(
        page,
        "Fixer l'entretien",
        **{"Date et heure de l'entretien": interview_at.strftime("%Y-%m-%dT%H:%M")},
    )
    page.get_by_role("link", name="Noter l'entretien").click()
    assert_accessible(page)
    page.get_by_label("Motivation").fill("Aime cuisiner pour les autres.")
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    act(page, "Entretien fait")

    page.get_by_role("link", name="Vérifier les conditions d'accès").click()
    assert_accessible(page)
    page.get_by_label(
        "La personne est inscrite au Forem comme demandeuse d'emploi inoccupée"
    ).select_option("yes")
    page.get_by_label("Mois d'inscription au Forem sur les 24 derniers mois").fill("24")
    page.get_by_label("Diplôme le plus élevé").select_option("CE2D")
    page.get_by_role("button", name=re.compile("Vérifier|Enregistrer")).click()
    assert "conditions remplies" in page.content()

    act(page, "Admettre")
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.ADMITTED

    page.get_by_role("link", name="Ouvrir le dossier complet").click()
    assert_accessible(page)
    page.go_back()

    # The contract: form, PDF, the person is a trainee.
    page.get_by_role("link", name="Établir le contrat de formation").click()
    start = timezone.localdate() + datetime.timedelta(days=14)
    page.locator("#id_start_date").fill(start.isoformat())
    page.locator("#id_planned_end_date").fill((start + datetime.timedelta(days=90)).isoformat())
    page.locator("#id_hours_per_week").fill("30")
    for day in ("mon", "tue", "wed", "thu", "fri"):
        page.locator(f"#id_hours_{day}").fill("6")
    page.get_by_role("button", name="Signer le contrat").click()
    assert "La personne est maintenant stagiaire." in page.content()
    contract = Contract.objects.get()
    assert contract.person == candidacy.person and contract.status == Contract.Status.ACTIVE
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.CONTRACT_SIGNED
    href = page.locator("a[href$='contrat.pdf']").first.get_attribute("href")
    assert href
    response = page.request.get(live_server.url + href)
    assert response.status == 200 and response.body().startswith(b"%PDF")
    page.goto(live_server.url + f"/centre/personnes/{candidacy.person_id}/")
    assert page.get_by_role("heading", name="Contrats de formation").is_visible()
    assert_accessible(page)


def test_refusal_with_its_message(page, live_server, login_as, assert_accessible):
    training, _session, coordinator = centre_world()
    candidacy = CandidacyFactory(
        training=training,
        person__holding_centre=training.centre,
        person__email="sam.fictif@exemple.test",
        person__first_name="Sam",
    )
    mail.outbox = []
    login_as(page, live_server, coordinator)
    page.goto(live_server.url + f"/centre/candidatures/{candidacy.pk}/")
    act(
        page,
        "Refuser",
        **{
            "Raison du refus": "training_full",
            "Message à la personne": "Complet. Nous vous proposons la session de mars.",
        },
    )
    assert "Refusée" in page.content()
    assert_accessible(page)
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.REFUSED
    [message] = [m for m in mail.outbox if "sam.fictif@exemple.test" in m.to]
    assert "Nous vous proposons la session de mars." in message.body


def test_the_messages_read_as_sent_without_a_box_to_scroll(
    page, live_server, login_as, assert_accessible
):
    """The preview of each message keeps its lines and wraps its long links: a box that
    scrolled sideways could not be reached with the keyboard (axe: scrollable-region)."""
    _training, _session, coordinator = centre_world()
    login_as(page, live_server, coordinator)
    page.set_viewport_size({"width": 360, "height": 740})
    for name in ("booking_received", "candidacy_link", "interview_planned"):
        page.goto(live_server.url + f"/centre/messages/{name}/")
        assert_accessible(page)
        assert page.evaluate(
            "() => [...document.querySelectorAll('pre')]"
            ".every(box => box.scrollWidth <= box.clientWidth)"
        )
