"""The booking consent promise: cancelling (or the purge six months after the session) takes
the candidacy and the person file the booking opened with it, when the person went no further
(decision record 0551)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.directory.factories import TrainingFactory
from tests.intake.factories import applicant
from tests.intake.people_factories import CandidacyFactory, ReferralFactory, future_session
from tremplin.intake import booking
from tremplin.intake.models import Candidacy, CandidacyTransition, Person, SessionBooking
from tremplin.intake.states import CandidacyStatus
from tremplin.intake.workflow import transition

pytestmark = pytest.mark.django_db


def test_consent_version_is_stored_with_the_booking():
    made = booking.book(future_session().pk, applicant())
    assert made.consent_version == booking.CONSENT_VERSION == "seance-info-2026-11"


def test_cancel_erases_the_candidacy_and_the_person_file_it_opened():
    made = booking.book(future_session().pk, applicant())
    person = Person.objects.get()
    assert person.created_from_booking
    booking.cancel(made.pk)
    assert not Person.objects.exists()
    assert not Candidacy.objects.exists()
    assert not CandidacyTransition.objects.exists()
    assert not Person.pgh_event_model.objects.filter(pgh_obj_id=person.pk).exists()
    assert not Person.pgh_event_model.objects.filter(email="lea@exemple.test").exists()
    assert not Candidacy.pgh_event_model.objects.exists()
    made.refresh_from_db()
    assert made.status == SessionBooking.Status.CANCELLED and made.email == ""


def test_cancel_withdraws_but_keeps_a_file_that_existed_before():
    existing = CandidacyFactory(  # walk-in, other training
        person__first_name="Léa", person__last_name="Fictive", person__email="lea@exemple.test"
    )
    session = future_session(TrainingFactory(centre=existing.training.centre))
    made = booking.book(session.pk, applicant())
    opened = Candidacy.objects.get(booking=made)
    booking.cancel(made.pk)
    opened.refresh_from_db()
    assert opened.status == CandidacyStatus.WITHDRAWN
    assert opened.transitions.last().by_label
    assert Person.objects.filter(pk=existing.person_id).exists()
    existing.refresh_from_db()
    assert existing.status == CandidacyStatus.NEW


def test_cancel_keeps_a_file_with_a_referral():
    made = booking.book(future_session().pk, applicant())
    person = Person.objects.get()
    ReferralFactory(
        candidacy__person=person, candidacy__training=TrainingFactory(centre=person.holding_centre)
    )
    booking.cancel(made.pk)
    assert Person.objects.filter(pk=person.pk).exists()
    assert Candidacy.objects.get(booking=made).status == CandidacyStatus.WITHDRAWN


def test_cancel_leaves_a_candidacy_that_progressed():
    session = future_session()
    made = booking.book(session.pk, applicant())
    candidacy = Candidacy.objects.get()
    transition(candidacy, "attend", None, by_label="test")
    booking.cancel(made.pk)
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.ATTENDED
    assert Person.objects.filter(pk=candidacy.person_id).exists()


def test_cancel_of_one_of_two_bookings_keeps_the_file_until_the_second_goes():
    training = TrainingFactory()
    first = booking.book(future_session(training).pk, applicant())
    other_training = TrainingFactory(centre=training.centre)
    second = booking.book(future_session(other_training).pk, applicant())
    assert Person.objects.count() == 1 and Candidacy.objects.count() == 2
    booking.cancel(first.pk)
    assert Person.objects.count() == 1
    booking.cancel(second.pk)
    assert not Person.objects.exists() and not Candidacy.objects.exists()


def past_booking(email="awa@exemple.test"):
    """A booking made for a session that then took place more than six months ago."""
    session = future_session()
    made = booking.book(session.pk, applicant(email))
    long_ago = timezone.now() - booking.RETENTION - dt.timedelta(days=3)
    type(session).objects.filter(pk=session.pk).update(
        starts_at=long_ago, ends_at=long_ago + dt.timedelta(hours=2)
    )
    return made


def test_purge_erases_an_invited_candidacy_and_its_file():
    made = past_booking()
    assert booking.purge_expired() == 1
    assert not SessionBooking.objects.filter(pk=made.pk).exists()
    assert not Person.objects.exists() and not Candidacy.objects.exists()


def test_purge_erases_an_expired_candidacy_and_its_file():
    made = past_booking()
    transition(Candidacy.objects.get(), "expire", None, by_label="test")
    booking.purge_expired()
    assert not SessionBooking.objects.filter(pk=made.pk).exists()
    assert not Person.objects.exists()


def test_purge_keeps_a_candidacy_that_progressed():
    past_booking()
    candidacy = Candidacy.objects.get()
    transition(candidacy, "attend", None, by_label="test")
    booking.purge_expired()
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.ATTENDED and candidacy.booking is None
    assert Person.objects.filter(pk=candidacy.person_id).exists()


def test_consent_text_says_a_candidacy_file_is_opened(client):
    session = future_session(starts_at=timezone.now() + dt.timedelta(days=5))
    from django.urls import reverse

    page = client.get(reverse("public:session_booking", args=[session.pk]))
    text = page.content.decode()
    assert "candidature" in text and "effacé" in text
    # The full text, linked from the form's three lines.
    full = client.get(reverse("public:about_data")).content.decode()
    assert 'id="inscription"' in full
    assert "dossier de candidature" in full and "effacé" in full
