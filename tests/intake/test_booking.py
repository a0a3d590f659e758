"""Booking rules: capacity, waiting list and promotion, double booking, refused sessions,
consent, cancellation, visibility, seats left, retention."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.directory.factories import CentreFactory, InfoSessionFactory
from tests.factories import make_member
from tests.intake.factories import SessionBookingFactory
from tremplin.accounts.models import Role
from tremplin.directory.models import InfoSession
from tremplin.intake import booking
from tremplin.intake.models import SessionBooking

pytestmark = pytest.mark.django_db


def applicant(n=1, **overrides):
    data = {
        "first_name": f"Awa{n}",
        "last_name": "Diallo",
        "email": f"awa{n}@exemple.test",
        "phone": "",
        "postal_code": "5000",
    }
    data.update(overrides)
    return booking.Applicant(**data)


def test_booking_confirms_a_seat_and_records_consent():
    session = InfoSessionFactory(capacity=2)
    before = timezone.now()
    made = booking.book(session.pk, applicant())
    assert made.status == SessionBooking.Status.CONFIRMED
    assert made.consent_version == booking.CONSENT_VERSION
    assert before <= made.consent_given_at <= timezone.now()
    assert made.attendance == SessionBooking.Attendance.UNKNOWN


class Abandoned(Exception):
    """Something after the booking failed: its transaction rolls back."""


@pytest.mark.django_db(transaction=True)
def test_a_booking_that_rolls_back_sends_no_email(mailoutbox, run_queued_tasks):
    """The confirmation is sent only once the booking commits: the immediate backend sends it
    on commit, the database backend writes its task in the booking's transaction."""
    session = InfoSessionFactory()
    with pytest.raises(Abandoned), transaction.atomic():
        booking.book(session.pk, applicant(1))
        assert mailoutbox == []  # not before the commit
        raise Abandoned
    run_queued_tasks()
    assert not SessionBooking.objects.exists()
    assert mailoutbox == []

    booking.book(session.pk, applicant(2))  # the same booking, committed
    run_queued_tasks()
    assert [message.to for message in mailoutbox] == [["awa2@exemple.test"]]


def test_full_session_puts_people_on_the_waiting_list():
    session = InfoSessionFactory(capacity=2)
    statuses = [booking.book(session.pk, applicant(n)).status for n in range(4)]
    assert statuses == ["confirmed", "confirmed", "waiting_list", "waiting_list"]


def test_seats_left_reflect_confirmed_bookings_only():
    session = InfoSessionFactory(capacity=3)
    booking.book(session.pk, applicant(1))
    SessionBookingFactory(session=session, status=SessionBooking.Status.WAITING_LIST)
    SessionBookingFactory(
        session=session,
        status=SessionBooking.Status.CANCELLED,
        cancelled_at=timezone.now(),
        email="",
    )
    seats = InfoSession.objects.with_seats_left().get(pk=session.pk).seats_left
    assert seats == 2
    for n in range(2, 6):
        booking.book(session.pk, applicant(n))
    assert InfoSession.objects.with_seats_left().get(pk=session.pk).seats_left == 0


def test_cancelling_a_seat_promotes_the_first_on_the_waiting_list(
    mailoutbox, django_capture_on_commit_callbacks
):
    session = InfoSessionFactory(capacity=1)
    first = booking.book(session.pk, applicant(1))
    second = booking.book(session.pk, applicant(2))
    third = booking.book(session.pk, applicant(3))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel(first.pk)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == SessionBooking.Status.CONFIRMED
    assert second.promoted_at is not None
    assert third.status == SessionBooking.Status.WAITING_LIST
    assert [m.to for m in mailoutbox] == [["awa2@exemple.test"]]
    assert "place s'est libérée" in mailoutbox[0].subject
    assert mailoutbox[0].attachments[0][0] == "seance-information.ics"


def test_cancelling_a_waiting_list_place_promotes_nobody():
    session = InfoSessionFactory(capacity=1)
    booking.book(session.pk, applicant(1))
    waiting = booking.book(session.pk, applicant(2))
    third = booking.book(session.pk, applicant(3))
    booking.cancel(waiting.pk)
    third.refresh_from_db()
    assert third.status == SessionBooking.Status.WAITING_LIST


def test_cancelling_erases_personal_data():
    made = booking.book(InfoSessionFactory().pk, applicant(phone="+32470123456"))
    booking.cancel(made.pk)
    made.refresh_from_db()
    assert made.status == SessionBooking.Status.CANCELLED
    assert made.cancelled_at is not None
    assert (made.first_name, made.last_name, made.email, made.phone, made.postal_code) == (
        "",
        "",
        "",
        "",
        "",
    )


@pytest.mark.parametrize(
    "second",
    [
        {"email": "AWA1@Exemple.test"},
        {"email": "", "phone": "+32470123456"},
        {"email": "autre@exemple.test", "phone": "+32470123456"},
    ],
)
def test_a_person_cannot_book_the_same_session_twice(second):
    session = InfoSessionFactory()
    booking.book(session.pk, applicant(1, phone="+32470123456"))
    with pytest.raises(booking.BookingRefused) as refused:
        booking.book(session.pk, applicant(1, **second))
    assert refused.value.code == "already_booked"
    assert "déjà inscrit" in str(refused.value.message)
    assert session.bookings.count() == 1


@pytest.mark.parametrize(
    "shared",
    [
        {"email": "famille@exemple.test"},
        {"email": "", "phone": "+32470123456"},
        {"email": "conseillere@cpas.exemple.test", "phone": "+32470123456"},
    ],
)
def test_two_people_sharing_one_email_or_phone_can_both_book(shared):
    """A family, or a counsellor who books for people who have neither: the contact is shared,
    the people are not. A double booking is the same name with the same contact."""
    session = InfoSessionFactory()
    booking.book(session.pk, applicant(1, **shared))
    second = booking.book(session.pk, applicant(2, **shared))
    assert second.status == SessionBooking.Status.CONFIRMED
    assert session.bookings.count() == 2
    with pytest.raises(booking.BookingRefused) as refused:
        booking.book(session.pk, applicant(2, first_name=" AWA2 ", last_name="diallo", **shared))
    assert refused.value.code == "already_booked"


def test_the_database_refuses_the_same_person_twice_not_the_same_contact():
    session = InfoSessionFactory()
    first = booking.book(session.pk, applicant(1, email="famille@exemple.test"))
    SessionBooking.objects.create(
        session=session,
        first_name="Moussa",
        last_name=first.last_name,
        email="FAMILLE@exemple.test",
        postal_code="5000",
        consent_given_at=timezone.now(),
        consent_version=first.consent_version,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionBooking.objects.create(
            session=session,
            first_name=first.first_name.upper(),
            last_name=first.last_name,
            email="famille@EXEMPLE.test",
            postal_code="5000",
            consent_given_at=timezone.now(),
            consent_version=first.consent_version,
        )


def test_rebooking_after_cancelling_is_allowed():
    session = InfoSessionFactory()
    made = booking.book(session.pk, applicant(1))
    booking.cancel(made.pk)
    again = booking.book(session.pk, applicant(1))
    assert again.status == SessionBooking.Status.CONFIRMED


def test_the_same_person_may_book_another_session():
    booking.book(InfoSessionFactory().pk, applicant(1))
    assert booking.book(InfoSessionFactory().pk, applicant(1)).pk


def test_database_refuses_a_double_active_booking():
    session = InfoSessionFactory()
    SessionBookingFactory(
        session=session, first_name="Awa", last_name="Diallo", email="Same@exemple.test"
    )
    with pytest.raises(IntegrityError):
        SessionBookingFactory(
            session=session, first_name="AWA", last_name="diallo", email="same@exemple.test"
        )


def test_database_requires_an_email_or_a_phone():
    with pytest.raises(IntegrityError):
        SessionBookingFactory(email="", phone="")


def test_past_session_is_refused():
    session = InfoSessionFactory(
        starts_at=timezone.now() - dt.timedelta(hours=1),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    with pytest.raises(booking.BookingRefused) as refused:
        booking.book(session.pk, applicant())
    assert refused.value.code == "session_past"
    assert not session.bookings.exists()


def test_cancelled_session_is_refused():
    session = InfoSessionFactory(
        status=InfoSession.Status.CANCELLED, cancellation_note="Formateur malade."
    )
    with pytest.raises(booking.BookingRefused) as refused:
        booking.book(session.pk, applicant())
    assert refused.value.code == "session_cancelled"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0470 12 34 56", "+32470123456"),
        ("04/123.45.67", "+3241234567"),
        ("+32 470 12 34 56", "+32470123456"),
        ("0032470123456", "+32470123456"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_phone_numbers_are_normalised(typed, stored):
    assert booking.normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12", "0470 12", "abc", "+32 470 12 34 56 78 9", "++32470"])
def test_bad_phone_numbers_are_refused(typed):
    with pytest.raises(booking.ValidationError):
        booking.normalise_phone(typed)


def test_cancel_token_round_trip_and_forgery():
    made = SessionBookingFactory()
    assert SessionBooking.id_from_cancel_token(made.cancel_token) == made.pk
    forged = made.cancel_token[:-2] + ("AA" if not made.cancel_token.endswith("AA") else "BB")
    assert SessionBooking.id_from_cancel_token(forged) is None
    assert SessionBooking.id_from_cancel_token(str(made.pk)) is None


def test_cancel_link_refuses_used_and_expired_bookings():
    made = booking.book(InfoSessionFactory().pk, applicant())
    token = made.cancel_token
    assert booking.booking_for_cancel_token(token).pk == made.pk
    booking.cancel(made.pk)
    with pytest.raises(booking.BookingRefused) as refused:
        booking.booking_for_cancel_token(token)
    assert refused.value.code == "already_cancelled"

    past = SessionBookingFactory(
        session=InfoSessionFactory(starts_at=timezone.now() - dt.timedelta(days=1))
    )
    with pytest.raises(booking.BookingRefused) as refused:
        booking.booking_for_cancel_token(past.cancel_token)
    assert refused.value.code == "expired"
    with pytest.raises(booking.BookingRefused):
        booking.cancel(past.pk)
    past.refresh_from_db()
    assert past.status == SessionBooking.Status.CONFIRMED


def test_visible_to_is_limited_to_the_users_centres():
    mine, theirs = CentreFactory(), CentreFactory()
    coordinator = make_member(Role.COORDINATOR, organisation=mine.organisation, mfa=False)
    trainer = make_member(Role.TRAINER, organisation=mine.organisation, mfa=False)
    own = SessionBookingFactory(session=InfoSessionFactory(centre=mine))
    SessionBookingFactory(session=InfoSessionFactory(centre=theirs))
    assert list(SessionBooking.objects.visible_to(coordinator)) == [own]
    assert not SessionBooking.objects.visible_to(trainer).exists()


def test_session_cancelled_signal_emails_everyone_booked(
    mailoutbox, django_capture_on_commit_callbacks
):
    from tremplin.directory.signals import session_cancelled

    session = InfoSessionFactory(capacity=1)
    booking.book(session.pk, applicant(1))
    booking.book(session.pk, applicant(2))
    gone = booking.book(session.pk, applicant(3))
    booking.cancel(gone.pk)
    booking.book(session.pk, applicant(4, email="", phone="0470 00 00 00"))
    mailoutbox.clear()
    session.status = InfoSession.Status.CANCELLED
    session.cancellation_note = "La salle est inondée ; nous reprogrammons bientôt."
    session.cancelled_at = timezone.now()
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        session_cancelled.send(sender=InfoSession, session=session)
    assert sorted(m.to[0] for m in mailoutbox) == ["awa1@exemple.test", "awa2@exemple.test"]
    message = mailoutbox[0]
    assert "annulée" in message.subject
    assert "La salle est inondée ; nous reprogrammons bientôt." in message.body
    assert "METHOD:CANCEL" in message.attachments[0][1]


def test_purge_deletes_bookings_six_months_after_the_session():
    old_start = timezone.now() - booking.RETENTION - dt.timedelta(days=2)
    old = SessionBookingFactory(session=InfoSessionFactory(starts_at=old_start))
    recent = SessionBookingFactory(
        session=InfoSessionFactory(starts_at=timezone.now() - dt.timedelta(days=30))
    )
    assert booking.purge_expired(dry_run=True) == 1
    assert booking.purge_expired() == 1
    assert list(SessionBooking.objects.all()) == [recent]
    assert not SessionBooking.objects.filter(pk=old.pk).exists()


def test_cancelling_a_session_through_the_directory_workflow_tells_people(
    mailoutbox, django_capture_on_commit_callbacks
):
    from tremplin.directory.workflows import cancel_session

    session = InfoSessionFactory(capacity=5)
    booking.book(session.pk, applicant(1))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session, "Grève des transports : la séance est déplacée.")
    [message] = mailoutbox
    assert message.to == ["awa1@exemple.test"]
    assert "Grève des transports : la séance est déplacée." in message.body
    assert f"/centres/{session.centre.pk}/" in message.body
