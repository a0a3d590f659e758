"""The reminder the day before: who gets it, and never twice."""

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.directory.factories import InfoSessionFactory
from tests.intake.factories import SessionBookingFactory
from tremplin.directory.models import InfoSession
from tremplin.intake import booking
from tremplin.intake.models import SessionBooking

pytestmark = pytest.mark.django_db

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
NOW = dt.datetime(2030, 3, 10, 18, 0, tzinfo=BRUSSELS)


def session_at(day, hour, **kwargs):
    start = dt.datetime(2030, 3, day, hour, 0, tzinfo=BRUSSELS)
    return InfoSessionFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2), **kwargs)


def test_reminders_go_to_confirmed_people_of_tomorrows_sessions_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    tomorrow = session_at(11, 9)
    late_tomorrow = session_at(11, 23)
    due = SessionBookingFactory(session=tomorrow, email="due@exemple.test")
    also_due = SessionBookingFactory(session=late_tomorrow, email="late@exemple.test")
    SessionBookingFactory(session=tomorrow, status=SessionBooking.Status.WAITING_LIST)
    SessionBookingFactory(session=tomorrow, email="", phone="+32470000000")
    SessionBookingFactory(session=session_at(12, 9))  # the day after tomorrow
    SessionBookingFactory(
        session=session_at(11, 14, status=InfoSession.Status.CANCELLED, cancellation_note="x")
    )

    assert {b.pk for b in booking.send_reminders(now=NOW, dry_run=True)} == {
        due.pk,
        also_due.pk,
    }
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        sent = booking.send_reminders(now=NOW)
    assert {b.pk for b in sent} == {due.pk, also_due.pk}
    assert sorted(m.to[0] for m in mailoutbox) == ["due@exemple.test", "late@exemple.test"]
    assert "Rappel" in mailoutbox[0].subject
    due.refresh_from_db()
    assert due.reminder_sent_at == NOW

    assert booking.send_reminders(now=NOW) == []
    assert booking.send_reminders(now=NOW + dt.timedelta(hours=2)) == []
    assert len(mailoutbox) == 2


def test_command_dry_run_sends_nothing_then_sends_once(
    mailoutbox, capsys, django_capture_on_commit_callbacks
):
    start = timezone.localtime() + dt.timedelta(days=1)
    session = InfoSessionFactory(
        starts_at=start.replace(hour=10, minute=0), ends_at=start.replace(hour=12, minute=0)
    )
    SessionBookingFactory(session=session)
    call_command("send_session_reminders", "--dry-run")
    assert "1 rappel(s) à envoyer." in capsys.readouterr().out
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders")
    assert "1 rappel(s) envoyé(s)." in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders")
    assert "0 rappel(s) envoyé(s)." in capsys.readouterr().out
    assert len(mailoutbox) == 1


def test_purge_command_dry_run(capsys):
    old = timezone.now() - booking.RETENTION - dt.timedelta(days=1)
    SessionBookingFactory(session=InfoSessionFactory(starts_at=old))
    call_command("purge_session_bookings", "--dry-run")
    assert "1 inscription(s) à effacer" in capsys.readouterr().out
    assert SessionBooking.objects.count() == 1
    call_command("purge_session_bookings")
    assert SessionBooking.objects.count() == 0
