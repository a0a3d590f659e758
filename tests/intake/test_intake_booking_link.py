"""A booking for a session about a training creates or links a candidacy in "invited"."""

import pytest

from tests.directory.factories import InfoSessionFactory, TrainingFactory
from tests.intake.factories import applicant
from tests.intake.people_factories import CandidacyFactory, future_session
from tremplin.intake import booking
from tremplin.intake.models import Candidacy, Person
from tremplin.intake.states import CandidacyStatus

pytestmark = pytest.mark.django_db


def test_booking_creates_person_and_invited_candidacy():
    training = TrainingFactory()
    session = future_session(training)
    made = booking.book(session.pk, applicant())
    candidacy = Candidacy.objects.get()
    assert candidacy.status == CandidacyStatus.INVITED
    assert (candidacy.session, candidacy.booking, candidacy.source) == (session, made, "booking")
    assert candidacy.person.email == "lea@exemple.test"
    assert candidacy.transitions.get().by_label


def test_booking_links_the_existing_candidacy():
    existing = CandidacyFactory(person__email="lea@exemple.test")
    training = existing.training
    session = future_session(training)
    booking.book(session.pk, applicant())
    existing.refresh_from_db()
    assert existing.status == CandidacyStatus.INVITED and existing.session == session
    assert Person.objects.count() == 1


def test_general_session_creates_no_candidacy():
    session = InfoSessionFactory()
    booking.book(session.pk, applicant())
    assert not Candidacy.objects.exists()
