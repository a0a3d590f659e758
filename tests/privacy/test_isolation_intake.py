"""Isolation of the intake pages the intake tests leave out: sending the personal link,
merging two files, renewing a referral link, the prescriber's list — and the narrowing rules:
the prescriber sees their referral only (not the person file, not the person's other
candidacies), a trainer does not open person files."""

import pytest

from tests.factories import make_member
from tests.intake.people_factories import CandidacyFactory, PersonFactory, ReferralFactory
from tests.isolation import OWN_CENTRE, assert_only_allowed, visitors_for
from tremplin.accounts.models import Role
from tremplin.intake.models import Candidacy, Person

pytestmark = pytest.mark.django_db

INTAKE = OWN_CENTRE - {"own:trainer"}


@pytest.fixture
def referral():
    prescriber = make_member(Role.PRESCRIBER)
    return ReferralFactory(
        prescriber=prescriber,
        prescriber_organisation=prescriber.memberships.get().organisation,
    )


@pytest.fixture
def visitors(referral):
    return visitors_for(
        referral.candidacy.training.centre.organisation, extra={"author": referral.prescriber}
    )


def test_sending_the_personal_link(client, referral, visitors):
    assert_only_allowed(
        client,
        f"/centre/candidatures/{referral.candidacy.pk}/lien/",
        allowed=INTAKE,
        visitors=visitors,
        method="post",
        allowed_status=302,
    )


def test_merging_files_needs_both_files_in_ones_own_centre(client, referral, visitors):
    person = referral.person
    twin = PersonFactory(holding_centre=person.holding_centre, last_name=person.last_name)
    url = f"/centre/personnes/{person.pk}/fusionner/"
    # Denied visitors: nothing merged. The first allowed visitor merges; the others then get
    # a 404 for the merged file, so check them one by one on fresh twins.
    denied = {key: user for key, user in visitors.items() if key not in INTAKE}
    assert_only_allowed(
        client, url, allowed=set(), visitors=denied, method="post", data={"merged": twin.pk}
    )
    assert Person.objects.filter(pk=twin.pk).exists()
    for key in sorted(INTAKE):
        twin = PersonFactory(holding_centre=person.holding_centre, last_name=person.last_name)
        client.force_login(visitors[key])
        response = client.post(url, {"merged": twin.pk})
        assert response.status_code == 302, key
    # A file of another centre cannot be merged into one's own.
    stranger = PersonFactory()
    client.force_login(visitors["own:coordinator"])
    assert client.post(url, {"merged": stranger.pk}).status_code == 404
    assert Person.objects.filter(pk=stranger.pk).exists()


def test_renewing_a_referral_link_is_for_its_author_only(client, referral, visitors):
    assert_only_allowed(
        client,
        f"/prescripteur/orientations/{referral.pk}/nouveau-lien/",
        allowed={"author"},
        visitors=visitors,
        method="post",
        allowed_status=302,
    )


def test_the_prescriber_list_shows_only_their_own_referrals(client, referral, visitors):
    name = referral.person.last_name
    for key, user in visitors.items():
        if user is None:
            continue
        client.force_login(user)
        response = client.get("/prescripteur/orientations/")
        shown = response.status_code == 200 and name in response.content.decode()
        assert shown == (key == "author"), key


def test_the_prescriber_sees_the_referral_not_the_person_file(client, referral):
    other = CandidacyFactory(
        person=referral.person, training__centre=referral.person.holding_centre
    )
    client.force_login(referral.prescriber)
    assert client.get(f"/centre/personnes/{referral.person.pk}/").status_code == 403
    assert client.get(f"/centre/candidatures/{other.pk}/").status_code == 403
    visible = Candidacy.objects.visible_to(referral.prescriber)
    assert list(visible) == [referral.candidacy]


def test_a_trainer_does_not_open_person_files(client, referral, visitors):
    client.force_login(visitors["own:trainer"])
    assert client.get(f"/centre/personnes/{referral.person.pk}/").status_code == 403
    assert not Person.objects.visible_to(visitors["own:trainer"]).exists()


def test_withdrawing_a_referral_is_for_those_who_follow_it(client, referral, visitors):
    """The confirmation page (a POST without ``confirm``) opens for the author only; it
    writes nothing. Every centre role, another office and the federation get 403 or 404."""
    assert_only_allowed(
        client,
        f"/prescripteur/orientations/{referral.pk}/retirer/",
        allowed={"author"},
        visitors=visitors,
        method="post",
    )
    referral.candidacy.refresh_from_db()
    assert referral.candidacy.status == "new"
