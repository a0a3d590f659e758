"""Public booking pages: the form, its French errors, the confirmation, the cancel link."""

import datetime as dt
import re
import time
from contextlib import ExitStack, contextmanager
from html import unescape
from unittest import mock
from urllib.parse import parse_qs, urlencode, urlsplit

import icalendar
import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.directory.factories import CentreFactory, InfoSessionFactory
from tests.intake.factories import SessionBookingFactory
from tremplin import formatting
from tremplin.directory.models import Centre, InfoSession
from tremplin.intake import booking as booking_service
from tremplin.intake.models import SessionBooking
from tremplin.www.public import booking as booking_views

pytestmark = pytest.mark.django_db

GOOD = {
    "first_name": "Awa",
    "last_name": "Diallo",
    "email": "awa@exemple.test",
    "phone": "",
    "postal_code": "5000",
    "consent": "on",
}


def url(session):
    return reverse("public:session_booking", args=[session.pk])


def done_url(session, ref):
    return f"{reverse('public:session_booking_done', args=[session.pk])}?{urlencode({'ref': ref})}"


def done_path_and_ref(response):
    """The confirmation page a booking redirects to, and its signed reference."""
    location = urlsplit(response["Location"])
    assert list(parse_qs(location.query)) == ["ref"]
    return location.path, parse_qs(location.query)["ref"][0]


def post(client, session, **changes):
    data = {**GOOD, **changes}
    return client.post(url(session), {k: v for k, v in data.items() if v is not None})


def test_booking_page_shows_seats_and_consent(client):
    session = InfoSessionFactory(capacity=12)
    response = client.get(url(session))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Il reste 12 places sur 12." in html
    assert "Seul le centre" in html and "6 mois après la séance" in html
    assert "Tout savoir sur vos données" in html
    assert session.centre.name in html


def test_full_session_says_waiting_list(client):
    session = InfoSessionFactory(capacity=1)
    SessionBookingFactory(session=session)
    html = client.get(url(session)).content.decode()
    assert "Cette séance est complète." in html
    assert "M'inscrire sur la liste d'attente" in html
    response = post(client, session)
    assert response.status_code == 302
    booking = SessionBooking.objects.get(email="awa@exemple.test")
    assert booking.status == SessionBooking.Status.WAITING_LIST
    done = client.get(response["Location"]).content.decode()
    assert "Vous êtes sur la liste d'attente" in done


def test_waiting_list_without_email_does_not_promise_an_email(client):
    """Only a phone: no message goes when a place frees up (the e-mail is the only way). The
    page said « nous vous prévenons par e-mail »; it now says to call the centre."""
    session = InfoSessionFactory(capacity=1)
    SessionBookingFactory(session=session)
    response = post(client, session, email="", phone="0470 12 34 56")
    assert SessionBooking.objects.get(phone="+32470123456").status == "waiting_list"
    done = " ".join(unescape(client.get(response["Location"]).content.decode()).split())
    assert "Vous êtes sur la liste d'attente" in done
    assert "par e-mail" not in done
    assert "nous ne pourrons pas vous prévenir" in done
    assert "Téléphonez au centre" in done


def test_waiting_list_page_promises_no_calendar_and_no_reminder(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """On the waiting list the e-mail has no calendar file and no reminder goes the day
    before (both only with a seat): the page said it had and would. Nor does a person who
    waits give a seat away by cancelling: the page and the e-mail say « quittez la liste
    d'attente »."""
    session = InfoSessionFactory(capacity=1)
    SessionBookingFactory(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, session)
    done = " ".join(unescape(client.get(response["Location"]).content.decode()).split())
    assert "<strong>awa@exemple.test</strong>, avec un lien pour annuler." in done
    assert "agenda" not in done
    assert "rappel" not in done
    for text in (done, mailoutbox[-1].body):
        assert "Quittez la liste d'attente" in text
        assert "la place ira à quelqu'un d'autre" not in text


def test_booking_confirms_and_sends_email_with_ics(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    session = InfoSessionFactory(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, session)
    assert response.status_code == 302
    booking = SessionBooking.objects.get()
    path, ref = done_path_and_ref(response)
    assert path == reverse("public:session_booking_done", args=[session.pk])
    assert signing.loads(ref, salt=booking_views.DONE_REF_SALT) == str(booking.pk)  # the id only
    assert (booking.first_name, booking.email, booking.postal_code) == (
        "Awa",
        GOOD["email"],
        "5000",
    )
    done = client.get(response["Location"]).content.decode()
    assert "Votre place est réservée" in done
    assert reverse("public:booking_cancel", args=[booking.cancel_token]) in done
    [message] = mailoutbox
    assert message.to == ["awa@exemple.test"]
    assert "Votre inscription" in message.subject
    assert f"/sessions/annuler/{booking.cancel_token}/" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("seance-information.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]).startswith("Séance d'information — ")
    assert "Pour annuler votre inscription : http" in str(event["DESCRIPTION"])


def test_phone_only_booking_is_accepted_without_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    session = InfoSessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, session, email="", phone="0470/12.34.56")
    assert response.status_code == 302
    assert SessionBooking.objects.get().phone == "+32470123456"
    assert mailoutbox == []
    done = client.get(response["Location"]).content.decode()
    assert "Gardez le lien ci-dessous" in done


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "", "phone": ""}, "email", "Indiquez une adresse e-mail ou un numéro"),
        ({"email": "pas-une-adresse"}, "email", "Cette adresse e-mail n&#x27;est pas valable"),
        ({"phone": "12"}, "phone", "Ce numéro de téléphone n&#x27;est pas valable"),
        ({"postal_code": "500"}, "postal_code", "Le code postal belge a 4 chiffres"),
        ({"postal_code": "ABCD"}, "postal_code", "Le code postal belge a 4 chiffres"),
        ({"postal_code": "9999"}, "postal_code", "Le code postal 9999 n&#x27;existe pas"),
        ({"first_name": ""}, "first_name", "Ce champ est obligatoire"),
        ({"consent": None}, "consent", "Cochez cette case pour vous inscrire."),
    ],
)
def test_bad_input_gets_french_field_errors_and_stores_nothing(client, changes, field, message):
    session = InfoSessionFactory()
    response = post(client, session, **changes)
    assert response.status_code == 400  # sent back with its mistakes, what was typed kept
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}-error"' in html
    assert f'aria-describedby="id_{field}-error' in html
    assert not SessionBooking.objects.exists()


def test_double_booking_is_refused_kindly(client):
    session = InfoSessionFactory()
    post(client, session)
    response = post(client, session, email="AWA@exemple.test")
    assert response.status_code == 400
    assert "Pas besoin de la réinscrire" in response.content.decode()
    assert SessionBooking.objects.count() == 1


def test_past_session_is_refused(client):
    session = InfoSessionFactory(starts_at=timezone.now() - dt.timedelta(days=1))
    assert client.get(url(session)).status_code == 410
    response = post(client, session)
    assert response.status_code == 410
    assert "déjà commencé ou est terminée" in response.content.decode()
    assert not SessionBooking.objects.exists()


def test_cancelled_session_is_refused(client):
    session = InfoSessionFactory(
        status=InfoSession.Status.CANCELLED, cancellation_note="Formatrice absente."
    )
    response = post(client, session)
    assert response.status_code == 409
    assert "annulée par le centre" in response.content.decode()
    assert not SessionBooking.objects.exists()


def test_session_of_an_unpublished_centre_is_not_found(client):
    session = InfoSessionFactory(
        centre=CentreFactory(status=Centre.Status.DRAFT, validated_at=None)
    )
    assert client.get(url(session)).status_code == 404


def test_confirmation_page_without_its_reference_sends_to_the_form(client):
    session = InfoSessionFactory()
    response = client.get(reverse("public:session_booking_done", args=[session.pk]))
    assert response.status_code == 302
    assert response["Location"] == url(session)


def test_nothing_is_written_after_the_booking_commits(client, monkeypatch):
    """The outage race (tests/faults/test_database_outage.py): once the booking is committed,
    the database may go away; the person must still get the confirmation, not a 503. Here every
    statement after ``book`` returns raises, as a lost connection would (the session that the
    view used to fill, saved by SessionMiddleware after the view, did)."""
    session = InfoSessionFactory()
    real_book = booking_service.book
    gone = ExitStack()
    booked = []

    def book_then_database_goes_away(*args, **kwargs):
        booking = real_book(*args, **kwargs)
        booked.append(booking)
        gone.enter_context(
            mock.patch.object(
                CursorWrapper,
                "_execute_with_wrappers",
                side_effect=OperationalError("server closed the connection unexpectedly"),
            )
        )
        return booking

    monkeypatch.setattr(booking_service, "book", book_then_database_goes_away)
    with gone:
        response = post(client, session)
    assert booked, "the database went away after a booking"
    assert response.status_code == 302
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()
    booking = SessionBooking.objects.get()

    # The link alone opens the confirmation: another browser, no cookie, no session.
    done = Client().get(response["Location"])
    assert done.status_code == 200
    html = done.content.decode()
    assert "Votre place est réservée" in html and "Merci Awa." in html
    assert reverse("public:booking_cancel", args=[booking.cancel_token]) in html
    assert "no-store" in done["Cache-Control"]
    assert not Session.objects.exists()


@contextmanager
def database_gone_once_the_booking_commits():
    """From the moment the booking's transaction commits (before its on-commit callbacks run)
    every statement raises, as a lost connection would."""
    connection = connections[DEFAULT_DB_ALIAS]
    real_book, real_commit = booking_service.book, connection.commit
    gone = ExitStack()
    went_away = []

    def commit_then_go_away():
        real_commit()
        went_away.append(True)
        gone.enter_context(
            mock.patch.object(
                CursorWrapper,
                "_execute_with_wrappers",
                side_effect=OperationalError("server closed the connection unexpectedly"),
            )
        )

    def book(*args, **kwargs):
        with mock.patch.object(connection, "commit", side_effect=commit_then_go_away):
            return real_book(*args, **kwargs)

    with gone, mock.patch.object(booking_service, "book", book):
        yield
    assert went_away, "the database went away when the booking committed"


@pytest.mark.django_db(transaction=True)
def test_the_confirmation_email_goes_even_if_the_database_goes_away_at_commit(
    client, mailoutbox, run_queued_tasks
):
    """The outage race (tests/faults/test_database_outage.py), at its last step: the e-mail is
    rendered inside the booking's transaction, and with the database task backend (production)
    its task is written in that transaction too, so nothing reads or writes the database once
    the booking has committed."""
    session = InfoSessionFactory(capacity=5)
    with database_gone_once_the_booking_commits():
        response = post(client, session)
    assert response.status_code == 302
    booking = SessionBooking.objects.get()
    run_queued_tasks()  # production: the worker sends it, from the task stored with the booking
    [message] = mailoutbox
    assert message.to == ["awa@exemple.test"]
    starts = timezone.localtime(session.starts_at)
    assert message.subject == (
        f"Votre inscription à la séance d'information du {formatting.day(starts)} à {starts:%H:%M}"
    )
    assert "Bonjour Awa," in message.body and "Votre place est réservée" in message.body
    assert session.site.address in message.body
    assert f"/sessions/annuler/{booking.cancel_token}/" in message.body
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("seance-information.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content


def test_a_failing_session_store_does_not_touch_a_booking_answer(client):
    session = InfoSessionFactory()
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.save",
        side_effect=OperationalError("the database is away"),
    ):
        response = post(client, session)
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "ref",
    [
        "nimportequoi",
        "é",
        "a:b:c",
        signing.dumps("00000000-0000-0000-0000-000000000000", salt="tremplin.booking.done"),
    ],
)
def test_a_forged_confirmation_reference_is_a_french_404(client, ref):
    session = InfoSessionFactory()
    response = client.get(reverse("public:session_booking_done", args=[session.pk]), {"ref": ref})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Ce lien de confirmation n'est plus valable" in html
    assert "no-store" in response["Cache-Control"]


def test_a_confirmation_reference_opens_only_its_own_booking(client):
    booking = SessionBookingFactory()
    other = SessionBookingFactory()
    own = booking_views.done_url(booking)
    assert client.get(own).status_code == 200
    own_ref = parse_qs(urlsplit(own).query)["ref"][0]
    # Tampered: the signature of one booking with the id of another.
    value, stamp, signature = signing.dumps(
        str(booking.pk), salt=booking_views.DONE_REF_SALT
    ).split(":")
    forged_value = signing.dumps(str(other.pk), salt=booking_views.DONE_REF_SALT).split(":")[0]
    forged = f"{forged_value}:{stamp}:{signature}"
    for session, ref in [
        (other.session, forged),
        (other.session, own_ref),  # a true reference, but another session in the address
        # Signed, but for another purpose (another salt): not a confirmation reference.
        (booking.session, signing.dumps(str(booking.pk), salt="tremplin.other")),
        (booking.session, booking.cancel_token),
    ]:
        response = client.get(done_url(session, ref))
        assert response.status_code == 404, ref
        assert booking.first_name not in response.content.decode()


def test_an_expired_confirmation_reference_is_a_french_404(client):
    booking = SessionBookingFactory()
    long_ago = int(time.time()) - booking_views.DONE_REF_MAX_AGE - 60
    with mock.patch.object(
        signing.TimestampSigner, "timestamp", return_value=signing.b62_encode(long_ago)
    ):
        expired = booking_views.done_url(booking)
    response = client.get(expired)
    assert response.status_code == 404
    assert "Il a expiré ou il est incomplet." in response.content.decode()
    assert booking.first_name not in response.content.decode()


def test_cancel_link_confirms_then_cancels_then_says_already_cancelled(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    session = InfoSessionFactory(capacity=1)
    booking = SessionBookingFactory(session=session)
    waiting = SessionBookingFactory(session=session, status=SessionBooking.Status.WAITING_LIST)
    cancel_url = reverse("public:booking_cancel", args=[booking.cancel_token])

    shown = client.get(cancel_url)
    assert shown.status_code == 200
    assert "Voulez-vous vraiment annuler" in shown.content.decode()
    booking.refresh_from_db()
    assert booking.status == SessionBooking.Status.CONFIRMED  # GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(cancel_url)
    assert done.status_code == 200
    assert "Votre inscription est annulée" in done.content.decode()
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == SessionBooking.Status.CANCELLED
    assert waiting.status == SessionBooking.Status.CONFIRMED
    assert [m.to for m in mailoutbox] == [[waiting.email]]

    again = client.post(cancel_url)
    assert again.status_code == 410
    assert "déjà annulée" in again.content.decode()


def test_expired_cancel_link_changes_nothing(client):
    booking = SessionBookingFactory(
        session=InfoSessionFactory(starts_at=timezone.now() - dt.timedelta(hours=3))
    )
    response = client.post(reverse("public:booking_cancel", args=[booking.cancel_token]))
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == SessionBooking.Status.CONFIRMED


def test_forged_cancel_link_is_not_found(client):
    booking = SessionBookingFactory()
    response = client.get(reverse("public:booking_cancel", args=[f"{booking.pk}:forged"]))
    assert response.status_code == 404
    assert "n&#x27;est pas valable" in response.content.decode()


def test_a_flood_of_bookings_from_one_address_is_stopped(client, monkeypatch):
    monkeypatch.setattr("tremplin.www.public.booking.BOOKINGS_PER_HOUR_PER_ADDRESS", 2)
    session = InfoSessionFactory(capacity=10)
    assert post(client, session, email="un@exemple.test").status_code == 302
    assert post(client, session, email="deux@exemple.test").status_code == 302
    response = post(client, session, email="trois@exemple.test")
    assert response.status_code == 429
    assert "Trop d'inscriptions" in " ".join(response.context["form"].non_field_errors())
    assert SessionBooking.objects.filter(session=session).count() == 2


def test_booking_fields_have_each_attribute_once(client):
    """Valid HTML: each field of the form says its attributes once, separated (« maxlength »
    came twice, and two attributes ran together: « maxlength="150"autocomplete=… »)."""
    html = client.get(url(InfoSessionFactory())).content.decode()
    inputs = re.findall(r"<input [^>]*>", html)
    assert inputs
    for tag in inputs:
        names = re.findall(r'\s([a-z-]+)(?:="[^"]*")?(?=[\s>])', tag)
        assert len(names) == len(set(names)), tag
        assert not re.search(r'"[a-z-]+=', tag), tag
