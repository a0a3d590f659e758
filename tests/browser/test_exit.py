"""An exit in the browser: the coordinator records it, gets the attestation of training (PDF);
six months later the former trainee answers the follow-up link once, and a second answer is
refused."""

import datetime
import re

from django.core import mail
from django.urls import reverse

from tests.factories import make_member
from tests.training.factories import (
    AttendanceDayFactory,
    ContractFactory,
    GroupFactory,
    PersonFactory,
)
from tremplin.accounts.models import Role
from tremplin.training.followups import send_due_followups
from tremplin.training.models import Contract, Exit, FollowUp


def test_exit_attestation_and_follow_up(page, live_server, login_as, assert_accessible):
    group = GroupFactory()
    person = PersonFactory(
        holding_centre=group.training.centre,
        first_name="Samira",
        last_name="Dumont",
        email="samira@exemple.test",
    )
    contract = ContractFactory(group=group, person=person)
    for day in (5, 6, 7):
        AttendanceDayFactory(contract=contract, day=datetime.date(2022, 12, day), hours_followed=6)
    coordinator = make_member(Role.COORDINATOR, organisation=contract.centre.organisation)

    login_as(page, live_server, coordinator)
    page.goto(live_server.url + reverse("centre:training:contract", args=[contract.pk]))
    assert_accessible(page)
    page.get_by_role("link", name="Sortie (fin du contrat)").click()
    assert_accessible(page)
    # A job without its contract type is refused, with the message next to the field.
    page.get_by_label("Date de sortie").fill("2023-01-31")
    page.get_by_label("Motif de sortie").select_option(label="Emploi")
    page.get_by_role("button", name="Enregistrer la sortie").click()
    error = page.locator("#id_job_contract_type_error")
    assert "indiquez le type de contrat" in error.inner_text()
    assert page.get_by_label("Type de contrat de travail").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    assert not Exit.objects.exists()
    page.get_by_label("Type de contrat de travail").select_option(label="Intérim")
    page.get_by_label("Étape suivante (passerelle)").fill(
        "Contrat d'intérim en cuisine de collectivité"
    )
    page.get_by_role("button", name="Enregistrer la sortie").click()
    page.get_by_text("Sortie enregistrée.").wait_for()
    assert_accessible(page)
    contract.refresh_from_db()
    assert contract.status == Contract.Status.ENDED
    assert contract.actual_end_date == datetime.date(2023, 1, 31)

    # The attestation of training lists the hours followed.
    link = page.get_by_role("link", name="Attestation de formation (PDF)")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # Six months later, the nightly command sends the personal link.
    report = send_due_followups(datetime.date(2023, 8, 1), log=lambda *args: None)
    assert report.sent == 1
    (message,) = mail.outbox
    assert message.to == ["samira@exemple.test"]
    path = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    url = live_server.url + path

    # No login: the former trainee opens the link (a second tab stays open on the form).
    page.context.clear_cookies()
    second_tab = page.context.new_page()
    second_tab.goto(url)
    page.goto(url)
    assert page.get_by_role("heading", level=1).inner_text() == "Que devenez-vous ?"
    assert_accessible(page)
    # Forgetting the contract type: a plain-French message linked to the question.
    page.get_by_label("Je travaille").check()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_text("Indiquez votre type de contrat.").wait_for()
    question = page.get_by_label("2. Si vous travaillez : quel contrat avez-vous ?")
    described_by = question.get_attribute("aria-describedby")
    assert page.locator(f"#{described_by}").inner_text() == "Indiquez votre type de contrat."
    assert_accessible(page)
    question.select_option(label="Contrat à durée indéterminée (CDI)")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_text("Merci").first.wait_for()
    assert_accessible(page)
    follow_up = FollowUp.objects.get()
    assert (follow_up.situation, follow_up.job_contract_type) == ("job", "cdi")
    assert follow_up.answered_via == FollowUp.AnsweredVia.LINK

    # The second time, from the tab left open: refused, the first answer stays.
    second_tab.get_by_label("Je cherche du travail").check()
    second_tab.get_by_role("button", name="Envoyer mes réponses").click()
    second_tab.get_by_text("Vous avez déjà répondu.").wait_for()
    assert_accessible(second_tab)
    # And by opening the link again.
    response = page.goto(url)
    assert response.status == 410
    page.get_by_text("Ce lien ne peut servir qu'une fois.").wait_for()
    follow_up.refresh_from_db()
    assert follow_up.situation == "job"
