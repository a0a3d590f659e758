"""Shared factories: users, organisations, memberships, and members with MFA enrolled.

Use ``make_member(Role.SOCIAL_WORKER, organisation=centre)`` to get a ready-to-log-in staff
member (TOTP enrolled, so the MFA middleware lets them through), then ``client.force_login``.
``totp_code_for(user)`` returns the current TOTP code when a test drives the real login form.
"""

import time

import factory
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt

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


def enrol_mfa(user, secret: str | None = None) -> str:
    """Give ``user`` a real allauth TOTP authenticator and recovery codes; return the secret."""
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


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


def totp_secret_of(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def totp_code_for(user, offset: int = 0) -> str:
    """The TOTP code the user's authenticator app shows now (``offset`` periods later)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(totp_secret_of(user), counter))


def recovery_codes_for(user) -> list[str]:
    """The unused recovery codes of ``user``."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(authenticator).get_unused_codes()
