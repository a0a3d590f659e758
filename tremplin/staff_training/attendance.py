"""Attendance after a session, the anonymous survey it opens, the attestation and the reminder.

Only confirmed seats have an attendance. The survey invitation points at the session only
(same rule as the trainees' survey: the answer never says who answered).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability, can
from tremplin.staff_training import messages
from tremplin.staff_training.models import (
    SCORE_QUESTIONS,
    Registration,
    Session,
    SurveyInvitation,
    SurveyResponse,
)
from tremplin.staff_training.registrations import StaffTrainingRefused
from tremplin.training.tokens import hash_token, new_token

SURVEY_VALID_FOR = dt.timedelta(days=30)


def may_record_attendance(user, session: Session) -> bool:
    return user.is_authenticated and (
        session.trainer_id == user.pk or can(user, Capability.RUN_STAFF_TRAINING)
    )


def sessions_for_attendance(user):
    """Sessions whose attendance ``user`` may record: all for the federation, else their own."""
    sessions = Session.objects.exclude(status=Session.Status.DRAFT)
    if can(user, Capability.RUN_STAFF_TRAINING):
        return sessions
    return sessions.trained_by(user)


def record_attendance(session_id, values: dict[str, str], *, now=None) -> int:
    """Set present/absent for the confirmed seats whose id is in ``values``. The first time a
    person is marked present, a survey link is sent to them. Returns how many changed."""
    now = now or timezone.now()
    allowed = {Registration.Attendance.PRESENT, Registration.Attendance.ABSENT}
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("module").get(pk=session_id)
        if session.status != Session.Status.PUBLISHED or session.starts_at > now:
            raise StaffTrainingRefused(
                _("Les présences se notent une fois la session commencée."),
                code="not_started",
            )
        bad = set(values.values()) - allowed
        if bad:
            raise StaffTrainingRefused(
                _("Pour chaque personne, dites si elle était présente ou absente."),
                code="bad_value",
            )
        seats = list(session.registrations.confirmed().select_for_update().select_related("user"))
        unknown = set(values) - {str(r.pk) for r in seats}
        if unknown:
            raise StaffTrainingRefused(
                _("Seules les personnes avec une place confirmée ont une présence."),
                code="not_confirmed",
            )
        changed = []
        for registration in seats:
            value = values.get(str(registration.pk))
            if value and value != registration.attendance:
                first_time_present = (
                    value == Registration.Attendance.PRESENT
                    and registration.attendance == Registration.Attendance.UNKNOWN
                )
                registration.attendance = value
                changed.append(registration)
                if first_time_present:
                    invite_to_survey(session, registration.user.email, now)
        Registration.objects.bulk_update(changed, ["attendance"])
        session.attendance_recorded_at = now
        session.save(update_fields=["attendance_recorded_at"])
    return len(changed)


def invite_to_survey(session, email: str, now) -> None:
    raw, digest = new_token()
    SurveyInvitation.objects.create(
        session=session, token_hash=digest, expires_at=now + SURVEY_VALID_FOR
    )
    messages.survey_link(email, session, raw)


def invitation_for(raw_token: str, *, for_update=False) -> SurveyInvitation:
    found = SurveyInvitation.objects.select_related("session__module")
    if for_update:
        found = found.select_for_update(of=("self",))
    invitation = found.filter(token_hash=hash_token(raw_token)).first()
    if invitation is None:
        raise StaffTrainingRefused(
            _("Ce lien n'est pas valable. Vérifiez qu'il est complet."), code="unknown"
        )
    if invitation.used_at is not None:
        raise StaffTrainingRefused(
            _("Vous avez déjà répondu. Merci ! Ce lien ne peut servir qu'une fois."), code="used"
        )
    if invitation.expires_at <= timezone.now():
        raise StaffTrainingRefused(_("Ce lien a expiré."), code="expired")
    return invitation


def answer_survey(raw_token: str, data: dict) -> SurveyResponse:
    """Save the answer with the module, the session and the month only; burn the link."""
    with transaction.atomic():
        invitation = invitation_for(raw_token, for_update=True)
        session = invitation.session
        response = SurveyResponse.objects.create(
            module=session.module,
            session=session,
            month=timezone.localdate().replace(day=1),
            **{name: data[name] for name, _label in SCORE_QUESTIONS},
            open_answer=data.get("open_answer", ""),
        )
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
    return response


def attestation_for(registration: Registration) -> Registration:
    """Only someone marked present gets an attestation."""
    if registration.attendance != Registration.Attendance.PRESENT:
        raise StaffTrainingRefused(
            _(
                "Pas d'attestation : la présence de %(name)s à cette session n'est pas notée "
                "« Présent ou présente »."
            )
            % {"name": registration.user},
            code="not_present",
        )
    return registration


def reminder_window(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    return start, start + dt.timedelta(days=1)


def send_reminders(*, now=None, dry_run=False) -> list[Registration]:
    """Remind every confirmed seat of a session starting tomorrow, once (row lock, stamp)."""
    now = now or timezone.now()
    start, end = reminder_window(now)
    due = Registration.objects.confirmed().filter(
        reminder_sent_at__isnull=True,
        session__status=Session.Status.PUBLISHED,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    )
    if dry_run:
        return list(due.select_related("user", "session__module"))
    sent = []
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            registration = (
                due.filter(pk=pk)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("user", "session__module", "session__postal_code__municipality")
                .first()
            )
            if registration is None:
                continue
            messages.reminder(registration)
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            sent.append(registration)
    return sent
