"""Factories for session bookings (sessions come from ``tests.directory.factories``)."""

import factory
from django.utils import timezone

from tests.directory.factories import InfoSessionFactory
from tremplin.intake.booking import CONSENT_VERSION, Applicant
from tremplin.intake.models import SessionBooking


class SessionBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionBooking

    session = factory.SubFactory(InfoSessionFactory)
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = "Fictif"
    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    phone = ""
    postal_code = "5000"
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_version = CONSENT_VERSION
    status = SessionBooking.Status.CONFIRMED


def applicant(email="lea@exemple.test") -> Applicant:
    """What a person types in the public booking form."""
    return Applicant("Léa", "Fictive", email, "", "5000")
