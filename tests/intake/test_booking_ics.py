"""The .ics file (RFC 5545) sent with the confirmation."""

import datetime as dt
import zoneinfo

import pytest

from tests.directory.factories import InfoSessionFactory, SiteFactory
from tests.intake.factories import SessionBookingFactory
from tremplin.intake import ics, messages

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def unfold(raw: bytes) -> list[str]:
    text = raw.decode("utf-8")
    assert "\n" not in text.replace("\r\n", ""), "every line ends with CRLF"
    assert text.endswith("\r\n")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def event(**fields) -> ics.Event:
    return ics.Event(
        uid="x@y",
        starts_at=dt.datetime(2026, 7, 1, 9, 30, tzinfo=BRUSSELS),
        ends_at=dt.datetime(2026, 7, 1, 11, 0, tzinfo=BRUSSELS),
        summary="Séance",
        **fields,
    )


def test_text_is_escaped():
    lines = unfold(ics.render(event(description="a,b;c\\d\ne")))
    assert "DESCRIPTION:a\\,b\\;c\\\\d\\ne" in lines


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    raw = ics.render(event(description="é" * 100))
    for part in raw.split(b"\r\n"):
        assert len(part) <= 75
        part.decode("utf-8")  # no character cut in two
    assert "DESCRIPTION:" + "é" * 100 in unfold(raw)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        ics.render(event(url="https://x.example"), now=dt.datetime(2026, 3, 1, 9, 0))


def test_event_times_are_written_in_utc():
    lines = unfold(ics.render(event(), now=dt.datetime(2026, 6, 1, tzinfo=dt.UTC)))
    assert "DTSTART:20260701T073000Z" in lines
    assert "DTEND:20260701T090000Z" in lines
    assert "DTSTAMP:20260601T000000Z" in lines
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"


@pytest.mark.django_db
def test_booking_calendar_has_uid_location_and_cancel_link(settings):
    settings.SITE_URL = "https://tremplin.example"
    site = SiteFactory(name="Atelier, rez; côté cour", street="Rue des Tanneurs 12")
    session = InfoSessionFactory(
        centre=site.centre,
        site=site,
        starts_at=dt.datetime(2030, 1, 15, 9, 0, tzinfo=BRUSSELS),
        ends_at=dt.datetime(2030, 1, 15, 11, 0, tzinfo=BRUSSELS),
    )
    booking = SessionBookingFactory(session=session)
    lines = unfold(ics.render(ics.booking_event(booking, messages.cancel_url(booking))))
    assert f"UID:seance-{session.pk}@tremplin.example" in lines
    assert "DTSTART:20300115T080000Z" in lines
    assert "DTEND:20300115T100000Z" in lines
    assert "METHOD:PUBLISH" in lines
    assert "STATUS:CONFIRMED" in lines
    location = next(line for line in lines if line.startswith("LOCATION:"))
    assert location == ("LOCATION:Atelier\\, rez\\; côté cour\\, Rue des Tanneurs 12\\, 5000 Namur")
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "\\n" in description
    assert f"https://tremplin.example/sessions/annuler/{booking.cancel_token}/" in description
