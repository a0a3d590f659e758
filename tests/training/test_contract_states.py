"""The contract page's link and the contract PDF say what the document is in the contract's
state (decision 0659): the paper the parties sign, or a copy of a contract signed on a given
day, still running or ended, or one whose signing date Tremplin does not have. Never « à
signer » for a signed or an ended contract, never today's date as the signing date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.training.factories import ContractFactory
from tests.training.test_contract_document import pdf_text
from tremplin import formatting
from tremplin.training.models import Contract

pytestmark = pytest.mark.django_db

SIGNED = timezone.make_aware(datetime.datetime(2025, 1, 6, 10, 0))
START = datetime.date(2025, 1, 13)
PLANNED_END = datetime.date(2025, 6, 27)


def read(client, contract) -> tuple[str, str]:
    """The contract PDF link's words on the page, and the PDF's text."""
    page = client.get(reverse("centre:training:contract", args=[contract.pk])).content.decode()
    pdf_url = reverse("centre:training:contract_pdf", args=[contract.pk])
    link = page.split(f'href="{pdf_url}">')[1].split("</a>")[0]
    return " ".join(link.split()), pdf_text(client.get(pdf_url).content)


def contract(group, **fields):
    values = {"signed_at": SIGNED, "start_date": START, "planned_end_date": PLANNED_END}
    return ContractFactory(group=group, **values | fields)


def ended_on(day) -> dict:
    return {"actual_end_date": day, "status": Contract.Status.ENDED}


def done_at(contract) -> str:
    site = contract.training.site
    return f"Fait à {site.postal_code.locality or site.postal_code.municipality.name_fr}, "


def test_a_contract_signed_for_a_start_still_to_come_is_the_paper_to_sign(
    client, group, coordinator
):
    today = timezone.localdate()
    signed = contract(
        group,
        signed_at=timezone.now(),
        start_date=today + datetime.timedelta(days=7),
        planned_end_date=today + datetime.timedelta(days=180),
    )
    client.force_login(coordinator)
    link, text = read(client, signed)
    assert link == f"Contrat signé le {formatting.short_day(today)} (PDF)"
    assert "Copie" not in text and "Fin du contrat" not in text
    assert f"{done_at(signed)}le {formatting.day(today)}, en deux exemplaires" in text


def test_a_running_contract_prints_a_copy_of_the_contract_signed_that_day(
    client, group, coordinator
):
    running = contract(group)
    client.force_login(coordinator)
    link, text = read(client, running)
    assert link == "Contrat signé le 06/01/2025 (PDF)"
    today = formatting.day(timezone.localdate())
    assert f"Copie imprimée le {today} du contrat signé le 6 janvier 2025." in text
    assert "Fin du contrat" not in text
    assert f"{done_at(running)}le 6 janvier 2025, en deux exemplaires" in text


@pytest.mark.parametrize(
    ("end", "said"),
    [
        (PLANNED_END, "Fin du contrat : le 27 juin 2025."),
        (
            datetime.date(2025, 3, 14),
            "Fin du contrat : le 14 mars 2025, avant la date de fin prévue.",
        ),
    ],
    ids=["ended", "broken-off"],
)
def test_an_ended_contract_prints_a_copy_that_says_when_it_ended(
    client, group, coordinator, end, said
):
    ended = contract(group, **ended_on(end))
    client.force_login(coordinator)
    link, text = read(client, ended)
    assert link == "Contrat signé le 06/01/2025 (PDF)"
    assert "du contrat signé le 6 janvier 2025. " + said in text
    assert "Du 13 janvier 2025 au 27 juin 2025 (date de fin prévue)." in text  # as signed


@pytest.mark.parametrize("fields", [{}, ended_on(PLANNED_END)], ids=["running", "ended"])
def test_a_contract_without_its_signing_date_never_gets_today_s_date(
    client, group, coordinator, fields
):
    """A centre's import records contracts without their signing date."""
    imported = contract(group, signed_at=None, **fields)
    client.force_login(coordinator)
    link, text = read(client, imported)
    assert link == "Contrat, date de signature non enregistrée (PDF)"
    today = formatting.day(timezone.localdate())
    assert (
        f"Copie imprimée le {today}. La date de signature de ce contrat n'est pas enregistrée "
        "dans Tremplin."
    ) in text
    assert f"{done_at(imported)}en deux exemplaires" in text
    assert f"le {today}, en deux exemplaires" not in text
    assert ("Fin du contrat : le 27 juin 2025." in text) == bool(fields)


def test_no_contract_page_calls_its_pdf_a_contract_to_sign(client, group, coordinator):
    contract(group)
    contract(group, signed_at=None)
    client.force_login(coordinator)
    for each in Contract.objects.all():
        link, text = read(client, each)
        assert "à signer" not in link and "à signer" not in text
