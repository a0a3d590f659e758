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
    """The text of every page, each run of spaces made one space — except the no-break spaces
    (« 10,00\xa0€ »), which stay as they are."""
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    spaces = re.compile(r"[^\S\xa0\u202f]+")
    return " ".join(" ".join(spaces.split(page.extract_text())) for page in reader.pages)


@pytest.fixture
def texts(client, group, coordinator):
    """The text of the contract, the statement of December 2022 and the attestation of one
    trainee, asked by a coordinator who reads the site in English."""
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
    contract_pdf = client.get(reverse("centre:training:contract_pdf", args=[contract.pk]))
    url = reverse("centre:training:statement_pdf", args=[contract.pk])
    statement = client.get(url, {"mois": "2022-12"})
    ExitFactory(contract=contract, date=datetime.date(2023, 1, 31), next_step="Forem")
    attestation = client.get(reverse("centre:training:attestation", args=[contract.pk]))
    return {
        "contract": pdf_text(contract_pdf),
        "statement": pdf_text(statement),
        "attestation": pdf_text(attestation),
    }


def test_the_pdfs_are_in_french(texts):
    text = texts["contract"]
    assert "Contrat de formation professionnelle" in text
    assert "Entre le centre d'insertion socioprofessionnelle" in text
    assert "ci-après « le ou la stagiaire »" in text
    assert "Du 5 septembre 2022 au 30 juin 2023 (date de fin prévue)." in text
    assert "30 heures par semaine" in text
    # What is written before the template (amounts, days, birth) is in French too.
    assert "30 heures par semaine : lundi 6 h" in text
    assert "allocation de formation de 1,00\xa0€ brut par heure" in text
    assert "Date et signature (« lu et approuvé »)" in text

    text = texts["statement"]
    assert "Relevé des heures — décembre 2022" in text
    assert "Heures suivies 10" in text
    assert "Allocation de formation" in text
    # Amounts as everywhere in Tremplin: « 10,00 € » with a no-break space before the unit.
    assert "2022 – 31/12/2022 10 1,00\xa0€ 10,00\xa0€" in text
    assert "Total brut 10,00\xa0€" in text
    assert "allocation 1,00\xa0€ par heure" in text
    assert "jours de présence) 2 40 km barème du Forem non — estimation" in text
    assert "Raison médicale (certificat)" in text

    text = texts["attestation"]
    assert "Attestation de formation" in text
    assert "atteste que" in text
    assert re.search(r"\((née le|né le|date de naissance :) \d+ \w+ \d{4}\)", text), text
    assert "du 5 septembre 2022 au 31 janvier 2023." in text
    assert "Heures de formation suivies 10" in text
    assert "Étape suivante : Forem." in text


# A code of the program (« allowance.hourly_rate », « pending_validation ») or a Python value.
RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\b[a-z_]+\.[a-z_]+\b|\b(?:None|True|False)\b")


def test_no_code_of_the_program_on_the_documents(texts):
    for name, text in texts.items():
        assert not RAW_CODE.findall(text), (name, RAW_CODE.findall(text))
    # The rule applied is named in words.
    assert (
        "Règle appliquée : Allocation de formation, brute, par heure suivie, en vigueur depuis"
        in texts["contract"]
    )


def test_pages_numbered_and_titled(client, group, coordinator):
    """« page 1 sur 2 » at the foot of each page; the PDF's title (what a reader shows in its
    tab and reads aloud) is the document's name on one line, its language French."""
    contract = ContractFactory(group=group)
    client.force_login(coordinator)
    response = client.get(reverse("centre:training:contract_pdf", args=[contract.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "Contrat de formation"
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    count = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert page.extract_text().rstrip().endswith(f"page {number} sur {count}")
