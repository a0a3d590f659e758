"""The training contract: clauses from the federation's versioned template (never invented
in code), filled with what Tremplin knows; the PDF text is checked with pypdf."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import make_member
from tests.isolation import assert_only_allowed
from tests.training.factories import ContractFactory, PersonFactory
from tremplin.accounts.models import Role
from tremplin.training.contract_templates import publish_template
from tremplin.training.models import ContractTemplate

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_default_template_is_marked_to_be_validated():
    first = ContractTemplate.objects.current()
    assert first.version == 1 and not first.validated
    assert ("h", "Modèle à valider par la fédération") in first.blocks()


def test_each_publication_is_a_new_version(client):
    analyst = make_member(Role.FEDERATION_ANALYST)
    v2 = publish_template(
        clauses="## Article 1\nTexte.", validated=True, note="officiel", by=analyst
    )
    assert v2.version == 2 and ContractTemplate.objects.current() == v2
    assert v2.blocks() == [("h", "Article 1"), ("p", "Texte.")]
    assert ContractTemplate.objects.get(version=1).clauses.startswith("## Modèle à valider")


def test_the_federation_page_publishes_and_keeps_the_history(client, centre_org):
    url = reverse("federation:contract_template")
    assert_only_allowed(client, url, allowed={"federation_analyst"}, centre=centre_org)
    analyst = make_member(Role.FEDERATION_ANALYST)
    client.force_login(analyst)
    page = client.get(url).content.decode()
    assert "Modèle à valider par la fédération" in page
    response = client.post(
        url,
        {
            "clauses": "## Article 1\nLes parties conviennent.",
            "note": "texte officiel",
            "validated": "on",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "texte officiel" in page and "Validée par la fédération." in page
    assert client.post(url, {"clauses": ""}).status_code == 400  # French error, nothing saved
    assert ContractTemplate.objects.count() == 2


def test_the_contract_pdf_is_filled_and_names_its_version(client, group, coordinator):
    person = PersonFactory(
        holding_centre=group.training.centre,
        first_name="Inès",
        last_name="Fictive",
        birth_date=datetime.date(1994, 3, 8),
        street="Rue des Tilleuls 4",
        postal_code="5000",
    )
    contract = ContractFactory(group=group, person=person)
    client.force_login(coordinator)
    response = client.get(reverse("centre:training:contract_pdf", args=[contract.pk]))
    text = pdf_text(response.content)
    centre = contract.centre
    site = contract.training.site
    for expected in (
        "Modèle à valider par la fédération",
        f"agréé sous le numéro {centre.agrement_number}",
        site.address,
        "Inès Fictive, date de naissance : 8 mars 1994, domicile : Rue des Tilleuls 4, 5000",
        "Du 5 septembre 2022 au 30 juin 2023 (date de fin prévue).",
        "30 heures par semaine : lundi 6 h",
        "heures de formation prévues sur toute la durée du contrat",
        "allocation de formation de 1,00 € brut par heure de formation suivie",
        "AGW du 8 février 2002",
        "remboursés selon les règles du Forem",
        "en deux exemplaires",
        "Pour le centre",
        "Date et signature (« lu et approuvé »)",
        "modèle de contrat version 1",
    ):
        assert expected in text, expected
    assert "·" not in text  # no middle-dot forms on documents
    # Once the federation publishes a validated version, new contracts are signed with it and
    # print it; this one keeps the version it was shown with when signed.
    contract.template = ContractTemplate.objects.current()
    contract.save(update_fields=["template"])
    publish_template(clauses="## Article 1\nTexte officiel.", validated=True, note="", by=None)
    text = pdf_text(client.get(reverse("centre:training:contract_pdf", args=[contract.pk])).content)
    assert "modèle de contrat version 1" in text
    page = client.get(reverse("centre:training:contract", args=[contract.pk])).content.decode()
    assert "Modèle de contrat version 1 du" in page


@pytest.mark.parametrize(
    ("gender", "born"),
    [
        ("female", "née le 8 mars 1994"),
        ("male", "né le 8 mars 1994"),
        ("", "date de naissance : 8 mars 1994"),
    ],
)
def test_the_attestation_uses_the_recorded_gender_or_neutral_words(
    client, group, coordinator, gender, born
):
    from tests.training.factories import AttendanceDayFactory, ExitFactory

    person = PersonFactory(
        holding_centre=group.training.centre, birth_date=datetime.date(1994, 3, 8), gender=gender
    )
    contract = ContractFactory(group=group, person=person)
    AttendanceDayFactory(contract=contract, day=datetime.date(2022, 12, 5), hours_followed=6)
    ExitFactory(contract=contract, date=datetime.date(2023, 1, 31))
    client.force_login(coordinator)
    text = pdf_text(client.get(reverse("centre:training:attestation", args=[contract.pk])).content)
    assert f"({born}) a suivi la formation" in text
    assert "du 5 septembre 2022 au 31 janvier 2023" in text
    assert "Contenu de la formation Une formation pour apprendre un métier." in text
    assert "Fait à " in text and "Nom, fonction et signature" in text
    assert "·" not in text


def test_the_attestation_shows_the_hours_by_month(client, group, coordinator):
    """Trainings have no modules in Tremplin: the hours are shown by month (decision 0657)."""
    from tests.training.factories import AttendanceDayFactory, ExitFactory
    from tremplin.training.models import AbsenceReason

    reason = AbsenceReason.objects.filter(counts_as_assimilated=True).first()
    contract = ContractFactory(group=group)
    for day, followed, assimilated in (
        (datetime.date(2022, 11, 7), 6, 0),
        (datetime.date(2022, 11, 8), 4, 2),
        (datetime.date(2022, 12, 5), 6, 0),
    ):
        AttendanceDayFactory(
            contract=contract,
            day=day,
            hours_followed=followed,
            hours_assimilated=assimilated,
            reason=reason if assimilated else None,
        )
    ExitFactory(contract=contract, date=datetime.date(2023, 1, 31))
    client.force_login(coordinator)
    text = pdf_text(client.get(reverse("centre:training:attestation", args=[contract.pk])).content)
    assert "Heures par mois Mois Heures suivies Heures assimilées" in text
    assert "novembre 2022 10 2 décembre 2022 6 0" in text
    assert "·" not in text
