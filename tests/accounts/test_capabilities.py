"""Who may do what: the capability mapping, the centre's choice for the social notes, and the
page where the coordination makes that choice (kept in the organisation's history)."""

import pytest
from django.urls import reverse

from tests.directory.factories import CentreFactory
from tests.factories import MembershipFactory, make_member
from tremplin.accounts.capabilities import (
    GRANTED_TO,
    Capability,
    can,
    capabilities_by_organisation,
    centres_where,
    organisations_where,
)
from tremplin.accounts.models import Role

pytestmark = pytest.mark.django_db


def test_every_capability_is_granted_to_some_role():
    assert set(GRANTED_TO) == set(Capability)
    assert all(GRANTED_TO[capability] for capability in Capability)


@pytest.mark.parametrize(
    "role, capability, expected",
    [
        (Role.SOCIAL_WORKER, Capability.SEE_SOCIAL_NOTES, True),
        (Role.COORDINATOR, Capability.SEE_SOCIAL_NOTES, False),
        (Role.COORDINATOR, Capability.SEE_NISS, True),
        (Role.CENTRE_STAFF, Capability.SEE_NISS, False),
        (Role.TRAINER, Capability.SEE_PERSON_FILE, False),
        (Role.TRAINER, Capability.TEACH_GROUPS, True),
        (Role.CENTRE_STAFF, Capability.MANAGE_CONTRACTS, True),
        (Role.CENTRE_STAFF, Capability.LOCK_REGISTER, False),
        (Role.PRESCRIBER, Capability.OPEN_CENTRE_SPACE, False),
        (Role.FEDERATION_ANALYST, Capability.SEE_SECTOR_STATS, True),
    ],
)
def test_can_in_the_members_own_organisation_only(role, capability, expected):
    member = make_member(role)
    organisation = member.memberships.get().organisation
    assert can(member, capability) is expected
    assert can(member, capability, organisation) is expected
    assert can(member, capability, make_member(role).memberships.get().organisation) is False


def test_the_coordinator_reads_social_notes_only_where_the_centre_chose_so():
    centre = CentreFactory()
    other = CentreFactory()
    coordinator = make_member(Role.COORDINATOR, organisation=centre.organisation)
    MembershipFactory(user=coordinator, organisation=other.organisation, role=Role.COORDINATOR)
    assert not can(coordinator, Capability.SEE_SOCIAL_NOTES, centre)
    centre.organisation.coordinator_reads_social_notes = True
    centre.organisation.save()
    assert can(coordinator, Capability.SEE_SOCIAL_NOTES, centre)
    assert not can(coordinator, Capability.SEE_SOCIAL_NOTES, other)
    assert list(centres_where(coordinator, Capability.SEE_SOCIAL_NOTES)) == [centre]
    held = capabilities_by_organisation(coordinator)
    assert Capability.SEE_SOCIAL_NOTES in held[centre.organisation_id]
    assert Capability.SEE_SOCIAL_NOTES not in held[other.organisation_id]


def test_an_inactive_membership_grants_nothing():
    member = make_member(Role.COORDINATOR)
    member.memberships.update(is_active=False)
    assert not can(member, Capability.OPEN_CENTRE_SPACE)
    assert not organisations_where(member, Capability.OPEN_CENTRE_SPACE).exists()
    assert capabilities_by_organisation(member) == {}


def test_the_coordination_changes_the_choice_and_the_history_shows_it(client):
    centre = CentreFactory()
    coordinator = make_member(Role.COORDINATOR, organisation=centre.organisation)
    client.force_login(coordinator)
    url = reverse("centre:settings")
    page = client.get(url).content.decode()
    assert "Pas de changement" in page
    response = client.post(url, {"coordinator_reads_social_notes": "on"})
    assert response.status_code == 302
    centre.organisation.refresh_from_db()
    assert centre.organisation.coordinator_reads_social_notes
    page = client.get(url).content.decode()
    assert "la coordination lit les notes sociales" in page
    assert str(coordinator) in page
    client.post(url, {})
    centre.organisation.refresh_from_db()
    assert not centre.organisation.coordinator_reads_social_notes


@pytest.mark.parametrize("role", [Role.CENTRE_STAFF, Role.SOCIAL_WORKER, Role.TRAINER])
def test_only_the_coordination_opens_the_choices(client, role):
    centre = CentreFactory()
    client.force_login(make_member(role, organisation=centre.organisation))
    assert client.get(reverse("centre:settings")).status_code == 403
    response = client.post(reverse("centre:settings"), {"coordinator_reads_social_notes": "on"})
    assert response.status_code == 403
    centre.organisation.refresh_from_db()
    assert not centre.organisation.coordinator_reads_social_notes
