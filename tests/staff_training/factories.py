"""Factories for continuing training: modules, sessions (online unless a postal code is given),
and a world of two centres with their staff."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories import OrganisationFactory, make_member
from tremplin.accounts.models import Organisation, Role, User
from tremplin.staff_training.models import Module, Registration, Session, Theme


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    title = factory.Sequence(lambda n: f"Module de formation continue n° {n} (fictif)")
    theme = Theme.PEDAGOGY
    audience = factory.LazyFunction(lambda: [Role.TRAINER, Role.COORDINATOR])
    trainer_name = "Formatrice Fictive"
    description = "Accueillir des adultes qui ont peu été à l'école."
    hours = Decimal("6.0")
    price = Decimal("0")


class SessionFactory(factory.django.DjangoModelFactory):
    """Published, online, in 20 days, 10 seats, registrations open 10 more days."""

    class Meta:
        model = Session

    module = factory.SubFactory(ModuleFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=20)).replace(
            hour=8, minute=30, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=7))
    online = True
    capacity = 10
    registration_deadline = factory.LazyAttribute(
        lambda o: timezone.localdate(o.starts_at) - dt.timedelta(days=10)
    )
    status = Session.Status.PUBLISHED


def past_session(**fields) -> Session:
    """A session that took place (created in the past, as the federation did then)."""
    starts = timezone.now() - dt.timedelta(days=fields.pop("days_ago", 3))
    return SessionFactory(
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=6),
        registration_deadline=timezone.localdate(starts) - dt.timedelta(days=5),
        **fields,
    )


@dataclass
class Team:
    centre: Organisation
    coordinator: User
    trainer: User
    staff: User
    social_worker: User


def team(name="Centre fictif") -> Team:
    centre = OrganisationFactory(name=name)
    return Team(
        centre=centre,
        coordinator=make_member(Role.COORDINATOR, organisation=centre),
        trainer=make_member(Role.TRAINER, organisation=centre),
        staff=make_member(Role.CENTRE_STAFF, organisation=centre),
        social_worker=make_member(Role.SOCIAL_WORKER, organisation=centre),
    )


def seat(session, user, organisation, status=Registration.Status.CONFIRMED, **fields):
    """A registration written directly (tests of what follows a decision)."""
    role = user.memberships.filter(organisation=organisation).values_list("role", flat=True)[0]
    now = timezone.now()
    return Registration.objects.create(
        session=session,
        user=user,
        organisation=organisation,
        role=role,
        status=status,
        requested_at=now,
        decided_at=None if status == Registration.Status.PENDING else now,
        **fields,
    )
