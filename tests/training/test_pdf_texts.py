"""The PDFs (contract, monthly statement, attestation) say everything through gettext, like
every other template, and still come out in French."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.training.factories import AttendanceDayFactory, ContractFactory, ExitFactory
from tremplin.training.models import AbsenceReason

PDF_TEMPLATES = Path(__file__).parents[2] / "tremplin/training/templates/training/pdf"

TRANSLATED = re.compile(
    r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}|{%.*?%}|{{.*?}}|{#.*?#}",
    re.DOTALL,
)
MARKUP = re.compile(r"<style>.*?</style>|<[^>]+>", re.DOTALL)


@pytest.mark.parametrize(
    "name", ["_base.html", "contract.html", "statement.html", "attestation.html"]
)
def test_no_words_outside_gettext(name):
    source = (PDF_TEMPLATES / name).read_text()
    left = MARKUP.sub(" ", TRANSLATED.sub(" ", source))
    assert not re.findall(r"[^\W\d_]{2,}", left), left


def pdf_text(response) -> str:
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdfs_are_in_french(client, group, coordinator):
    contract = ContractFactory(group=group, commute_km=10)
    AttendanceDayFactory(contract=contract, day=datetime.date(2022, 12, 5), hours_followed=6)
    AttendanceDayFactory(
        contract=contract,
        day=datetime.date(2022, 12, 6),
        hours_followed=4,
        hours_assimilated=2,
        reason=AbsenceReason.objects.get(code="medical"),
    )
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"  # the documents stay in French

    text = pdf_text(client.get(reverse("centre:training:contract_pdf", args=[contract.pk])))
    assert "Contrat de formation professionnelle" in text
    assert "Entre le centre d'insertion socioprofessionnelle" in text
    assert "ci-après « le ou la stagiaire »" in text
    assert "Du 5 septembre 2022 au 30 juin 2023 (date de fin prévue)." in text
    assert "30 heures par semaine" in text
    assert "Date et signature (« lu et approuvé »)" in text

    url = reverse("centre:training:statement_pdf", args=[contract.pk])
    text = pdf_text(client.get(url, {"mois": "2022-12"}))
    assert "Relevé des heures — décembre 2022" in text
    assert "Heures suivies 10" in text
    assert "Allocation de formation" in text
    assert "Total brut 10,00 €" in text
    assert "jours de présence) 2 40 km barème du Forem non — estimation" in text
    assert "Raison médicale (certificat)" in text

    ExitFactory(contract=contract, date=datetime.date(2023, 1, 31), next_step="Forem")
    text = pdf_text(client.get(reverse("centre:training:attestation", args=[contract.pk])))
    assert "Attestation de formation" in text
    assert "atteste que" in text
    assert "du 5 septembre 2022 au 31 janvier 2023." in text
    assert "Heures de formation suivies 10" in text
    assert "Étape suivante : Forem." in text
