"""A signed contract keeps its signed terms; each change since (an extension, a suspension) has
its amendment (« avenant ») to print and sign (decision 0658). PDF texts are read with pypdf."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from tests.factories import make_member
from tests.training.factories import ContractFactory, PersonFactory
from tests.training.test_contract_document import pdf_text
from tremplin import formatting
from tremplin.accounts.models import Role
from tremplin.audit.models import AccessLog
from tremplin.refusals import Conflict
from tremplin.training import contracts as service
from tremplin.training.contracts import planned_hours
from tremplin.training.models import (
    ContractExtension,
    ContractSuspension,
    ContractTemplate,
    format_hours,
)

pytestmark = pytest.mark.django_db

SIGNED_END = datetime.date(2023, 6, 30)  # ContractFactory's planned end
NEW_END = datetime.date(2023, 7, 31)


@pytest.fixture
def contract(group):
    person = PersonFactory(
        holding_centre=group.training.centre, first_name="Inès", last_name="Fictive"
    )
    # Signed today: with the clauses version in force (as ``sign_contract`` does).
    return ContractFactory(
        group=group,
        person=person,
        signed_at=timezone.now(),
        template=ContractTemplate.objects.current(),
    )


def amendment_url(contract, change):
    return reverse("centre:training:amendment_pdf", args=[contract.pk, change.pk])


def suspend_from_9_january(contract, by, until_day, reason):
    """A suspension from Monday 9 January 2023, recorded on 1 December 2022."""
    return service.suspend(
        contract,
        starts_on=datetime.date(2023, 1, 9),
        ends_on=datetime.date(2023, 1, until_day),
        reason=reason,
        by=by,
        today=datetime.date(2022, 12, 1),
    )


def extend_by_form(client, contract, end=NEW_END):
    response = client.post(
        reverse("centre:training:extend", args=[contract.pk]), {"planned_end_date": end}
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    return contract.extensions.latest("created_at")


def test_the_reprinted_contract_shows_the_terms_as_signed(client, contract, coordinator):
    client.force_login(coordinator)
    extension = extend_by_form(client, contract)
    assert contract.planned_end_date == NEW_END  # the current end, for the rest of Tremplin
    assert (extension.previous_end_date, extension.new_end_date) == (SIGNED_END, NEW_END)
    assert extension.created_by == coordinator
    text = pdf_text(client.get(reverse("centre:training:contract_pdf", args=[contract.pk])).content)
    assert "Du 5 septembre 2022 au 30 juin 2023 (date de fin prévue)." in text
    assert "31 juillet 2023" not in text
    signed_hours = planned_hours(contract.weekly_schedule, contract.start_date, SIGNED_END)
    assert f"Soit {format_hours(signed_hours)} heures de formation prévues" in text
    today = formatting.day(timezone.localdate())
    assert f"Modifié par avenant le {today} (prolongation)." in text


def test_a_contract_never_extended_prints_its_end_and_no_amendment_line(
    client, contract, coordinator
):
    """Contracts extended before decision 0658 have no extension row: their current end."""
    client.force_login(coordinator)
    text = pdf_text(client.get(reverse("centre:training:contract_pdf", args=[contract.pk])).content)
    assert "Du 5 septembre 2022 au 30 juin 2023 (date de fin prévue)." in text
    assert "avenant" not in text


def test_an_extension_has_its_amendment(client, contract, coordinator):
    client.force_login(coordinator)
    extension = extend_by_form(client, contract)
    response = client.get(amendment_url(contract, extension))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    today = timezone.localdate()
    person = contract.person
    assert (
        f'filename="avenant-{slugify(person.last_name)}-{slugify(person.first_name)}-'
        f'{today.isoformat()}.pdf"' in response["Content-Disposition"]
    )
    text = pdf_text(response.content)
    for expected in (
        "Avenant au contrat de formation",
        "Modèle à valider par la fédération : ce texte n'est pas encore le modèle officiel.",
        "Le modèle officiel d'avenant n'a pas été lu.",
        f"agréé sous le numéro {contract.centre.agrement_number}",
        "et Inès Fictive, date de naissance",
        f"signé le {formatting.day(today)}, commencé le 5 septembre 2022.",
        f"Référence du contrat Forem : {contract.forem_reference}.",
        "La fin prévue du contrat passe du 30 juin 2023 au 31 juillet 2023.",
        f"Changement enregistré le {formatting.day(today)}.",
        "en deux exemplaires",
        "Pour le centre",
        "Date et signature (« lu et approuvé »)",
        "modèle de contrat version 1",
    ):
        assert expected in text, expected
    assert "·" not in text
    logged = AccessLog.objects.for_object(contract.person).by_user(coordinator)
    assert logged.filter(view_name="centre:training:amendment_pdf").exists()


def test_a_suspension_has_its_amendment(client, contract, coordinator):
    suspension = suspend_from_9_january(
        contract, coordinator, until_day=27, reason="Hospitalisation"
    )
    client.force_login(coordinator)
    text = pdf_text(client.get(amendment_url(contract, suspension)).content)
    assert (
        "Le contrat est suspendu du 9 janvier 2023 au 27 janvier 2023. Motif : Hospitalisation"
        in text
    )
    assert "raccourcie" not in text
    # The contract itself is printed as signed, with the date of the amendment.
    contract_text = pdf_text(
        client.get(reverse("centre:training:contract_pdf", args=[contract.pk])).content
    )
    assert "(suspension)." in contract_text and "9 janvier 2023" not in contract_text


def test_a_suspension_cut_short_by_the_return_shows_its_actual_dates(client, group, coordinator):
    today = timezone.localdate()
    contract = ContractFactory(
        group=group,
        start_date=today - datetime.timedelta(days=60),
        planned_end_date=today + datetime.timedelta(days=200),
    )
    starts, planned_end = today - datetime.timedelta(days=3), today + datetime.timedelta(days=10)
    suspension = service.suspend(
        contract, starts_on=starts, ends_on=planned_end, reason="Maladie", by=coordinator
    )
    client.force_login(coordinator)
    assert client.post(reverse("centre:training:resume", args=[contract.pk])).status_code == 302
    suspension.refresh_from_db()
    yesterday = today - datetime.timedelta(days=1)
    assert (suspension.ends_on, suspension.planned_ends_on) == (yesterday, planned_end)
    text = pdf_text(client.get(amendment_url(contract, suspension)).content)
    day = formatting.day
    assert f"Le contrat est suspendu du {day(starts)} au {day(yesterday)}." in text
    assert (
        f"La suspension était prévue jusqu'au {day(planned_end)}. Elle a été raccourcie : "
        f"la formation a repris le {day(today)}." in text
    )
    page = client.get(reverse("centre:training:contract", args=[contract.pk])).content.decode()
    assert "Elle a été raccourcie" in page


def test_only_the_contract_managers_of_the_centre_open_an_amendment(client, contract, coordinator):
    service.extend(contract, planned_end_date=NEW_END, by=coordinator)
    url = amendment_url(contract, contract.extensions.get())
    other_centre = make_member(Role.COORDINATOR)
    client.force_login(other_centre)
    assert client.get(url).status_code == 404
    for role in (Role.TRAINER, Role.SOCIAL_WORKER):  # no « gérer les contrats » anywhere
        client.force_login(make_member(role, organisation=contract.centre.organisation))
        assert client.get(url).status_code == 403, role
    # A change of another contract, even of the same centre, is not this contract's.
    client.force_login(coordinator)
    other = ContractFactory(group=contract.group)
    assert (
        client.get(
            reverse(
                "centre:training:amendment_pdf",
                args=[other.pk, contract.extensions.get().pk],
            )
        ).status_code
        == 404
    )
    assert not AccessLog.objects.filter(view_name="centre:training:amendment_pdf").exclude(
        user=coordinator
    )


def add_changes(contract, by, count, first_day):
    """``count`` extensions and ``count`` one-week suspensions."""
    for n in range(count):
        service.extend(
            contract,
            planned_end_date=contract.planned_end_date + datetime.timedelta(days=7),
            by=by,
        )
        start = first_day + datetime.timedelta(days=7 * n)
        service.suspend(
            contract,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=4),
            reason=f"Motif {n}",
            by=by,
            today=datetime.date(2022, 9, 1),
        )


def test_the_contract_page_lists_the_changes_in_a_fixed_number_of_queries(
    client, contract, coordinator, django_assert_num_queries
):
    add_changes(contract, coordinator, 1, datetime.date(2023, 1, 2))
    client.force_login(coordinator)
    url = reverse("centre:training:contract", args=[contract.pk])
    client.get(url)
    with django_assert_num_queries(14) as first:
        client.get(url)
    add_changes(contract, coordinator, 3, datetime.date(2023, 2, 6))
    cancel_a_suspension(contract, another_member(contract), datetime.date(2023, 3, 6))
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("/avenants/") == 9
    assert "Changements depuis la signature" in page
    assert "La fin prévue du contrat passe du 30 juin 2023 au 7 juillet 2023." in page
    assert "Le contrat est suspendu du 6 février 2023 au 10 février 2023. Motif : Motif 0" in page
    assert str(coordinator) in page
    assert "Suspension annulée le" in page and "annulée par" in page
    # The statements of its eleven months (September 2022 to July 2023, once extended) and
    # the person file, in the same count.
    assert page.count("/releve.pdf?mois=") == 11
    assert "Dossier de la personne" in page


def another_member(contract):
    return make_member(Role.CENTRE_STAFF, organisation=contract.centre.organisation)


def cancel_a_suspension(contract, by, first_day):
    """A suspension from ``first_day``, cancelled by a return on that day (``resume``)."""
    suspension = service.suspend(
        contract,
        starts_on=first_day,
        ends_on=first_day + datetime.timedelta(days=4),
        reason="Maladie",
        by=by,
        today=first_day,
    )
    service.resume(contract, by=by, today=first_day)
    suspension.refresh_from_db()
    return suspension


def test_the_trainer_sees_the_changes_without_the_amendments(client, contract, coordinator):
    from tests.training.factories import trainer_of

    add_changes(contract, coordinator, 1, datetime.date(2023, 1, 2))
    client.force_login(trainer_of(contract.group, make_member))
    page = client.get(reverse("centre:training:contract", args=[contract.pk])).content.decode()
    assert "Changements depuis la signature" in page and "/avenants/" not in page


def test_an_extension_ends_after_the_end_it_replaces(contract, coordinator):
    with pytest.raises(IntegrityError):
        ContractExtension.objects.create(
            contract=contract,
            previous_end_date=SIGNED_END,
            new_end_date=SIGNED_END,
            created_by=coordinator,
        )


def test_two_extensions_from_the_same_end_give_one(contract, coordinator):
    """Two people extending at once: the second is told, nothing half-saved."""
    stale = type(contract).objects.get(pk=contract.pk)
    service.extend(contract, planned_end_date=NEW_END, by=coordinator)
    with pytest.raises(Conflict):
        service.extend(stale, planned_end_date=NEW_END + datetime.timedelta(days=7), by=coordinator)
    contract.refresh_from_db()
    assert contract.planned_end_date == NEW_END and contract.extensions.count() == 1


def test_a_shortened_suspension_keeps_its_first_end_after_it(contract, coordinator):
    suspension = suspend_from_9_january(contract, coordinator, until_day=13, reason="Maladie")
    with pytest.raises(IntegrityError):
        ContractSuspension.objects.filter(pk=suspension.pk).update(
            planned_ends_on=datetime.date(2023, 1, 13)
        )


def test_a_return_on_the_first_day_keeps_the_suspension_as_cancelled(client, group, coordinator):
    """Its amendment may already be printed and signed: the row stays, marked cancelled."""
    today = timezone.localdate()
    contract = ContractFactory(
        group=group,
        start_date=today - datetime.timedelta(days=60),
        planned_end_date=today + datetime.timedelta(days=200),
    )
    end = today + datetime.timedelta(days=10)
    suspension = service.suspend(
        contract, starts_on=today, ends_on=end, reason="Maladie", by=coordinator
    )
    contract.refresh_from_db()
    assert contract.status == contract.Status.SUSPENDED
    client.force_login(coordinator)
    assert client.post(reverse("centre:training:resume", args=[contract.pk])).status_code == 302
    suspension.refresh_from_db()  # not deleted
    assert suspension.cancelled and suspension.cancelled_by == coordinator
    assert (suspension.starts_on, suspension.ends_on, suspension.planned_ends_on) == (
        today,
        end,
        None,
    )
    contract.refresh_from_db()
    assert contract.status == contract.Status.ACTIVE
    day = formatting.day
    cancelled = (
        f"Suspension annulée le {day(today)}, avant son début : le contrat n'a pas été suspendu."
    )
    page = client.get(reverse("centre:training:contract", args=[contract.pk])).content.decode()
    assert cancelled.replace("'", "&#x27;") in page
    assert "<strong>Suspension annulée.</strong>" in page
    response = client.get(amendment_url(contract, suspension))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert f"Le contrat devait être suspendu du {day(today)} au {day(end)}." in text
    assert cancelled in text
    assert "Le contrat est suspendu" not in text
    # The reprinted contract names that amendment for what it is.
    contract_text = pdf_text(
        client.get(reverse("centre:training:contract_pdf", args=[contract.pk])).content
    )
    assert f"Modifié par avenant le {day(today)} (suspension annulée)." in contract_text


def test_a_cancelled_suspension_counts_nowhere(group, coordinator):
    """Planned hours, the register, the agreed hours projection and ``suspend``'s overlap check
    all read the contract as never suspended."""
    from tremplin.training import register
    from tremplin.training.agreed_hours import agreed_hours_report

    contract = ContractFactory(group=group)  # 5 September 2022 – 30 June 2023, 6 h a weekday
    week = datetime.date(2023, 3, 6)
    suspension = cancel_a_suspension(contract, coordinator, week)
    friday = week + datetime.timedelta(days=4)
    assert not suspension.covers(week)
    assert contract.planned_hours_between(week, friday) == 30
    sheet = register.load_sheet(group, week, today=datetime.date(2023, 3, 20))
    assert [cell.editable for cell in sheet.rows[0].cells] == [True] * 5
    projection = agreed_hours_report(contract.centre, 2023, datetime.date(2023, 3, 1))
    expected = planned_hours(contract.weekly_schedule, datetime.date(2023, 3, 2), SIGNED_END)
    assert sum(line.planned_rest for line in projection) == expected
    # The same days may be suspended again.
    again = service.suspend(
        contract,
        starts_on=week,
        ends_on=friday,
        reason="Hospitalisation",
        by=coordinator,
        today=datetime.date(2023, 3, 1),
    )
    assert again.covers(week)
    assert ContractSuspension.objects.filter(contract=contract).in_force().get() == again


def test_a_cancelled_suspension_says_when_and_by_whom_and_was_not_shortened(contract, coordinator):
    suspension = suspend_from_9_january(contract, coordinator, until_day=13, reason="Maladie")
    rows = ContractSuspension.objects.filter(pk=suspension.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(cancelled_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(cancelled_by=coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(
            cancelled_at=timezone.now(),
            cancelled_by=coordinator,
            planned_ends_on=datetime.date(2023, 1, 20),
        )
    rows.update(cancelled_at=timezone.now(), cancelled_by=coordinator)
