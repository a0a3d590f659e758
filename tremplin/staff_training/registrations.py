"""Asking for a seat, approving, cancelling, the waiting list and the capacity of a session.

Every change of seats locks the session row first (``select_for_update``), so the last seat
goes to one person only; the database triggers of ``models.py`` are the last line of defence
(never more confirmed seats than the capacity). Messages leave after the commit.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin import formatting
from tremplin.accounts.capabilities import Capability, granting
from tremplin.accounts.models import Membership, Role
from tremplin.refusals import Refused
from tremplin.staff_training import messages
from tremplin.staff_training.models import MEMBER_ROLES, Registration, Session


class StaffTrainingRefused(Refused):
    """An action on continuing training that cannot be done (French ``message``)."""


def _locked_session(session_id) -> Session:
    return Session.objects.select_for_update().select_related("module").get(pk=session_id)


def check_open(session: Session, now: dt.datetime) -> None:
    if session.status == Session.Status.CANCELLED:
        raise StaffTrainingRefused(
            _("Cette session a été annulée par la fédération."), code="session_cancelled"
        )
    if session.status != Session.Status.PUBLISHED:
        raise StaffTrainingRefused(
            _("Cette session n'est pas encore publiée."), code="session_draft"
        )
    if session.starts_at <= now:
        raise StaffTrainingRefused(
            _("Cette session a déjà commencé ou est terminée."), code="session_past"
        )
    if session.deadline_passed(now):
        raise StaffTrainingRefused(
            _(
                "Les inscriptions à cette session sont closes depuis le %(date)s. "
                "Choisissez une autre session ou contactez la fédération."
            )
            % {"date": formatting.day(session.registration_deadline)},
            code="deadline_passed",
        )


def _role_in(user, organisation) -> str:
    """The member's role in ``organisation`` used for the figures (coordinator first)."""
    roles = set(
        Membership.objects.active()
        .filter(user=user, organisation=organisation, role__in=MEMBER_ROLES)
        .values_list("role", flat=True)
    )
    for role in MEMBER_ROLES:
        if role in roles:
            return role
    raise StaffTrainingRefused(
        _("Vous ne travaillez pas dans ce centre sur Tremplin."), code="not_a_member"
    )


def already_registered() -> StaffTrainingRefused:
    return StaffTrainingRefused(
        _("Vous avez déjà demandé une place à cette session. Votre demande est gardée."),
        code="already_registered",
    )


def request_seat(session_id, user, organisation, *, now=None) -> Registration:
    """A member asks for a seat. Approved at once when the member coordinates the centre."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked_session(session_id)
        check_open(session, now)
        role = _role_in(user, organisation)
        if Registration.objects.active().filter(session=session, user=user).exists():
            raise already_registered()
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    session=session,
                    user=user,
                    organisation=organisation,
                    role=role,
                    status=Registration.Status.PENDING,
                    requested_at=now,
                )
        except IntegrityError as error:
            raise already_registered() from error
        if role == Role.COORDINATOR:
            _give_seat_or_wait(session, registration, user, now)
        else:
            messages.request_to_approve(registration)
    return registration


def _give_seat_or_wait(session, registration, by_user, now) -> None:
    full = session.registrations.confirmed().count() >= session.capacity
    registration.status = Registration.Status.WAITING if full else Registration.Status.CONFIRMED
    registration.decided_at = now
    registration.decided_by = by_user
    registration.save(update_fields=["status", "decided_at", "decided_by"])
    messages.seat_update(registration)


def _pending_for(coordinator, registration_id) -> tuple[Session, Registration]:
    registration = (
        Registration.objects.to_approve_by(coordinator).filter(pk=registration_id).first()
    )
    if registration is None:
        raise StaffTrainingRefused(_("Cette demande n'existe pas."), code="unknown")
    session = _locked_session(registration.session_id)
    registration = Registration.objects.select_for_update().get(pk=registration_id)
    if registration.status != Registration.Status.PENDING:
        raise StaffTrainingRefused(_("Cette demande a déjà été traitée."), code="already_decided")
    return session, registration


def approve(registration_id, coordinator, *, now=None) -> Registration:
    """The coordinator of the member's centre agrees: a seat, or the waiting list when full."""
    now = now or timezone.now()
    with transaction.atomic():
        session, registration = _pending_for(coordinator, registration_id)
        if session.status == Session.Status.CANCELLED or session.starts_at <= now:
            raise StaffTrainingRefused(
                _(
                    "La session est annulée ou déjà commencée : "
                    "la demande ne peut plus être acceptée."
                ),
                code="session_closed",
            )
        _give_seat_or_wait(session, registration, coordinator, now)
    return registration


def refuse(registration_id, coordinator, reason: str, *, now=None) -> Registration:
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise StaffTrainingRefused(
            _("Expliquez en une phrase pourquoi vous refusez."), code="reason_required"
        )
    with transaction.atomic():
        _session, registration = _pending_for(coordinator, registration_id)
        registration.status = Registration.Status.REFUSED
        registration.refusal_reason = reason
        registration.decided_at = now
        registration.decided_by = coordinator
        registration.save(update_fields=["status", "refusal_reason", "decided_at", "decided_by"])
        messages.seat_update(registration)
    return registration


def cancel(registration_id, user, *, now=None) -> Registration:
    """The member (or their coordinator) cancels; a freed seat goes to the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        found = Registration.objects.visible_to(user).filter(pk=registration_id).first()
        mine = found is not None and (
            found.user_id == user.pk
            or Registration.objects.to_approve_by(user).filter(pk=found.pk).exists()
        )
        if not mine:
            raise StaffTrainingRefused(_("Cette inscription n'existe pas."), code="unknown")
        session = _locked_session(found.session_id)
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.status not in Registration.ACTIVE:
            raise StaffTrainingRefused(
                _("Cette inscription est déjà annulée ou refusée."), code="not_active"
            )
        if session.starts_at <= now:
            raise StaffTrainingRefused(
                _("La session a commencé : l'inscription ne peut plus être annulée."),
                code="session_past",
            )
        held_a_seat = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        if held_a_seat:
            promote_waiting(session, now)
    return registration


def promote_waiting(session: Session, now) -> list[Registration]:
    """Free seats go to the waiting list in order. The caller holds the session lock."""
    free = session.capacity - session.registrations.confirmed().count()
    if free <= 0:
        return []
    promoted = list(session.registrations.waiting().select_for_update()[:free])
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        messages.seat_update(registration)
    return promoted


def change_capacity(session_id, capacity: int, *, now=None) -> Session:
    """Lowering below the confirmed seats is refused; raising it gives seats to the waiting
    list."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked_session(session_id)
        confirmed = session.registrations.confirmed().count()
        if capacity < confirmed:
            raise capacity_below_seats(confirmed)
        session.capacity = capacity
        session.save(update_fields=["capacity"])
        promote_waiting(session, now)
    return session


def capacity_below_seats(confirmed: int) -> StaffTrainingRefused:
    return StaffTrainingRefused(
        _(
            "%(n)s personnes ont déjà une place confirmée : le nombre de places ne peut pas "
            "descendre sous %(n)s. Annulez d'abord des inscriptions si nécessaire."
        )
        % {"n": confirmed},
        code="capacity_below_seats",
    )


def cancel_session(session_id, note: str, *, now=None) -> Session:
    """The federation cancels a session: everyone still registered is told."""
    now = now or timezone.now()
    note = (note or "").strip()
    if not note:
        raise StaffTrainingRefused(
            _("Expliquez pourquoi la session est annulée."), code="note_required"
        )
    with transaction.atomic():
        session = _locked_session(session_id)
        if session.status == Session.Status.CANCELLED:
            raise StaffTrainingRefused(_("Cette session est déjà annulée."), code="cancelled")
        if session.starts_at <= now:
            raise StaffTrainingRefused(
                _("Une session commencée ne peut plus être annulée."), code="session_past"
            )
        session.status = Session.Status.CANCELLED
        session.cancellation_note = note
        session.save(update_fields=["status", "cancellation_note"])
        for registration in session.registrations.active().select_related("user"):
            registration.status = Registration.Status.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at"])
            messages.session_cancelled(registration)
    return session


def is_approver_for(user, organisation) -> bool:
    return (
        user.is_authenticated
        and Membership.objects.active()
        .filter(granting(Capability.APPROVE_STAFF_TRAINING), user=user, organisation=organisation)
        .exists()
    )
