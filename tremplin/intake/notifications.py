"""Messages to people who booked an information session (e-mail; no SMS yet).

Each message is a kind with a subject and a plain-text template in
``intake/templates/intake/email/booking/<kind>.txt``. Messages are sent by a background task
enqueued once the database transaction has committed, so nobody is told about a booking that
was rolled back. The reminder command sends directly (it stamps each booking as it goes).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tremplin.intake import ics
from tremplin.intake.messages import absolute_url
from tremplin.intake.models import SessionBooking

BOOKING_RECEIVED = "received"
PROMOTED = "promoted"
REMINDER = "reminder"
SESSION_CANCELLED = "session_cancelled"

SUBJECTS = {
    BOOKING_RECEIVED: _("Votre inscription à la séance d'information du {date}"),
    PROMOTED: _("Une place s'est libérée : vous êtes inscrit·e à la séance du {date}"),
    REMINDER: _("Rappel : séance d'information demain, {date}"),
    SESSION_CANCELLED: _("Séance d'information du {date} annulée"),
}


def cancel_url(booking: SessionBooking) -> str:
    return absolute_url(reverse("public:booking_cancel", args=[booking.cancel_token]))


def calendar_event(booking: SessionBooking, *, cancelled: bool = False) -> ics.Event:
    """The session as a calendar event. Its UID is stable, so a cancellation replaces it."""
    session = booking.session
    host = urlsplit(settings.SITE_URL).hostname or "tremplin"
    description = _("Séance d'information de {centre}.").format(centre=session.centre.name)
    if not cancelled:
        description += "\n" + _("Pour annuler votre inscription : {url}").format(
            url=cancel_url(booking)
        )
    return ics.Event(
        uid=f"seance-{session.pk}@{host}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=_("Séance d'information — {title}").format(title=session.title),
        location=f"{session.site.name}, {session.site.address}",
        description=str(description),
        cancelled=cancelled,
        sequence=1 if cancelled else 0,
    )


def build_message(kind: str, booking: SessionBooking) -> EmailMessage:
    session = booking.session
    with translation.override(booking.language or "fr"):
        starts = timezone.localtime(session.starts_at)
        context = {
            "booking": booking,
            "session": session,
            "centre": session.centre,
            "starts_at": starts,
            "ends_at": timezone.localtime(session.ends_at),
            "cancel_url": cancel_url(booking),
            "centre_url": centre_url(session.centre),
        }
        date_text = translation.gettext("{day} à {time}").format(
            day=starts.strftime("%d/%m/%Y"), time=starts.strftime("%H:%M")
        )
        subject = str(SUBJECTS[kind]).format(date=date_text)
        body = render_to_string(f"intake/email/booking/{kind}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[booking.email])
    if kind == SESSION_CANCELLED:
        event = calendar_event(booking, cancelled=True)
    elif booking.status == SessionBooking.Status.CONFIRMED:
        event = calendar_event(booking)
    else:
        event = None  # on the waiting list: no seat, so nothing to put in a calendar yet
    if event is not None:
        message.attach("seance-information.ics", ics.render(event), "text/calendar")
    return message


def centre_url(centre) -> str:
    return absolute_url(reverse("public:centre_detail", args=[centre.pk]))


def send(kind: str, booking: SessionBooking) -> bool:
    """Send now. Return False when the person left no e-mail address (phone only)."""
    if not booking.email:
        return False
    build_message(kind, booking).send()
    return True


@task
def send_booking_message(kind: str, booking_id: str) -> bool:
    booking = (
        SessionBooking.objects.select_related(
            "session__centre", "session__site__postal_code__municipality", "session__training"
        )
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        return False
    return send(kind, booking)


def after_commit(kind: str, booking: SessionBooking) -> None:
    """Queue the message once the current transaction commits."""
    booking_id = str(booking.pk)
    transaction.on_commit(lambda: send_booking_message.enqueue(kind, booking_id))
