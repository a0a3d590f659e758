"""Booking information sessions: book, cancel, promote from the waiting list, remind.

Every operation that changes seats locks the session row (``select_for_update``) so two
people booking the last seat at the same moment cannot both get it. Messages go out only
after the transaction commits (``tremplin.intake.messages``).
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability, organisations_where
from tremplin.directory.models import InfoSession
from tremplin.intake import messages
from tremplin.intake.booking_candidacy import release_booking
from tremplin.intake.models import SessionBooking
from tremplin.refusals import Refused
from tremplin.territory.models import PostalCode

# Change the version whenever the consent text (templates/.../booking/_consent.html) changes.
# 2026-01: says that the centre opens a candidacy file, and that it goes with the booking.
# 2026-11: three short lines on the form, the full text (same content) on « À propos des données ».
CONSENT_VERSION = "seance-info-2026-11"
# Personal data of a booking is deleted this long after its session (said in the consent text).
RETENTION = dt.timedelta(days=183)

POSTAL_CODE_RE = re.compile(r"^[1-9][0-9]{3}$")
PHONE_SEPARATORS_RE = re.compile(r"[\s./()-]")


class BookingRefused(Refused):
    """A booking or a cancellation that cannot be done; ``message`` says why, in French."""


def normalise_phone(value: str) -> str:
    """A phone number in international form (+32…). Raise ``ValidationError`` if it is not one.

    Accepts Belgian numbers written the usual ways (0470 12 34 56, 04/123.45.67, +32 470…,
    0032…) and foreign numbers written with their country code.
    """
    digits = PHONE_SEPARATORS_RE.sub("", value or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+32" + digits[1:]
    if not re.fullmatch(r"\+[1-9][0-9]{7,14}", digits):
        raise ValidationError(
            _("Ce numéro de téléphone n'est pas valable. Exemple : 0470 12 34 56."),
            code="invalid_phone",
        )
    if digits.startswith("+32") and not 10 <= len(digits) <= 12:
        raise ValidationError(
            _("Un numéro belge a 9 chiffres (fixe) ou 10 chiffres (GSM), 0 compris."),
            code="invalid_phone",
        )
    return digits


def validate_postal_code(value: str) -> str:
    """A Belgian postal code that exists (a typo such as 9999 reached the centre as the
    person's postal code; the directory search already refused it)."""
    value = (value or "").strip()
    if not POSTAL_CODE_RE.match(value):
        raise ValidationError(
            _("Le code postal belge a 4 chiffres. Exemple : 5000."), code="invalid_postal_code"
        )
    if not PostalCode.objects.filter(code=value).exists():
        raise ValidationError(
            _("Le code postal %(code)s n'existe pas en Belgique."),
            code="unknown_postal_code",
            params={"code": value},
        )
    return value


@dataclass(frozen=True)
class Applicant:
    """What a person gives to book (already cleaned by the form)."""

    first_name: str
    last_name: str
    email: str
    phone: str
    postal_code: str
    language: str = "fr"


def check_bookable(session: InfoSession, now: dt.datetime) -> None:
    if session.status == InfoSession.Status.CANCELLED:
        raise BookingRefused(
            code="session_cancelled",
            message=_(
                "Cette séance a été annulée par le centre. Vous ne pouvez plus vous y inscrire."
            ),
        )
    if session.starts_at <= now:
        raise BookingRefused(
            code="session_past",
            message=_("Cette séance a déjà commencé ou est terminée. Choisissez une autre date."),
        )


def already_booked_error() -> BookingRefused:
    return BookingRefused(
        code="already_booked",
        message=_(
            "Cette personne est déjà inscrite à cette séance (même nom, et même e-mail ou même "
            "numéro). Pas besoin de la réinscrire : sa place est gardée. "
            "Le message de confirmation contient un lien pour annuler si besoin."
        ),
    )


def book(session_id, applicant: Applicant, *, now: dt.datetime | None = None) -> SessionBooking:
    """Book a seat, or a place on the waiting list when the session is full.

    Raise ``BookingRefused`` for a cancelled or past session and for a double booking.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = InfoSession.objects.select_for_update().get(pk=session_id)
        check_bookable(session, now)
        if (
            SessionBooking.objects.filter(session=session)
            .for_person(applicant.first_name, applicant.last_name, applicant.email, applicant.phone)
            .exists()
        ):
            raise already_booked_error()
        full = session.bookings.confirmed().count() >= session.capacity
        try:
            with transaction.atomic():
                booking = SessionBooking.objects.create(
                    session=session,
                    first_name=applicant.first_name.strip(),
                    last_name=applicant.last_name.strip(),
                    email=applicant.email,
                    phone=applicant.phone,
                    postal_code=applicant.postal_code,
                    language=applicant.language,
                    consent_given_at=now,
                    consent_version=CONSENT_VERSION,
                    status=SessionBooking.Status.WAITING_LIST
                    if full
                    else SessionBooking.Status.CONFIRMED,
                )
        except IntegrityError as error:  # the unique constraints are the last line of defence
            raise already_booked_error() from error
        messages.BookingReceived.for_booking(booking).send_after_commit()
    return booking


def booking_for_cancel_token(token: str) -> SessionBooking:
    """The booking behind a cancellation link, ready to show. Refuse forged, unknown, used
    and expired links."""
    booking_id = SessionBooking.id_from_cancel_token(token)
    booking = (
        SessionBooking.objects.select_related("session__centre", "session__site__postal_code")
        .filter(pk=booking_id)
        .first()
        if booking_id
        else None
    )
    if booking is None:
        raise BookingRefused(
            code="unknown",
            message=_(
                "Ce lien d'annulation n'est pas valable. Vérifiez qu'il est complet, "
                "ou contactez le centre."
            ),
        )
    check_cancellable(booking, timezone.now())
    return booking


def check_cancellable(booking: SessionBooking, now: dt.datetime) -> None:
    if booking.status == SessionBooking.Status.CANCELLED:
        raise BookingRefused(
            code="already_cancelled",
            message=_("Cette inscription est déjà annulée. Vous n'avez rien d'autre à faire."),
        )
    if booking.session.status == InfoSession.Status.CANCELLED:
        raise BookingRefused(
            code="session_cancelled",
            message=_("Le centre a annulé cette séance. Votre inscription n'est plus active."),
        )
    if booking.session.starts_at <= now:
        raise BookingRefused(
            code="expired",
            message=_(
                "Ce lien a expiré : la séance a déjà eu lieu. "
                "Pour toute question, contactez le centre."
            ),
        )


def cancel(booking_id, *, now: dt.datetime | None = None) -> SessionBooking:
    """The person cancels. Their personal data is erased at once (the booking, and the
    candidacy and person file it opened if they went no further); if they held a seat, the
    first person on the waiting list gets it and is told."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = SessionBooking.objects.select_related("session").get(pk=booking_id)
        session = InfoSession.objects.select_for_update().get(pk=booking.session_id)
        booking = SessionBooking.objects.select_for_update().get(pk=booking_id)
        booking.session = session
        check_cancellable(booking, now)
        held_a_seat = booking.status == SessionBooking.Status.CONFIRMED
        release_booking(booking, str(_("La personne (annulation de son inscription)")))
        erase_and_cancel(booking, now)
        if held_a_seat:
            promote_waiting(session, now)
    return booking


def erase_and_cancel(booking: SessionBooking, now: dt.datetime) -> None:
    booking.status = SessionBooking.Status.CANCELLED
    booking.cancelled_at = now
    booking.first_name = booking.last_name = booking.email = booking.phone = ""
    booking.postal_code = ""
    booking.save()


def promote_waiting(session: InfoSession, now: dt.datetime) -> list[SessionBooking]:
    """Give free seats to the waiting list, first come first served. The session row must be
    locked by the caller."""
    free = session.capacity - session.bookings.confirmed().count()
    if free <= 0:
        return []
    promoted = list(session.bookings.waiting().select_for_update()[:free])
    for booking in promoted:
        booking.status = SessionBooking.Status.CONFIRMED
        booking.promoted_at = now
        booking.save(update_fields=["status", "promoted_at"])
        messages.BookingPromoted.for_booking(booking).send_after_commit()
    return promoted


def mark_attendance(bookings: list[SessionBooking], values: dict) -> int:
    """Set attendance for each booking whose id is in ``values``; return how many changed."""
    changed = []
    for booking in bookings:
        value = values.get(str(booking.pk))
        if value and value != booking.attendance:
            booking.attendance = value
            changed.append(booking)
    SessionBooking.objects.bulk_update(changed, ["attendance"])
    return len(changed)


def reminder_window(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Tomorrow, local time (Europe/Brussels): [00:00, 24:00)."""
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(tomorrow + dt.timedelta(days=1), dt.time.min))
    return start, end


def send_reminders(*, now: dt.datetime | None = None, dry_run: bool = False):
    """Remind the confirmed people of tomorrow's sessions, once. Return the bookings concerned.

    Each booking is locked, sent and stamped in its own transaction: a second run, even one
    started at the same time, never sends a reminder twice.
    """
    now = now or timezone.now()
    start, end = reminder_window(now)
    due = SessionBooking.objects.due_for_reminder(start, end).select_related(
        "session__centre", "session__site__postal_code", "session__training"
    )
    if dry_run:
        return list(due)
    sent = []
    for booking_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            booking = (
                SessionBooking.objects.due_for_reminder(start, end)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related(
                    "session__centre", "session__site__postal_code", "session__training"
                )
                .filter(pk=booking_id)
                .first()
            )
            if booking is None:
                continue
            messages.BookingReminder.for_booking(booking).send_after_commit()
            booking.reminder_sent_at = now
            booking.save(update_fields=["reminder_sent_at"])
            sent.append(booking)
    return sent


def notify_session_cancelled(session: InfoSession) -> int:
    """Tell everyone still booked (seat or waiting list) that the centre cancelled."""
    bookings = list(session.bookings.active())
    for booking in bookings:
        messages.SessionCancelled.for_booking(booking).send_after_commit()
    return len(bookings)


def purge_expired(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Delete bookings of sessions that ended more than ``RETENTION`` ago, with the candidacies
    and person files they opened when the person went no further. Return how many bookings."""
    now = now or timezone.now()
    old = SessionBooking.objects.filter(session__ends_at__lt=now - RETENTION)
    if dry_run:
        return old.count()
    label = str(_("Effacement automatique 6 mois après la séance"))
    count = 0
    for booking_id in old.values_list("pk", flat=True):
        with transaction.atomic():
            booking = SessionBooking.objects.select_for_update().filter(pk=booking_id).first()
            if booking is None:
                continue
            release_booking(booking, label)
            booking.delete()
            count += 1
    return count


def sessions_managed_by(user):
    """Information sessions of the centres where ``user`` manages bookings, with counts of
    confirmed, waiting and present bookings (one query, whatever the number of sessions)."""
    organisations = organisations_where(user, Capability.MANAGE_BOOKINGS)
    confirmed = Q(bookings__status=SessionBooking.Status.CONFIRMED)
    return (
        InfoSession.objects.filter(centre__organisation__in=organisations)
        .select_related("centre__organisation", "training", "site__postal_code__municipality")
        .annotate(
            confirmed_count=Count("bookings", filter=confirmed),
            waiting_count=Count(
                "bookings", filter=Q(bookings__status=SessionBooking.Status.WAITING_LIST)
            ),
            present_count=Count(
                "bookings",
                filter=confirmed & Q(bookings__attendance=SessionBooking.Attendance.PRESENT),
            ),
        )
    )


def bookings_of(session, user):
    """The active bookings of ``session`` that ``user`` may see: seats first, then the
    waiting list in order."""
    return (
        SessionBooking.objects.visible_to(user)
        .active()
        .filter(session=session)
        .order_by("status", "created_at")
    )
