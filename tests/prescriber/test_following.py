"""Following referrals as a team: colleagues of the same office see and follow them (whole
organisation or named teams), every opening is logged, a counsellor who leaves loses access at
once, a counsellor of another office never sees them."""

import datetime

import pytest
from django.core import mail

from tests.factories import make_member
from tests.intake.people_factories import ReferralFactory
from tests.isolation import assert_only_allowed, visitors_for
from tests.prescriber.conftest import person_fields
from tremplin.accounts.models import ReferralSharing, Role, Team, TeamMembership
from tremplin.audit.models import AccessLog
from tremplin.intake import workflow
from tremplin.intake.models import Person, Referral
from tremplin.intake.referrals import Consent, PersonData, ReferralRefused, create_referral

pytestmark = pytest.mark.django_db

LIST = "/prescripteur/orientations/"


def detail(referral):
    return f"/prescripteur/orientations/{referral.pk}/"


def referral_by(user, world, **fields):
    return ReferralFactory(
        prescriber=user,
        prescriber_organisation=world.office,
        candidacy__training=world.couvin,
        **fields,
    )


def test_a_colleague_of_the_same_office_sees_and_follows_and_it_is_logged(client, world):
    referral = referral_by(world.counsellor, world, consent_given_on=datetime.date(2026, 1, 2))
    client.force_login(world.colleague)
    listing = client.get(LIST).content.decode()
    assert referral.person.full_name in listing and "Paul Fictif" in listing
    response = client.get(detail(referral))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert AccessLog.objects.filter(
        user=world.colleague,
        object_id=referral.person.pk,
        view_name="prescriber:referral_detail",
    ).exists()
    # Following: the colleague records the person's agreement given on the phone.
    client.post(f"{detail(referral)}accord-suite/", {"action": "give", "give-day": "2026-01-05"})
    assert referral.outcome_consents.get().recorded_by == world.colleague


def test_only_the_office_follows_a_referral(client, world):
    referral = referral_by(world.counsellor, world)
    visitors = visitors_for(
        referral.candidacy.training.centre.organisation,
        extra={
            "author": world.counsellor,
            "colleague": world.colleague,
            "other_office": world.stranger,
        },
    )
    for url, method, data, status in (
        (detail(referral), "get", None, 200),
        # An invalid date: the page answers 400 to those who follow it, and writes nothing.
        (f"{detail(referral)}accord-suite/", "post", {"give-day": "hier"}, 400),
    ):
        assert_only_allowed(
            client,
            url,
            allowed={"author", "colleague"},
            visitors=visitors,
            method=method,
            data=data,
            allowed_status=status,
        )
    assert not referral.outcome_consents.exists()


def test_named_teams_share_within_the_team_only(client, world):
    world.office.referral_sharing = ReferralSharing.TEAMS
    world.office.save()
    team = Team.objects.create(organisation=world.office, name="Équipe jeunes")
    TeamMembership.objects.create(team=team, user=world.counsellor)
    TeamMembership.objects.create(team=team, user=world.colleague)
    outsider = make_member(Role.PRESCRIBER, organisation=world.office)
    client.force_login(world.counsellor)
    client.post(f"/prescripteur/orientations/nouvelle/{world.couvin.pk}/", person_fields())
    referral = Referral.objects.get()
    assert referral.team == team
    client.force_login(world.colleague)
    assert client.get(detail(referral)).status_code == 200
    client.force_login(outsider)
    assert client.get(detail(referral)).status_code == 404
    assert referral.person.full_name not in client.get(LIST).content.decode()


def test_a_counsellor_who_leaves_loses_access_at_once_the_team_keeps_it(client, world):
    referral = referral_by(world.counsellor, world)
    world.counsellor.memberships.update(is_active=False)
    world.counsellor.memberships.model.objects.create(
        user=world.counsellor,
        organisation=make_member(Role.PRESCRIBER).memberships.get().organisation,
        role=Role.PRESCRIBER,
    )  # now in another office
    client.force_login(world.counsellor)
    assert client.get(detail(referral)).status_code == 404
    assert referral.person.full_name not in client.get(LIST).content.decode()
    assert not Person.objects.visible_to(world.counsellor).exists()
    client.force_login(world.colleague)
    assert client.get(detail(referral)).status_code == 200


def test_the_list_makes_the_same_queries_for_one_or_many_referrals(
    client, world, django_assert_max_num_queries
):
    referral_by(world.counsellor, world)
    client.force_login(world.colleague)
    client.get(LIST)
    with django_assert_max_num_queries(30) as first:
        client.get(LIST)
    for _ in range(4):
        referral_by(world.colleague, world)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(LIST).content.decode()
    assert page.count("/prescripteur/orientations/") >= 5


def test_an_author_who_left_is_no_longer_told_by_e_mail(world, django_capture_on_commit_callbacks):
    referral = referral_by(world.counsellor, world, candidacy__status="interviewed")
    world.counsellor.memberships.update(is_active=False)
    coordinator = make_member(Role.COORDINATOR, organisation=world.couvin.centre.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(
            referral.candidacy, "refuse", coordinator, refusal_reason="training_full"
        )
    assert world.counsellor.email not in {m.to[0] for m in mail.outbox}


def test_a_team_one_is_not_in_is_refused(world):
    world.office.referral_sharing = ReferralSharing.TEAMS
    world.office.save()
    other_team = Team.objects.create(organisation=world.office, name="Équipe adultes")
    with pytest.raises(ReferralRefused, match="pas partie de cette équipe"):
        create_referral(
            prescriber=world.counsellor,
            organisation=world.office,
            training=world.couvin,
            person=PersonData("Nadia", "Exemple", datetime.date(1991, 4, 2), email="n@x.test"),
            consent=Consent("in_person", datetime.date(2026, 1, 2), world.counsellor),
            reason="Cuisine.",
            team=other_team,
        )
    assert not Person.objects.exists()


def test_a_counsellor_in_two_teams_chooses_the_team(client, world):
    world.office.referral_sharing = ReferralSharing.TEAMS
    world.office.save()
    teams = [Team.objects.create(organisation=world.office, name=name) for name in "AB"]
    for team in teams:
        TeamMembership.objects.create(team=team, user=world.counsellor)
    client.force_login(world.counsellor)
    url = f"/prescripteur/orientations/nouvelle/{world.couvin.pk}/"
    assert "Équipe qui suit cette orientation" in client.get(url).content.decode()
    page = client.post(url, person_fields()).content.decode()
    assert "Ce champ est obligatoire" in page and not Referral.objects.exists()
    client.post(url, person_fields(team=str(teams[1].pk)))
    assert Referral.objects.get().team == teams[1]
