"""The centre's privacy pages in Chromium, without JavaScript and checked by axe-core: the
coordinator records an access request from the file, prepares the copy, marks it answered,
reads who opened the file and what a member opened, and erases a former trainee's file after
reading the holds; the social worker withholds a note."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.factories import UserFactory, make_member
from tests.training.factories import ContractFactory, PersonFactory
from tremplin.accounts.models import Role
from tremplin.audit.models import AccessLog, AccessRequest
from tremplin.training.models import Contract, SocialFollowUp, SocialNote


def former_trainee():
    person = PersonFactory(first_name="Samira", last_name="Dumont")
    contract = ContractFactory(
        person=person,
        start_date=datetime.date(2025, 1, 6),
        planned_end_date=datetime.date(2025, 6, 30),
        actual_end_date=datetime.date(2025, 6, 30),
        status=Contract.Status.ENDED,
    )
    person.holding_centre = contract.centre
    person.save(update_fields=["holding_centre"])
    social = SocialFollowUp.objects.create(contract=contract)
    SocialNote.objects.create(
        follow_up=social,
        date=datetime.date(2025, 3, 3),
        kind="call",
        text="Appel",
        author=UserFactory(),
    )
    return contract


def test_access_request_log_and_erasure(
    page, live_server, login_as, assert_accessible, settings, tmp_path
):
    settings.ERASURE_JOURNAL = tmp_path / "erasure-journal.jsonl"
    contract = former_trainee()
    person, organisation = contract.person, contract.centre.organisation
    coordinator = make_member(Role.COORDINATOR, organisation=organisation)
    staff = make_member(Role.CENTRE_STAFF, organisation=organisation)
    AccessLog.objects.create(
        user=staff,
        organisation=organisation,
        content_type=ContentType.objects.get_for_model(person),
        object_id=person.pk,
        view_name="centre:person_detail",
    )
    login_as(page, live_server, coordinator)
    page.goto(live_server.url + reverse("centre:person_detail", args=[person.pk]))
    page.get_by_role("link", name="Demande d'accès à ses données").click()
    assert_accessible(page)
    page.get_by_label("Demande reçue le").fill("2026-10-01")
    page.get_by_label("Reçue comment ?").fill("Lettre")
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.get_by_text("Demande d'accès enregistrée.").wait_for()
    assert "En retard" in page.locator("table").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Préparer la copie (ZIP) — Samira Dumont").click()
    page.get_by_text("La copie est en préparation").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Copie remise : marquer comme répondue — Samira Dumont").click()
    page.get_by_text("La demande est marquée comme répondue.").wait_for()
    assert AccessRequest.objects.get().answered_by == coordinator
    assert_accessible(page)

    page.goto(live_server.url + reverse("centre:person_access_log", args=[person.pk]))
    assert str(Role.CENTRE_STAFF.label) in page.locator("table").inner_text()
    assert_accessible(page)
    page.goto(live_server.url + reverse("centre:member_list"))
    assert_accessible(page)
    page.get_by_role("link", name=staff.get_full_name() or staff.email).click()
    assert "Samira Dumont" in page.locator("table").inner_text()
    assert_accessible(page)

    page.goto(live_server.url + reverse("centre:person_erase", args=[person.pk]))
    assert "gardées jusqu'au 30 juin 2035" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("La demande d'effacement").fill("Lettre du 28/11/2026")
    page.get_by_role("button", name="Pseudonymiser le dossier").click()
    assert_accessible(page)  # the confirmation box was not ticked: the page says so
    page.get_by_label("J'ai lu ce qui sera effacé et ce qui doit être gardé.").check()
    page.get_by_role("button", name="Pseudonymiser le dossier").click()
    page.get_by_text("Le dossier est pseudonymisé").wait_for()
    person.refresh_from_db()
    assert person.last_name == "Pseudonymisé"


def test_the_social_worker_withholds_a_note(page, live_server, login_as, assert_accessible):
    contract = former_trainee()
    social = make_member(Role.SOCIAL_WORKER, organisation=contract.centre.organisation)
    login_as(page, live_server, social)
    page.goto(live_server.url + reverse("centre:training:social", args=[contract.pk]))
    page.get_by_role("link", name="Ne pas remettre cette note").click()
    assert_accessible(page)
    page.get_by_role("button", name="Retenir la note").click()
    assert_accessible(page)  # the reason is required
    page.get_by_label("Pourquoi cette note n'est-elle pas remise à la personne ?").fill(
        "Parle d'un tiers"
    )
    page.get_by_role("button", name="Retenir la note").click()
    page.get_by_text("Retenue de la copie remise à la personne").wait_for()
    assert_accessible(page)
    assert SocialNote.objects.get().withheld_by == social
