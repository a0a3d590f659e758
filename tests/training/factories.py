"""Factories for the training follow-up: persons under contract, groups, contracts, exits."""

import datetime
from decimal import Decimal

import factory

from tests.directory.factories import TrainingFactory
from tests.factories import UserFactory
from tremplin.accounts.models import Role
from tremplin.intake.models import Person
from tremplin.training.models import AttendanceDay, Contract, Exit, ExitReason, Group

FIVE_DAYS = (6, 6, 6, 6, 6, 0, 0)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    holding_centre = factory.LazyAttribute(lambda o: TrainingFactory().centre)
    first_name = factory.Sequence(lambda n: f"Stagiaire{n}")
    last_name = factory.Sequence(lambda n: f"Fictif{n:04d}")
    birth_date = datetime.date(1990, 5, 17)
    email = factory.Sequence(lambda n: f"stagiaire{n}@exemple.test")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    training = factory.SubFactory(TrainingFactory)
    name = factory.Sequence(lambda n: f"Groupe {n}")
    trainer = factory.SubFactory(UserFactory)
    starts_on = datetime.date(2022, 9, 1)
    ends_on = datetime.date(2023, 6, 30)
    hours_mon = hours_tue = hours_wed = hours_thu = hours_fri = Decimal("6")


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    group = factory.SubFactory(GroupFactory)
    training = factory.LazyAttribute(lambda o: o.group.training if o.group else TrainingFactory())
    centre = factory.LazyAttribute(lambda o: o.training.centre)
    person = factory.LazyAttribute(lambda o: PersonFactory(holding_centre=o.centre))
    start_date = datetime.date(2022, 9, 5)
    planned_end_date = datetime.date(2023, 6, 30)
    hours_per_week = Decimal("30")
    hours_mon = hours_tue = hours_wed = hours_thu = hours_fri = Decimal("6")
    forem_reference = factory.Sequence(lambda n: f"FOR-{n:06d}")


class AttendanceDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendanceDay

    contract = factory.SubFactory(ContractFactory)
    day = datetime.date(2022, 12, 5)
    hours_followed = Decimal("6")


class ExitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exit

    contract = factory.SubFactory(ContractFactory)
    date = datetime.date(2023, 6, 30)
    reason = ExitReason.FOREM_TRAINING
    created_by = factory.SubFactory(UserFactory)


def trainer_of(group, make_member):
    """Make ``group``'s trainer a trainer member of its centre (with MFA)."""
    user = make_member(Role.TRAINER, organisation=group.training.centre.organisation)
    group.trainer = user
    group.save(update_fields=["trainer"])
    return user


def survey_link(training) -> str:
    """The raw token of a fresh satisfaction-survey link of ``training`` (``public:survey``)."""
    from tremplin.training.models import SurveyInvitation
    from tremplin.training.tokens import new_token

    raw, hashed = new_token()
    SurveyInvitation.objects.create(
        centre=training.centre,
        training=training,
        token_hash=hashed,
        expires_at="2999-01-01T00:00:00Z",
    )
    return raw
