"""Erasure on request by a coordinator: the legal holds are explained and recorded (0804)."""

import datetime

import pytest

from tests.audit.test_retention import ended_trainee
from tests.factories import make_member
from tests.intake.people_factories import CandidacyFactory
from tests.training.factories import ContractFactory
from tremplin.accounts.models import Role
from tremplin.audit.models import ErasureRecord
from tremplin.audit.retention.on_request import ErasureRefused, erase_on_request, plan_erasure
from tremplin.intake.models import Person
from tremplin.training.models import AttendanceDay

pytestmark = pytest.mark.django_db


def coordinator_of(person):
    organisation = person.holding_centre.organisation
    return make_member(Role.COORDINATOR, organisation=organisation), organisation


def test_a_file_without_contract_is_erased_at_once(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.ERASURE_JOURNAL = tmp_path / "journal.jsonl"
    person = CandidacyFactory().person
    by, organisation = coordinator_of(person)
    with django_capture_on_commit_callbacks(execute=True):
        record = erase_on_request(
            person, by=by, organisation=organisation, reason="Courriel du 28/11/2026"
        )
    assert not Person.objects.filter(pk=person.pk).exists()
    assert record.action == ErasureRecord.Action.ERASED and record.requested_by == by
    assert str(person.pk) in settings.ERASURE_JOURNAL.read_text()


def test_a_former_trainee_is_pseudonymised_with_the_hold_explained(settings, tmp_path):
    settings.ERASURE_JOURNAL = tmp_path / "journal.jsonl"
    contract = ended_trainee(datetime.date(2025, 6, 30), "Demandeuse")
    person = contract.person
    plan = plan_erasure(person)
    assert plan.keep_until == datetime.date(2035, 6, 30)
    assert "jusqu'au 30 juin 2035" in plan.holds[0] and "à confirmer" in plan.holds[0]
    by, organisation = coordinator_of(person)
    record = erase_on_request(person, by=by, organisation=organisation, reason="Lettre reçue")
    assert record.action == ErasureRecord.Action.PSEUDONYMISED
    assert "30 juin 2035" in record.reason and "Lettre reçue" in record.reason
    person.refresh_from_db()
    assert person.last_name == "Pseudonymisé" and person.email == ""
    assert AttendanceDay.objects.filter(contract=contract).exists()


def test_a_running_contract_refuses_with_a_french_message():
    person = ContractFactory().person
    by, organisation = coordinator_of(person)
    with pytest.raises(ErasureRefused, match="contrat de formation est en cours"):
        erase_on_request(person, by=by, organisation=organisation, reason="Demande")
    assert Person.objects.filter(pk=person.pk).exists()


def _document_about(person, owner):
    from tremplin.documents.models import GeneratedDocument

    return GeneratedDocument.objects.create(
        owner=owner,
        kind="subject_access",
        title=f"Copie des données de {person.last_name}",
        person=person,
        status=GeneratedDocument.Status.READY,
        content=b"PK",
        filename="donnees.zip",
    )


def test_documents_prepared_about_the_person_are_erased_with_the_file(settings, tmp_path):
    """The copy of their data (« Mes documents ») held everything: it goes with the file,
    whether the file is erased or pseudonymised; other documents stay."""
    from tremplin.documents.models import GeneratedDocument

    settings.ERASURE_JOURNAL = tmp_path / "journal.jsonl"
    erased = CandidacyFactory().person
    former = ended_trainee(datetime.date(2025, 6, 30), "Ancienne").person
    for person in (erased, former):
        by, organisation = coordinator_of(person)
        _document_about(person, by)
        report = GeneratedDocument.objects.create(
            owner=by, kind="centre_report", title="Rapport 2025", params={}
        )
        erase_on_request(person, by=by, organisation=organisation, reason="Courrier")
        assert not GeneratedDocument.objects.about(person).exists()
        assert GeneratedDocument.objects.filter(pk=report.pk).exists()


def test_pseudonymisation_by_the_schedule_also_erases_the_documents(settings, tmp_path):
    from tremplin.audit.retention.apply import apply_retention
    from tremplin.documents.models import GeneratedDocument

    settings.ERASURE_JOURNAL = tmp_path / "journal.jsonl"
    person = ended_trainee(datetime.date(2023, 6, 30), "Lointaine").person
    _document_about(person, coordinator_of(person)[0])
    apply_retention(today=datetime.date(2026, 12, 1))
    person.refresh_from_db()
    assert person.last_name == "Pseudonymisé"
    assert not GeneratedDocument.objects.filter(title__contains="Lointaine").exists()


def test_the_access_log_hold_is_explained_with_its_date(settings, tmp_path):
    from django.utils import timezone

    from tremplin.audit.models import AccessLog

    settings.ERASURE_JOURNAL = tmp_path / "journal.jsonl"
    person = CandidacyFactory().person
    by, organisation = coordinator_of(person)
    AccessLog.objects.create(
        user=by,
        organisation=organisation,
        content_type_id=1,
        object_id=person.pk,
        view_name="centre:person_detail",
        accessed_at=timezone.make_aware(datetime.datetime(2026, 3, 4, 10)),
    )
    plan = plan_erasure(person)
    assert plan.action == ErasureRecord.Action.ERASED
    assert "journal des consultations" in plan.holds[0] and "4 mars 2028" in plan.holds[0]
