"""iCalendar (RFC 5545) files written by hand: one event, text escaped, lines folded, CRLF.

``render`` is kept free of any model so it can be tested on its own; ``booking_event`` turns a
session booking into an :class:`Event`.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

CRLF = "\r\n"
MAX_LINE_OCTETS = 75
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


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\n", "\\n")


def format_utc(moment: dt.datetime) -> str:
    """A DATE-TIME in UTC form (``19980119T070000Z``). Naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Une date iCalendar doit porter un fuseau horaire.")
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (§3.1)."""
    parts: list[str] = []
    current = ""
    current_octets = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        size = len(char.encode("utf-8"))
        if current_octets + size > limit:
            parts.append(current)
            current, current_octets = char, size
            limit = MAX_LINE_OCTETS - 1  # continuation lines start with one space
        else:
            current += char
            current_octets += size
    parts.append(current)
    return (CRLF + " ").join(parts)


def render(event: Event, *, now: dt.datetime | None = None) -> bytes:
    """A complete VCALENDAR with one VEVENT, encoded in UTF-8 with CRLF line ends."""
    now = now or dt.datetime.now(dt.UTC)
    method = "CANCEL" if event.cancelled else "PUBLISH"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{format_utc(now)}",
        f"DTSTART:{format_utc(event.starts_at)}",
        f"DTEND:{format_utc(event.ends_at)}",
        f"SEQUENCE:{event.sequence}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    lines += ["TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
    return (CRLF.join(fold(line) for line in lines) + CRLF).encode("utf-8")


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
