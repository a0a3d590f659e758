"""Factories for person files, candidacies and referrals (intake)."""

import datetime

import factory
from django.utils import timezone

from tests.directory.factories import InfoSessionFactory, TrainingFactory
from tests.factories import MembershipFactory, OrganisationFactory
from tremplin.accounts.models import Role
from tremplin.intake.models import (
    Candidacy,
    ConsentMethod,
    DerogationQuota,
    EligibilityCheck,
    Person,
    Referral,
)
from tremplin.intake.states import Source

# Valid fictional NISS numbers (check digits right), for tests only.
VALID_NISS = ("85073003328", "90022742191", "01010100126")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    holding_centre = factory.LazyAttribute(lambda o: TrainingFactory().centre)
    first_name = factory.Sequence(lambda n: f"Candidat{n}")
    last_name = factory.Sequence(lambda n: f"Fictif{n:04d}")
    birth_date = datetime.date(1992, 3, 14)
    email = factory.Sequence(lambda n: f"candidat{n}@exemple.test")
    highest_certificate = "CE2D"


class CandidacyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidacy

    training = factory.SubFactory(TrainingFactory)
    person = factory.SubFactory(
        PersonFactory, holding_centre=factory.SelfAttribute("..training.centre")
    )
    source = Source.WALK_IN


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    candidacy = factory.SubFactory(CandidacyFactory, source=Source.REFERRAL)
    person = factory.LazyAttribute(lambda o: o.candidacy.person)
    prescriber_organisation = factory.SubFactory(OrganisationFactory, prescriber=True)
    # A counsellor of that organisation (an active member: only members follow referrals).
    prescriber = factory.LazyAttribute(
        lambda o: (
            MembershipFactory(organisation=o.prescriber_organisation, role=Role.PRESCRIBER).user
        )
    )
    consent_method = ConsentMethod.IN_PERSON
    consent_given_on = factory.LazyFunction(timezone.localdate)
    consent_recorded_by = factory.LazyAttribute(lambda o: o.prescriber)
    reason = "Souhaite apprendre un métier manuel."


def eligible_check(candidacy, by, status="eligible"):
    return EligibilityCheck.objects.create(
        candidacy=candidacy,
        checked_by=by,
        situation={},
        status=status,
        result={},
        rules_version="test",
    )


def quota(centre, places, year=None):
    return DerogationQuota.objects.create(
        centre=centre, year=year or timezone.localdate().year, places=places
    )


def future_session(training=None, **fields):
    """An information session about ``training`` (a new one if none), at its site."""
    training = training or TrainingFactory()
    return InfoSessionFactory(
        centre=training.centre, site=training.site, training=training, **fields
    )
