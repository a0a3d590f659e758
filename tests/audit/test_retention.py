"""apply_retention (0804): erases what has no reason to stay, pseudonymises trainees (rows and
history), deletes old access-log rows, deactivates unused accounts; tombstones and journal;
idempotent; dry run changes nothing; statistics facts unchanged."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.factories import UserFactory
from tests.intake.people_factories import VALID_NISS, CandidacyFactory
from tests.training.factories import (
    AttendanceDayFactory,
    ContractFactory,
    ExitFactory,
    PersonFactory,
)
from tremplin.audit.models import AccessLog, ErasureRecord, RetentionRun
from tremplin.audit.retention.apply import apply_retention
from tremplin.audit.retention.schedule import RULES
from tremplin.intake.models import Candidacy, Person
from tremplin.intake.states import CandidacyStatus
from tremplin.stats.models import ContractFact, HoursFact
from tremplin.stats.refresh import refresh
from tremplin.training.models import AttendanceDay, Contract, FollowUp, SocialFollowUp, SocialNote

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)
LONG_AGO = timezone.make_aware(datetime.datetime(2023, 1, 10, 9))


@pytest.fixture(autouse=True)
def journal(settings, tmp_path):
    settings.ERASURE_JOURNAL = tmp_path / "erasure-journal.jsonl"
    return settings.ERASURE_JOURNAL


def ended_trainee(end: datetime.date, last_name: str):
    person = PersonFactory(last_name=last_name, niss=VALID_NISS[1], phone="0470123456")
    contract = ContractFactory(
        person=person,
        start_date=end - datetime.timedelta(days=200),
        planned_end_date=end,
        actual_end_date=end,
        status=Contract.Status.ENDED,
    )
    AttendanceDayFactory(contract=contract, day=end - datetime.timedelta(days=10))
    exit_ = ExitFactory(contract=contract, date=end, interview_note=f"Confidentiel {last_name}")
    FollowUp.objects.create(exit=exit_, due_on=end, comment=f"Remarque {last_name}")
    social = SocialFollowUp.objects.create(contract=contract)
    SocialNote.objects.create(
        follow_up=social,
        date=end,
        kind="call",
        text=f"Note sociale {last_name}",
        author=UserFactory(),
    )
    return contract


def old_file_without_contract():
    candidacy = CandidacyFactory(status=CandidacyStatus.WITHDRAWN)
    Candidacy.objects.filter(pk=candidacy.pk).update(updated_at=LONG_AGO)
    Person.objects.filter(pk=candidacy.person_id).update(updated_at=LONG_AGO)
    return candidacy.person


def every_text_column_contains(needle: str) -> list[str]:
    """Tables whose text/JSON columns hold ``needle`` anywhere (rows and history)."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb')"
        )
        for table, column in cursor.fetchall():
            cursor.execute(
                f'SELECT 1 FROM "{table}" WHERE "{column}"::text LIKE %s LIMIT 1', [f"%{needle}%"]
            )
            if cursor.fetchone():
                found.append(f"{table}.{column}")
    return found


def facts():
    contracts = sorted(
        ContractFact.objects.values_list(
            "contract_id",
            "person_key",
            "birth_year",
            "age_band",
            "registration_band",
            "residence_province_code",
            "start_month",
            "end_month",
            "exit_kind",
        )
    )
    hours = sorted(HoursFact.objects.values_list("contract_id", "month", "hours_followed"))
    return contracts, hours


def test_apply_retention_end_to_end():
    forgotten = old_file_without_contract()
    recent = CandidacyFactory(status=CandidacyStatus.WITHDRAWN).person
    pseudo = ended_trainee(datetime.date(2023, 6, 30), "Pseudonymiser")
    erased = ended_trainee(datetime.date(2015, 6, 30), "Effacer")
    running = ContractFactory(
        start_date=datetime.date(2026, 9, 1), planned_end_date=TODAY.replace(year=2027)
    )
    idle = UserFactory(last_login=LONG_AGO, email="ancien.membre@exemple.test")
    active = UserFactory(last_login=timezone.now())
    log = AccessLog.objects.create(
        user=idle,
        content_type_id=1,
        object_id=pseudo.person_id,
        view_name="v",
        accessed_at=timezone.now(),
    )
    AccessLog.objects.create(
        user=active,
        content_type_id=1,
        object_id=pseudo.person_id,
        view_name="v",
        accessed_at=LONG_AGO - datetime.timedelta(days=800),
    )
    refresh()
    before = facts()

    dry = apply_retention(today=TODAY, dry_run=True)
    assert dry.dry_run and "SIMULATION" in dry.text
    assert Person.objects.filter(pk=forgotten.pk).exists()
    assert not ErasureRecord.objects.exists()

    run = apply_retention(today=TODAY)
    assert run.report["file_without_contract"] == 1
    assert run.report["trainee_identity"] == 1
    assert run.report["trainee_records"] == 1
    assert run.report["access_log"] == 1
    assert run.report["unused_account"] == 1
    assert "à confirmer" in run.text

    assert not Person.objects.filter(pk__in=[forgotten.pk, erased.person_id]).exists()
    assert Person.objects.filter(pk=recent.pk).exists()
    assert Contract.objects.filter(pk=running.pk).exists()
    # Pseudonymised: subsidy evidence kept, identity and free text gone, in history too.
    person = Person.objects.get(pk=pseudo.person_id)
    assert (person.first_name, person.niss, person.email, person.phone) == ("", "", "", "")
    assert person.birth_date == datetime.date(1990, 1, 1)
    assert AttendanceDay.objects.filter(contract=pseudo).count() == 1
    assert not SocialNote.objects.filter(follow_up__contract=pseudo).exists()
    for needle in ["Pseudonymiser", "Effacer", forgotten.last_name, "ancien.membre"]:
        assert every_text_column_contains(needle) == [], needle
    # The unused account is deactivated; the access log still points at it.
    idle.refresh_from_db()
    assert not idle.is_active and idle.email.endswith("@pseudonymise.invalid")
    assert AccessLog.objects.filter(pk=log.pk, user=idle).exists()
    # Tombstones (ids only) and the journal.
    assert ErasureRecord.objects.count() == 4
    refresh()
    assert facts() == before  # statistics unchanged

    again = apply_retention(today=TODAY)
    assert set(again.report.values()) <= {0, TODAY.isoformat()}
    assert RetentionRun.objects.count() == 3
    refresh()
    assert facts() == before


def test_an_erasure_comes_back_after_a_restore(journal):
    forgotten = old_file_without_contract()
    pk, centre = forgotten.pk, forgotten.holding_centre
    call_command("apply_retention")
    assert journal.read_text().count(str(pk)) == 1
    # A restore brings back a backup taken before: the file, without the tombstone.
    ErasureRecord.objects.all().delete()
    Person.objects.create(
        pk=pk, holding_centre=centre, first_name="Revenu", last_name="Dusauvegarde"
    )
    run = apply_retention()
    assert run.report["journal"] == 1
    assert not Person.objects.filter(pk=pk).exists()
    assert ErasureRecord.objects.filter(object_id=str(pk)).exists()


def test_attendance_hours_stay_with_the_pseudonymised_contract():
    contract = ended_trainee(datetime.date(2023, 6, 30), "Heures")
    apply_retention(today=TODAY)
    assert AttendanceDay.objects.get(contract=contract).hours_followed == Decimal("6")


def test_continuing_training_registrations_have_their_own_rule():
    """Rule ``staff_training_registration``: erased 5 years after the session (with their
    history); a recent one stays; the member's account is untouched."""
    from tests.staff_training.factories import past_session, seat, team
    from tremplin.audit.retention.schedule import RULES
    from tremplin.staff_training.models import Registration

    rule = RULES["staff_training_registration"]
    assert rule.months == 60 and rule.action == "erase" and rule.confidence == "à confirmer"
    members = team()
    now = timezone.localdate()
    old = seat(past_session(days_ago=(now - TODAY).days + 6 * 365), members.staff, members.centre)
    recent = seat(past_session(days_ago=400), members.coordinator, members.centre)
    run = apply_retention(today=TODAY)
    assert run.report["staff_training_registration"] == 1
    assert list(Registration.objects.all()) == [recent]
    events = Registration.pgh_event_models.values()
    assert not any(e.objects.filter(pgh_obj_id=old.pk).exists() for e in events)
    members.staff.refresh_from_db()
    assert members.staff.is_active


def test_answered_access_requests_follow_the_access_log_rule():
    from tests.factories import make_member
    from tremplin.accounts.models import Role
    from tremplin.audit.models import AccessRequest

    contract = ContractFactory()
    organisation = contract.centre.organisation
    by = make_member(Role.COORDINATOR, organisation=organisation)
    fields = {"person": contract.person, "organisation": organisation, "recorded_by": by}
    old = AccessRequest.objects.create(
        **fields, received_on=datetime.date(2024, 1, 5), answered_at=LONG_AGO, answered_by=by
    )
    still_open = AccessRequest.objects.create(**fields, received_on=datetime.date(2024, 1, 5))
    apply_retention(today=TODAY)
    assert list(AccessRequest.objects.all()) == [still_open]
    assert not AccessRequest.objects.filter(pk=old.pk).exists()


@pytest.mark.parametrize(
    ("months", "said"), [(6, "6 mois"), (12, "1 an"), (24, "2 ans"), (120, "10 ans")]
)
def test_a_period_is_said_in_words(months, said):
    """The register and the retention report said « 2 an(s) »."""
    rule = dataclasses.replace(RULES["booking"], months=months)
    assert rule.period_label == said
