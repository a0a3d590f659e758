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
    assert "jusqu'au 30/06/2035" in plan.holds[0] and "à confirmer" in plan.holds[0]
    by, organisation = coordinator_of(person)
    record = erase_on_request(person, by=by, organisation=organisation, reason="Lettre reçue")
    assert record.action == ErasureRecord.Action.PSEUDONYMISED
    assert "30/06/2035" in record.reason and "Lettre reçue" in record.reason
    person.refresh_from_db()
    assert person.last_name == "Pseudonymisé" and person.email == ""
    assert AttendanceDay.objects.filter(contract=contract).exists()


def test_a_running_contract_refuses_with_a_french_message():
    person = ContractFactory().person
    by, organisation = coordinator_of(person)
    with pytest.raises(ErasureRefused, match="contrat de formation est en cours"):
        erase_on_request(person, by=by, organisation=organisation, reason="Demande")
    assert Person.objects.filter(pk=person.pk).exists()
