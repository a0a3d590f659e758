"""A booking for a session about a training creates or links a candidacy in "invited"."""

import pytest

from tests.directory.factories import InfoSessionFactory, TrainingFactory
from tests.intake.factories import applicant
from tests.intake.people_factories import CandidacyFactory, future_session
from tremplin.intake import booking
from tremplin.intake.booking import Applicant
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
    existing = CandidacyFactory(
        person__first_name="Léa", person__last_name="Fictive", person__email="lea@exemple.test"
    )
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


def test_two_people_sharing_one_email_get_two_files():
    """A mother books herself and her son with her e-mail (the booking form allows it: the
    contact alone is not a person). Each gets a file and a candidacy; the son's booking does
    not land in his mother's file."""
    session = future_session()
    mother = booking.book(session.pk, applicant())
    son = booking.book(session.pk, Applicant("Noé", "Fictive", "lea@exemple.test", "", "5000"))
    assert Person.objects.count() == 2
    assert Candidacy.objects.get(booking=mother).person.first_name == "Léa"
    assert Candidacy.objects.get(booking=son).person.first_name == "Noé"


def test_cancelling_the_other_persons_booking_keeps_the_first_file():
    """The son cancels: his mother's file and candidacy stay (they were erased with his)."""
    session = future_session()
    mother = booking.book(session.pk, applicant())
    son = booking.book(session.pk, Applicant("Noé", "Fictive", "lea@exemple.test", "", "5000"))
    booking.cancel(son.pk)
    candidacy = Candidacy.objects.get(booking=mother)
    assert candidacy.status == CandidacyStatus.INVITED
    assert candidacy.person.first_name == "Léa"


def test_the_same_person_is_found_whatever_the_case_and_accents_of_the_name():
    existing = CandidacyFactory(
        person__first_name="LEA", person__last_name="fictive", person__email="lea@exemple.test"
    )
    booking.book(future_session(existing.training).pk, applicant())
    assert Person.objects.count() == 1
