"""Attendance by the trainer or the federation, the attestation (present only), the anonymous
survey and the reminder the day before."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify

from tests.factories import make_member
from tests.staff_training.factories import SessionFactory, past_session, seat, team
from tremplin.accounts.models import Role
from tremplin.staff_training import attendance
from tremplin.staff_training.models import SurveyInvitation, SurveyResponse
from tremplin.staff_training.registrations import StaffTrainingRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def done():
    """A session that took place, with two confirmed seats and one waiting."""
    namur = team("Centre de Namur (fictif)")
    session = past_session()
    present = seat(session, namur.trainer, namur.centre)
    absent = seat(session, namur.staff, namur.centre)
    waiting = seat(session, namur.social_worker, namur.centre, status="waiting")
    return namur, session, present, absent, waiting


def test_attendance_is_recorded_and_present_people_get_an_anonymous_survey_link(
    done, django_capture_on_commit_callbacks
):
    namur, session, present, absent, _waiting = done
    with django_capture_on_commit_callbacks(execute=True):
        changed = attendance.record_attendance(
            session.pk, {str(present.pk): "present", str(absent.pk): "absent"}
        )
    assert changed == 2
    present.refresh_from_db()
    assert present.attendance == "present"
    assert [m.to for m in mail.outbox] == [[namur.trainer.email]]
    invitation = SurveyInvitation.objects.get()
    field_names = {f.name for f in SurveyInvitation._meta.get_fields()}
    assert field_names == {"id", "session", "token_hash", "expires_at", "used_at"}
    assert invitation.session == session
    # Recording again does not send a second link.
    with django_capture_on_commit_callbacks(execute=True):
        attendance.record_attendance(session.pk, {str(present.pk): "present"})
    assert len(mail.outbox) == 1


def test_attendance_only_for_confirmed_seats_and_after_the_start(done):
    _namur, session, present, _absent, waiting = done
    with pytest.raises(StaffTrainingRefused) as refused:
        attendance.record_attendance(
            session.pk, {str(present.pk): "present", str(waiting.pk): "present"}
        )
    assert refused.value.code == "not_confirmed"
    present.refresh_from_db()
    assert present.attendance == "unknown"  # nothing half-saved
    future = SessionFactory()
    with pytest.raises(StaffTrainingRefused) as refused:
        attendance.record_attendance(future.pk, {})
    assert refused.value.code == "not_started"


def test_no_attestation_for_someone_absent(done):
    _namur, session, present, absent, _waiting = done
    attendance.record_attendance(session.pk, {str(present.pk): "present", str(absent.pk): "absent"})
    present.refresh_from_db()
    absent.refresh_from_db()
    assert attendance.attestation_for(present) == present
    with pytest.raises(StaffTrainingRefused) as refused:
        attendance.attestation_for(absent)
    assert "Pas d'attestation" in str(refused.value.message)


def test_attestation_pdf_for_the_person_present(client, done):
    namur, session, present, absent, _waiting = done
    attendance.record_attendance(session.pk, {str(present.pk): "present", str(absent.pk): "absent"})
    client.force_login(namur.trainer)
    response = client.get(f"/formation-continue/attestations/{present.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The member's own copy says whose and which day (it read « …-<uuid>.pdf »).
    day = timezone.localtime(session.starts_at).date().isoformat()
    person = namur.trainer
    assert response["Content-Disposition"] == (
        f'inline; filename="attestation-formation-continue-{slugify(person.last_name)}-'
        f'{slugify(person.first_name)}-{day}.pdf"'
    )
    # The federation's copy names the module and a reference, never the person.
    client.force_login(make_member(Role.FEDERATION_ANALYST))
    response = client.get(f"/formation-continue/attestations/{present.pk}.pdf")
    module = slugify(session.module.title)[:40].strip("-")
    assert response["Content-Disposition"] == (
        f'inline; filename="attestation-formation-continue-{module}-{str(present.pk)[:8]}-'
        f'{day}.pdf"'
    )
    client.force_login(namur.staff)
    response = client.get(f"/formation-continue/attestations/{absent.pk}.pdf")
    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    assert "Pas d&#x27;attestation" in follow or "Pas d'attestation" in follow


def test_attestation_text():
    from django.template.loader import render_to_string

    namur = team()
    session = past_session()
    registration = seat(session, namur.trainer, namur.centre, attendance="present")
    html = render_to_string(
        "staff_training/attestation.html",
        {
            "registration": registration,
            "session": session,
            "module": session.module,
            "federation": None,
            "today": timezone.localdate(),
        },
    )
    assert str(namur.trainer) in html
    assert session.module.title in html
    assert '<td id="hours">6</td>' in html
    assert "Date, nom et signature" in html


def test_survey_answer_keeps_no_link_to_the_person(client, done):
    _namur, session, present, _absent, _waiting = done
    raw, digest = "jeton-de-test", None
    from tremplin.training.tokens import hash_token

    digest = hash_token(raw)
    SurveyInvitation.objects.create(
        session=session, token_hash=digest, expires_at=timezone.now() + dt.timedelta(days=3)
    )
    answers = {"score_useful": 5, "score_trainer": 4, "score_organisation": 3}
    response = client.post(f"/formation-continue/enquete/{raw}/", answers)
    assert response.status_code == 400  # one score missing
    assert not SurveyResponse.objects.exists()
    response = client.post(f"/formation-continue/enquete/{raw}/", {**answers, "score_recommend": 5})
    assert response.status_code == 200
    saved = SurveyResponse.objects.get()
    assert saved.month.day == 1
    assert {f.name for f in SurveyResponse._meta.get_fields()} == {
        "id", "module", "session", "month", "score_useful", "score_trainer",
        "score_organisation", "score_recommend", "open_answer",
    }  # fmt: skip
    again = client.post(f"/formation-continue/enquete/{raw}/", {**answers, "score_recommend": 5})
    assert again.status_code == 410
    assert SurveyResponse.objects.count() == 1


def test_reminder_the_day_before_once(django_capture_on_commit_callbacks):
    namur = team()
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    session = SessionFactory(
        starts_at=tomorrow.replace(hour=9, minute=0),
        ends_at=tomorrow.replace(hour=16, minute=0),
        registration_deadline=timezone.localdate() - dt.timedelta(days=2),
    )
    seat(session, namur.trainer, namur.centre)
    seat(session, namur.staff, namur.centre, status="waiting")
    later = SessionFactory()
    seat(later, namur.trainer, namur.centre)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_staff_training_reminders", "--dry-run", stdout=io.StringIO())
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_staff_training_reminders", stdout=io.StringIO())
        call_command("send_staff_training_reminders", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[namur.trainer.email]]
    assert "Rappel" in mail.outbox[0].subject


def test_only_the_trainer_of_the_session_or_the_federation_may_record():
    namur = team()
    session = past_session(trainer=namur.trainer)
    assert attendance.may_record_attendance(namur.trainer, session)
    assert attendance.may_record_attendance(make_member(Role.FEDERATION_ANALYST), session)
    assert not attendance.may_record_attendance(namur.coordinator, session)
