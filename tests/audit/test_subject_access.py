"""Access requests (RGPD art. 15/20, decision 0806): the ZIP holds a readable PDF and a JSON of
everything held, staff names only on request, withheld social notes replaced by their reason;
requests carry a one-month deadline and stay listed until answered."""

import datetime
import io
import json
import re
import zipfile

import pytest
from django.core.management import call_command

from tests.audit.test_retention import ended_trainee
from tests.factories import make_member
from tremplin import formatting
from tremplin.accounts.models import Role
from tremplin.audit.access_requests import answer, record_request, withhold_note
from tremplin.audit.models import AccessLog, AccessRequest
from tremplin.audit.subject_access import _for_machines, _for_reading, collect
from tremplin.downloads import file_name
from tremplin.intake.eligibility_checks import as_json
from tremplin.rules.facts import Situation
from tremplin.training.models import SocialNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainee():
    contract = ended_trainee(datetime.date(2025, 6, 30), "Demandeur")
    organisation = contract.centre.organisation
    social_worker = make_member(
        Role.SOCIAL_WORKER, organisation=organisation, email="assistante@exemple.test"
    )
    AccessLog.objects.create(
        user=social_worker,
        organisation=organisation,
        content_type_id=1,
        object_id=contract.person_id,
        view_name="centre:person_detail",
    )
    return contract


def unzip(content: bytes) -> tuple[dict, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["donnees.json", "donnees.pdf"]
        return json.loads(archive.read("donnees.json")), archive.read("donnees.pdf")


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def section(data, title):
    return next(s["lignes"] for s in data["sections"] if s["titre"] == title)


def test_the_zip_holds_everything_and_withholds_what_the_social_worker_kept(trainee):
    person = trainee.person
    note = SocialNote.objects.get(follow_up__contract=trainee)
    withhold_note(note, "Mentionne un tiers (art. 15.4)")
    coordinator = make_member(Role.COORDINATOR, organisation=trainee.centre.organisation)
    request = record_request(
        person,
        organisation=trainee.centre.organisation,
        by=coordinator,
        received_on=datetime.date(2026, 1, 31),
    )
    assert request.deadline == datetime.date(2026, 2, 28)
    assert list(AccessRequest.objects.open_for(trainee.centre.organisation)) == [request]

    data, pdf = unzip(answer(request, by=coordinator))
    assert pdf.startswith(b"%PDF")
    text = json.dumps(data, ensure_ascii=False)
    assert "Demandeur" in text and person.niss in text
    assert section(data, "Contrats de formation")[0]["formation"] == trainee.training.name
    assert section(data, "Présences") and section(data, "Relevés d'heures par mois")
    assert "Confidentiel Demandeur" in text  # the exit interview note
    notes = next(s for s in data["sections"] if s["titre"] == "Notes de suivi social")
    assert notes["lignes"] == []  # the only note was withheld: left out
    assert notes["remarque"].startswith("1 note(s) de suivi social ne sont pas dans cette copie")
    assert "article 15.4" in notes["remarque"] and "Autorité de protection" in notes["remarque"]
    assert data["donnees_retenues"] == [notes["remarque"]]
    assert "Note sociale Demandeur" not in text
    assert "Mentionne un tiers" not in text  # the reason recorded may speak of the third person
    assert "ne sont pas dans cette copie" in pdf_text(pdf)
    log = section(data, "Consultations du dossier")
    assert log[0]["rôle"] == Role.SOCIAL_WORKER.label and "par" not in log[0]
    assert "assistante@exemple.test" not in text  # no staff names by default (Pankki)
    assert not AccessRequest.objects.open_for(trainee.centre.organisation).exists()
    # Dates: ISO 8601 in the JSON (art. 20: for a program), as a person reads them in the PDF.
    contract = section(data, "Contrats de formation")[0]
    assert trainee.start_date.isoformat() in contract.values()
    assert formatting.short_day(trainee.start_date) in pdf_text(pdf)
    assert datetime.datetime.fromisoformat(log[0]["consulté le"]).tzinfo is not None
    assert datetime.datetime.fromisoformat(data["produit_le"]).tzinfo is not None


def test_staff_names_on_request_and_the_command(trainee, tmp_path):
    target = tmp_path / "acces.zip"
    call_command(
        "subject_access",
        "--person",
        str(trainee.person_id),
        "--output",
        str(target),
        "--with-staff-names",
    )
    data, _pdf = unzip(target.read_bytes())
    assert (
        section(data, "Consultations du dossier")[0]["par"] == "assistante@exemple.test"
        or (section(data, "Consultations du dossier")[0]["par"])
    )


def test_withholding_records_who_when_and_why_and_requires_a_reason(trainee):
    from tremplin.audit.access_requests import release_note
    from tremplin.refusals import Refused

    note = SocialNote.objects.get(follow_up__contract=trainee)
    social_worker = make_member(Role.SOCIAL_WORKER, organisation=trainee.centre.organisation)
    with pytest.raises(Refused, match="Indiquez pourquoi"):
        withhold_note(note, "   ", by=social_worker)
    withhold_note(note, "  Parle de son ex-compagnon  ", by=social_worker)
    note.refresh_from_db()
    assert note.withheld_reason == "Parle de son ex-compagnon"
    assert note.withheld_by == social_worker and note.withheld_at is not None
    release_note(note)
    note.refresh_from_db()
    assert note.withheld_reason == "" and note.withheld_by is None
    data = collect(trainee.person)
    notes = next(s for s in data["sections"] if s["titre"] == "Notes de suivi social")
    assert "remarque" not in notes and "donnees_retenues" not in data
    assert notes["lignes"][0]["note"] == "Note sociale Demandeur"


def test_the_copy_is_prepared_in_my_documents_then_marked_answered(
    trainee, django_capture_on_commit_callbacks, settings
):
    """The coordinator's button: the ZIP is prepared in the background (« Mes documents »),
    linked to the request and to the person; answering is a separate step."""
    from tremplin.audit.access_requests import mark_answered, prepare_answer
    from tremplin.documents.models import GeneratedDocument
    from tremplin.refusals import Refused

    organisation = trainee.centre.organisation
    coordinator = make_member(Role.COORDINATOR, organisation=organisation)
    request = record_request(
        trainee.person,
        organisation=organisation,
        by=coordinator,
        received_on=datetime.date(2026, 11, 2),
        how="Courrier",
    )
    with django_capture_on_commit_callbacks(execute=True):
        document = prepare_answer(request, by=coordinator)
    document.refresh_from_db()
    request.refresh_from_db()
    assert request.document == document and document.person == trainee.person
    assert document.status == GeneratedDocument.Status.READY
    person = trainee.person
    assert document.filename == file_name("donnees", person.last_name, person.first_name, ext="zip",
                                          day=datetime.date(2026, 11, 2))  # fmt: skip
    assert document.filename.endswith("-2026-11-02.zip") and document.filename.isascii()
    data, _pdf = unzip(bytes(document.content))
    assert "Demandeur" in json.dumps(data, ensure_ascii=False)
    assert request.answered_at is None  # not answered until handed over
    assert list(AccessRequest.objects.open_for(organisation)) == [request]

    mark_answered(request, by=coordinator)
    assert request.answered_by == coordinator
    assert not AccessRequest.objects.open_for(organisation).exists()
    with pytest.raises(Refused, match="déjà reçu sa réponse"):
        mark_answered(request, by=coordinator)
    with pytest.raises(Refused, match="déjà reçu sa réponse"):
        prepare_answer(request, by=coordinator)


def test_a_request_cannot_be_dated_in_the_future_and_is_overdue_after_a_month(trainee):
    from tremplin.refusals import Refused

    organisation = trainee.centre.organisation
    coordinator = make_member(Role.COORDINATOR, organisation=organisation)
    with pytest.raises(Refused, match="futur"):
        record_request(
            trainee.person,
            organisation=organisation,
            by=coordinator,
            received_on=datetime.date.today() + datetime.timedelta(days=2),
        )
    request = record_request(
        trainee.person,
        organisation=organisation,
        by=coordinator,
        received_on=datetime.date(2026, 10, 31),
    )
    assert request.deadline == datetime.date(2026, 11, 30)
    assert not request.is_overdue(datetime.date(2026, 11, 30))
    assert request.is_overdue(datetime.date(2026, 12, 1))


def test_the_copy_holds_the_referral_s_eligibility_facts_and_the_agreements_after_the_contract():
    """What a counsellor kept with the referral is the person's data too (art. 15): the facts
    of the eligibility check (benefits, disability, justice measure…) and the agreement about
    what follows the contract, given then withdrawn."""
    from tests.intake.people_factories import ReferralFactory
    from tremplin.intake.models import OutcomeConsent, ReferralEligibility

    referral = ReferralFactory()
    person = referral.person
    ReferralEligibility.objects.create(
        referral=referral,
        checked_by=referral.prescriber,
        situation=as_json(Situation(justice_measure=True, highest_certificate="CE1D")),
        status="eligible",
        categories=["D2"],
        documents=["justice_document"],
        rules_version="2026-11",
    )
    OutcomeConsent.objects.create(
        referral=referral,
        given_on=datetime.date(2026, 3, 2),
        recorded_by=referral.prescriber,
        withdrawn_on=datetime.date(2026, 5, 4),
        withdrawal_recorded_by=referral.prescriber,
    )
    data = collect(person)
    facts = section(data, "Éligibilité vérifiée à l'orientation")
    assert facts[0]["faits donnés par la personne"].codes["justice_measure"] is True
    assert facts[0]["preuves à apporter"].codes == ["justice_document"]
    agreements = section(data, "Accords pour la suite après le contrat")
    assert agreements[0]["accord donné le"] == datetime.date(2026, 3, 2)
    assert agreements[0]["accord retiré le"] == datetime.date(2026, 5, 4)
    # Every label reads as French words for the person, without middle-dot forms.
    identity = section(data, "Identité et situation")[0]
    assert "niss hash" not in identity and "empreinte du NISS" in identity
    assert not [label for label in identity if "·" in label]


def test_the_copy_s_pdf_says_the_rules_codes_in_words_and_the_json_keeps_them():
    """A person reads « Être en détention… : oui », not ``{'justice_measure': True}``; a
    program gets the codes (art. 20). Who opened the file is said without middle-dot forms."""
    from tests.intake.people_factories import ReferralFactory
    from tremplin.intake.models import ReferralEligibility

    referral = ReferralFactory()
    ReferralEligibility.objects.create(
        referral=referral,
        checked_by=referral.prescriber,
        situation=as_json(
            Situation(justice_measure=True, highest_certificate="CE1D", incapacity_percent=40)
        ),
        status="eligible",
        categories=["D2"],
        documents=["justice_document"],
        rules_version="2026-11",
    )
    AccessLog.objects.create(
        user=referral.prescriber,
        organisation=referral.prescriber_organisation,
        content_type_id=1,
        object_id=referral.person_id,
        view_name="prescriber:referral_detail",
    )
    data = collect(referral.person)
    read = _for_reading(data)
    (facts,) = section(read, "Éligibilité vérifiée à l'orientation")
    said = facts["faits donnés par la personne"].split("\n")
    assert (
        "Être en détention, sous surveillance électronique ou en libération conditionnelle : oui"
        in said
    )
    assert "Votre taux d'incapacité de travail : 40\u202f%" in said  # the site's percent format
    assert any(line.startswith("Votre diplôme le plus élevé : CE1D") for line in said)
    assert facts["résultat"] == "Oui, vous pouvez entrer dans un CISP."
    assert facts["preuves à apporter"].startswith("Un document de la justice ou de la prison")
    assert "justice_measure" not in str(read)
    (opened,) = section(read, "Consultations du dossier")
    assert "·" not in opened["rôle"]

    machine = json.loads(json.dumps(data, default=_for_machines))
    (kept,) = section(machine, "Éligibilité vérifiée à l'orientation")
    assert kept["faits donnés par la personne"]["justice_measure"] is True
    assert kept["catégories remplies"] == ["D2"]


def test_the_copy_s_pdf_writes_numbers_and_its_date_in_french(trainee):
    """The person reads « 30 » hours a week and « 6 » hours a day, not « 30.0 » or « 6.00 »;
    the copy's date is in words; the JSON keeps its exact decimals."""
    coordinator = make_member(Role.COORDINATOR, organisation=trainee.centre.organisation)
    request = record_request(
        trainee.person,
        organisation=trainee.centre.organisation,
        by=coordinator,
        received_on=datetime.date(2026, 1, 31),
    )
    data, pdf = unzip(answer(request, by=coordinator))
    text = " ".join(pdf_text(pdf).split())
    trainee.refresh_from_db()
    hours = formatting.hours(trainee.hours_per_week)
    assert f"Heures par semaine {hours} " in text
    assert not re.search(r"\d\.\d", text), re.findall(r".{30}\d\.\d.{10}", text)
    produced = datetime.datetime.fromisoformat(data["produit_le"])
    assert f"Copie produite le {formatting.moment(produced)}" in text
    assert "page 1 sur" in text
    contract = section(data, "Contrats de formation")[0]
    assert contract["heures par semaine"] == str(trainee.hours_per_week)
