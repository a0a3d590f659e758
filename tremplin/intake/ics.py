"""iCalendar (RFC 5545) files with the ``icalendar`` library: one event per file.

``render`` is kept free of any model so it can be tested on its own; ``booking_event`` turns a
session booking into an :class:`Event` (the continuing-training calendar builds its own).
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar

PRODID = "-//Tremplin//Seances d'information CISP//FR"


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    sequence: int = 0


def in_utc(moment: dt.datetime) -> dt.datetime:
    """Times are written in UTC (``…Z``), so no time-zone block is needed. Naive datetimes are
    refused: their moment is unknown."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Une date iCalendar doit porter un fuseau horaire.")
    return moment.astimezone(dt.UTC)


def render(event: Event, *, now: dt.datetime | None = None) -> bytes:
    """A complete VCALENDAR with one VEVENT (UTF-8, CRLF, lines folded at 75 octets)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if event.cancelled else "PUBLISH")
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", in_utc(now or dt.datetime.now(dt.UTC)))
    vevent.add("dtstart", in_utc(event.starts_at))
    vevent.add("dtend", in_utc(event.ends_at))
    vevent.add("sequence", event.sequence)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("summary", event.summary)
    if event.location:
        vevent.add("location", event.location)
    if event.description:
        vevent.add("description", event.description)
    if event.url:
        vevent.add("url", event.url)
    vevent.add("transp", "OPAQUE")
    calendar.add_component(vevent)
    return calendar.to_ical()


def booking_event(booking, cancel_url: str, *, cancelled: bool = False) -> Event:
    """The booked session as a calendar event. Its UID is stable, so a cancellation replaces
    it."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    session = booking.session
    host = urlsplit(settings.SITE_URL).hostname or "tremplin"
    description = _("Séance d'information de {centre}.").format(centre=session.centre.name)
    if not cancelled:
        description += "\n" + _("Pour annuler votre inscription : {url}").format(url=cancel_url)
    return Event(
        uid=f"seance-{session.pk}@{host}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=_("Séance d'information — {title}").format(title=session.title),
        location=f"{session.site.name}, {session.site.address}",
        description=str(description),
        cancelled=cancelled,
        sequence=1 if cancelled else 0,
    )
