"""Shared factories: users, organisations, memberships, and members with MFA enrolled.

Use ``make_member(Role.SOCIAL_WORKER, organisation=centre)`` to get a ready-to-log-in staff
member (TOTP enrolled, so the MFA middleware lets them through), then ``client.force_login``.
``totp_code_for(user)`` returns the current TOTP code when a test drives the real login form.
"""

import factory

from tremplin.accounts.mfa import (
    current_totp_code,
    enrol_mfa,
    totp_secret_of,
    unused_recovery_codes,
)
from tremplin.accounts.models import ROLES_BY_KIND, Membership, Organisation, Role, User

DEFAULT_PASSWORD = "mot-de-passe-de-test-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = "Fictif"
    is_active = True
    password = factory.django.Password(DEFAULT_PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A CISP centre by default; ``OrganisationFactory(prescriber=True)`` or ``federation=True``."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Centre de test n° {n} (fictif)")
    kind = Organisation.Kind.CENTRE
    prescriber_type = ""
    email = factory.Sequence(lambda n: f"contact{n}@centre.exemple.test")

    class Params:
        centre = factory.Trait(kind=Organisation.Kind.CENTRE)
        prescriber = factory.Trait(
            kind=Organisation.Kind.PRESCRIBER,
            prescriber_type=Organisation.PrescriberType.FOREM,
            name=factory.Sequence(lambda n: f"Forem — bureau de test n° {n} (fictif)"),
        )
        cpas = factory.Trait(
            kind=Organisation.Kind.PRESCRIBER,
            prescriber_type=Organisation.PrescriberType.CPAS,
            name=factory.Sequence(lambda n: f"CPAS de test n° {n} (fictif)"),
        )
        federation = factory.Trait(
            kind=Organisation.Kind.FEDERATION,
            name=factory.Sequence(lambda n: f"Fédération de test n° {n} (fictive)"),
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CENTRE_STAFF
    is_active = True


def organisation_for_role(role) -> Organisation:
    """A fresh organisation of the kind that holds ``role``."""
    if role == Role.PRESCRIBER:
        return OrganisationFactory(prescriber=True)
    if role == Role.FEDERATION_ANALYST:
        return OrganisationFactory(federation=True)
    return OrganisationFactory(centre=True)


def make_member(role, organisation=None, mfa=True, **user_fields) -> User:
    """Create a user with an active membership holding ``role`` (and TOTP if ``mfa``).

    ``organisation`` defaults to a new organisation of the right kind for the role.
    """
    organisation = organisation or organisation_for_role(role)
    if role not in ROLES_BY_KIND[organisation.kind]:
        raise ValueError(f"Le rôle {role} n'existe pas pour une organisation {organisation.kind}.")
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    if mfa:
        enrol_mfa(user)
    return user


def make_platform_admin(mfa=True, **user_fields) -> User:
    user = UserFactory(is_staff=True, is_superuser=True, **user_fields)
    if mfa:
        enrol_mfa(user)
    return user


def totp_code_for(user, offset: int = 0) -> str:
    """The TOTP code the user's authenticator app shows now (``offset`` periods later)."""
    return current_totp_code(totp_secret_of(user), offset)


def recovery_codes_for(user) -> list[str]:
    """The unused recovery codes of ``user``."""
    return unused_recovery_codes(user)


__all__ = [
    "DEFAULT_PASSWORD",
    "MembershipFactory",
    "OrganisationFactory",
    "UserFactory",
    "enrol_mfa",
    "make_member",
    "make_platform_admin",
    "organisation_for_role",
    "recovery_codes_for",
    "totp_code_for",
    "totp_secret_of",
]
