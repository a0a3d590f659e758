"""Continuing training: who opens which page, per role and per organisation.

A worker sees their own registrations; a coordinator decides only for their own centre's staff;
attendance belongs to the session's trainer and the federation; an attestation is seen by the
person, their coordinator, the trainer and the federation — everyone else gets a 404.
"""

import pytest

from tests.factories import OrganisationFactory
from tests.isolation import OTHER_CENTRE, OWN_CENTRE, assert_only_allowed, visitors_for
from tests.staff_training.factories import SessionFactory, past_session, seat
from tremplin.staff_training.models import Registration

pytestmark = pytest.mark.django_db

EVERY_CENTRE_MEMBER = OWN_CENTRE | OTHER_CENTRE


@pytest.fixture
def world():
    centre = OrganisationFactory(name="Centre propriétaire (fictif)")
    visitors = visitors_for(centre)
    return centre, visitors


def test_my_registrations_page_is_for_centre_members_only(client, world):
    centre, visitors = world
    registration = seat(SessionFactory(), visitors["own:trainer"], centre)
    outcomes = assert_only_allowed(
        client, "/centre/formation-continue/", allowed=EVERY_CENTRE_MEMBER, visitors=visitors
    )
    assert outcomes["own:trainer"] == "200"
    client.force_login(visitors["own:social_worker"])
    page = client.get("/centre/formation-continue/").content.decode()
    assert registration.session.module.title not in page.split("Sessions ouvertes")[0]
    client.force_login(visitors["own:trainer"])
    page = client.get("/centre/formation-continue/").content.decode()
    assert registration.session.module.title in page.split("Sessions ouvertes")[0]


def test_only_coordinators_open_the_requests_and_see_only_their_staff(client, world):
    centre, visitors = world
    pending = seat(SessionFactory(), visitors["own:trainer"], centre, status="pending")
    assert_only_allowed(
        client,
        "/centre/formation-continue/demandes/",
        allowed={"own:coordinator", "other:coordinator"},
        visitors=visitors,
    )
    name = str(pending.user)
    client.force_login(visitors["other:coordinator"])
    assert name not in client.get("/centre/formation-continue/demandes/").content.decode()
    client.force_login(visitors["own:coordinator"])
    assert name in client.get("/centre/formation-continue/demandes/").content.decode()


def test_only_the_own_coordinator_decides(client, world):
    centre, visitors = world
    pending = seat(SessionFactory(), visitors["own:trainer"], centre, status="pending")
    assert_only_allowed(
        client,
        f"/centre/formation-continue/demandes/{pending.pk}/",
        allowed={"own:coordinator"},
        visitors=visitors,
        method="post",
        data={"decision": "approve"},
        allowed_status=302,
    )
    pending.refresh_from_db()
    assert pending.status == Registration.Status.CONFIRMED


def test_only_the_member_and_their_coordinator_cancel(client, world):
    centre, visitors = world
    registration = seat(SessionFactory(), visitors["own:trainer"], centre)
    assert_only_allowed(
        client,
        f"/centre/formation-continue/inscriptions/{registration.pk}/annuler/",
        allowed={"own:trainer", "own:coordinator"},
        visitors=visitors,
        method="post",
        allowed_status=302,
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_asking_for_a_seat_is_for_centre_members(client, world):
    _centre, visitors = world
    session = SessionFactory(capacity=20)
    assert_only_allowed(
        client,
        f"/centre/formation-continue/sessions/{session.pk}/demande/",
        allowed=EVERY_CENTRE_MEMBER,
        visitors=visitors,
        method="post",
        allowed_status=302,
    )
    assert session.registrations.count() == len(EVERY_CENTRE_MEMBER)


def test_attendance_is_for_the_trainer_of_the_session_and_the_federation(client, world):
    centre, visitors = world
    session = past_session(trainer=visitors["other:trainer"])
    seat(session, visitors["own:trainer"], centre)
    assert_only_allowed(
        client,
        f"/formation-continue/animer/sessions/{session.pk}/presences/",
        allowed={"other:trainer", "federation_analyst"},
        visitors=visitors,
    )


def test_attestation_is_seen_by_the_person_their_coordinator_trainer_and_federation(client, world):
    centre, visitors = world
    session = past_session(trainer=visitors["other:social_worker"])
    registration = seat(session, visitors["own:trainer"], centre, attendance="present")
    assert_only_allowed(
        client,
        f"/formation-continue/attestations/{registration.pk}.pdf",
        allowed={"own:trainer", "own:coordinator", "other:social_worker", "federation_analyst"},
        visitors=visitors,
    )


def test_federation_pages_with_names_are_for_the_federation_only(client, world):
    centre, visitors = world
    session = SessionFactory()
    seat(session, visitors["own:trainer"], centre)
    year = session.starts_at.year
    for url in [
        f"/federation/formation-continue/sessions/{session.pk}/",
        f"/federation/formation-continue/inscriptions-{year}.xlsx",
        "/federation/formation-continue/",
        "/federation/formation-continue/chiffres/",
        "/federation/formation-continue/modules/nouveau/",
        "/federation/documents/",
    ]:
        assert_only_allowed(client, url, allowed={"federation_analyst"}, visitors=visitors)


def test_centre_figures_are_for_coordinators_and_show_only_their_centre(client, world):
    centre, visitors = world
    session = past_session()
    seat(session, visitors["own:trainer"], centre, attendance="present")
    assert_only_allowed(
        client,
        "/centre/formation-continue/chiffres/",
        allowed={"own:coordinator", "other:coordinator"},
        visitors=visitors,
    )
    year = f"?annee={session.starts_at.year}"
    client.force_login(visitors["own:coordinator"])
    own = client.get("/centre/formation-continue/chiffres/" + year).context["section"]
    client.force_login(visitors["other:coordinator"])
    other = client.get("/centre/formation-continue/chiffres/" + year).context["section"]
    assert own.table.total[-1] == "6,0"
    assert other.table.total[-1] == "0,0"
