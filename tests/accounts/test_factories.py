import pytest
from allauth.mfa.totp.internal.auth import validate_totp_code
from allauth.mfa.utils import is_mfa_enabled

from tests.factories import (
    OrganisationFactory,
    make_member,
    make_platform_admin,
    recovery_codes_for,
    totp_code_for,
    totp_secret_of,
)
from tremplin.accounts.models import Organisation, Role

pytestmark = pytest.mark.django_db


def test_make_member_enrols_real_totp_and_recovery_codes():
    user = make_member(Role.SOCIAL_WORKER)
    assert is_mfa_enabled(user)
    assert validate_totp_code(totp_secret_of(user), totp_code_for(user))
    assert len(recovery_codes_for(user)) == 10
    assert user.memberships.active().filter(role=Role.SOCIAL_WORKER).exists()
    assert user.memberships.get().organisation.kind == Organisation.Kind.CENTRE


def test_make_member_without_mfa():
    user = make_member(Role.PRESCRIBER, mfa=False)
    assert not is_mfa_enabled(user)
    assert user.memberships.get().organisation.kind == Organisation.Kind.PRESCRIBER


def test_make_member_refuses_a_role_foreign_to_the_organisation():
    with pytest.raises(ValueError):
        make_member(Role.PRESCRIBER, organisation=OrganisationFactory())


def test_organisation_traits():
    assert OrganisationFactory(federation=True).kind == Organisation.Kind.FEDERATION
    cpas = OrganisationFactory(cpas=True)
    assert cpas.prescriber_type == Organisation.PrescriberType.CPAS


def test_platform_admin_and_password(client):
    admin = make_platform_admin()
    assert admin.is_superuser and is_mfa_enabled(admin)
    assert admin.check_password("mot-de-passe-de-test-42")
