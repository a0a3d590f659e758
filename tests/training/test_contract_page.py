"""The contract page serves a coordinator for the contract's whole life (decision 0659): the
statement of each of its months, the person file, and the truth about its clauses."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from tests.factories import make_member
from tests.training.factories import ContractFactory, trainer_of
from tests.training.test_contract_document import pdf_text
from tremplin import formatting
from tremplin.accounts.models import Role
from tremplin.audit.models import AccessLog
from tremplin.training.models import Contract, ContractTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(group):
    """A contract of November 2024 that ended in April 2025, before its planned end."""
    return ContractFactory(
        group=group,
        start_date=datetime.date(2024, 11, 4),
        planned_end_date=datetime.date(2025, 6, 30),
        actual_end_date=datetime.date(2025, 4, 18),
        status=Contract.Status.ENDED,
    )


def page_of(client, contract) -> str:
    return client.get(reverse("centre:training:contract", args=[contract.pk])).content.decode()


def statement_links(page) -> list[tuple[str, str]]:
    """``[(month asked, link text)]`` of the statement links, in the page's order."""
    found = re.findall(r'releve\.pdf\?mois=(\d{4}-\d{2})">([^<]*)</a>', page)
    return [(month, " ".join(text.split())) for month, text in found]


def test_an_ended_contract_lists_the_statements_of_its_own_months(client, ended, coordinator):
    client.force_login(coordinator)
    page = page_of(client, ended)
    assert "Relevé du mois dernier" not in page
    assert "Relevés des heures (PDF)" in page
    assert statement_links(page) == [
        ("2025-04", "avril 2025"),
        ("2025-03", "mars 2025"),
        ("2025-02", "février 2025"),
        ("2025-01", "janvier 2025"),
        ("2024-12", "décembre 2024"),
        ("2024-11", "novembre 2024"),
    ]


def test_a_running_contract_lists_its_months_up_to_this_one_in_progress(client, group, coordinator):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    contract = ContractFactory(
        group=group,
        start_date=last_month,
        planned_end_date=today + datetime.timedelta(days=200),
    )
    client.force_login(coordinator)
    assert statement_links(page_of(client, contract)) == [
        (f"{this_month:%Y-%m}", f"{formatting.month(this_month)} (en cours)"),
        (f"{last_month:%Y-%m}", formatting.month(last_month)),
    ]


def test_a_statement_outside_the_contract_is_not_found(client, ended, coordinator):
    client.force_login(coordinator)
    url = reverse("centre:training:statement_pdf", args=[ended.pk])
    for month in ("2025-05", "2024-10", "2026-11", "2025-13", "avril"):
        assert client.get(url, {"mois": month}).status_code == 404, month
    assert not AccessLog.objects.filter(view_name="centre:training:statement_pdf").exists()
    april = client.get(url, {"mois": "2025-04"})
    assert april.status_code == 200 and april.content.startswith(b"%PDF")
    assert "no-store" in april["Cache-Control"]
    assert "Relevé des heures" in pdf_text(april.content)
    # Without a month: the contract's last one (not last month's empty statement).
    newest = client.get(url)
    person = ended.person
    name = f"releve-heures-{slugify(person.last_name)}-{slugify(person.first_name)}-2025-04.pdf"
    assert f'filename="{name}"' in newest["Content-Disposition"]


def test_a_month_still_to_come_of_a_running_contract_has_its_statement(client, group, coordinator):
    """The centre's statements list may show a later month of the contract: its PDF opens."""
    today = timezone.localdate()
    contract = ContractFactory(
        group=group,
        start_date=today - datetime.timedelta(days=40),
        planned_end_date=today + datetime.timedelta(days=200),
    )
    later = (today + datetime.timedelta(days=62)).replace(day=1)
    client.force_login(coordinator)
    url = reverse("centre:training:statement_pdf", args=[contract.pk])
    assert client.get(url, {"mois": f"{later:%Y-%m}"}).status_code == 200
    assert f"{later:%Y-%m}" not in page_of(client, contract)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CENTRE_STAFF, Role.SOCIAL_WORKER])
def test_the_centre_team_goes_from_the_contract_to_the_person_file(client, ended, role):
    member = make_member(role, organisation=ended.centre.organisation)
    client.force_login(member)
    page = page_of(client, ended)
    person_url = reverse("centre:person_detail", args=[ended.person.pk])
    assert f'<a href="{person_url}">Dossier de la personne</a>' in page
    assert client.get(person_url).status_code == 200


def test_a_trainer_gets_no_link_to_a_file_they_cannot_open(client, ended):
    trainer = trainer_of(ended.group, make_member)
    client.force_login(trainer)
    page = page_of(client, ended)
    person_url = reverse("centre:person_detail", args=[ended.person.pk])
    assert person_url not in page and "Dossier de la personne" not in page
    assert client.get(person_url).status_code in (403, 404)
    assert "releve.pdf" not in page  # statements are for those who manage contracts


def first_template():
    return ContractTemplate.objects.get(version=1)


def test_a_contract_signed_before_the_first_model_says_so(client, group, coordinator):
    signed = timezone.make_aware(datetime.datetime(2025, 1, 6, 10, 0))
    assert signed < first_template().created_at
    contract = ContractFactory(group=group, signed_at=signed, template=None)
    published = formatting.day(first_template().created_at)
    client.force_login(coordinator)
    page = page_of(client, contract)
    shown = " ".join(page.split("Clauses du contrat</dt>")[1].split("</dd>")[0].split())
    assert shown == (
        '<dd class="col-sm-8"> Signé avant le premier modèle de clauses publié par la '
        "fédération. Le contrat réimprimé (PDF) montre les clauses du modèle de contrat version "
        f"1 du {published}"
    )
    text = pdf_text(client.get(reverse("centre:training:contract_pdf", args=[contract.pk])).content)
    assert (
        "Ce contrat a été signé avant le premier modèle de clauses de la fédération : les "
        f"clauses ci-dessous sont celles du modèle de contrat version 1 du {published}."
    ) in text


def test_a_contract_without_its_model_and_without_a_signing_date_does_not_guess(
    client, group, coordinator
):
    """A centre's import records contracts without their signing date nor their model."""
    contract = ContractFactory(group=group, signed_at=None, template=None)
    client.force_login(coordinator)
    page = page_of(client, contract)
    assert "Aucun modèle de clauses n&#x27;est lié à ce contrat." in page
    assert "Signé avant" not in page
    text = pdf_text(client.get(reverse("centre:training:contract_pdf", args=[contract.pk])).content)
    assert "Aucun modèle de clauses n'est lié à ce contrat : les clauses ci-dessous" in text


def test_a_contract_signed_with_a_model_keeps_saying_which(client, group, coordinator):
    """The version is named once after its label: the page read « Clauses du contrat :
    Clauses : modèle de contrat version 1 … »."""
    template = ContractTemplate.objects.current()
    contract = ContractFactory(
        group=group, signed_at=timezone.now(), template=template, signed_by=coordinator
    )
    version = f"odèle de contrat version 1 du {formatting.day(template.created_at)}"
    client.force_login(coordinator)
    page = page_of(client, contract)
    shown = " ".join(page.split("Clauses du contrat</dt>")[1].split("</dd>")[0].split())
    assert shown == f'<dd class="col-sm-8"> M{version} (à valider par la fédération)'
    assert "Clauses :" not in page and "clauses : modèle" not in page
    assert "Signature enregistrée par</dt>" in page and str(coordinator) in page
    text = pdf_text(client.get(reverse("centre:training:contract_pdf", args=[contract.pk])).content)
    assert "Signé avant" not in text and "Aucun modèle" not in text
    assert f"Clauses du contrat : m{version}." in " ".join(text.split())
    assert "Clauses : " not in text and "clauses : modèle" not in text


def test_the_page_of_a_contract_without_its_model_costs_the_same_queries(
    client, group, coordinator, django_assert_num_queries
):
    """Finding the first and the current model is one query, as finding the current one was."""
    contract = ContractFactory(group=group, template=None)
    client.force_login(coordinator)
    url = reverse("centre:training:contract", args=[contract.pk])
    client.get(url)
    with django_assert_num_queries(15):
        client.get(url)
