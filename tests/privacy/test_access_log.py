"""Every page that opens a person file, or lists people, writes an AccessLog row for each
person shown (``log_access`` / ``log_list_access``)."""

import pytest
from django.urls import reverse

from tests.factories import make_member
from tests.intake.factories import SessionBookingFactory
from tests.intake.people_factories import ReferralFactory
from tremplin.accounts.models import Role
from tremplin.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def logged_for(obj, user):
    return set(AccessLog.objects.for_object(obj).by_user(user).values_list("view_name", flat=True))


@pytest.mark.parametrize(
    "name, key, role_key, query",
    [
        ("contract", "contract", "own:coordinator", ""),
        ("contract_pdf", "contract", "own:trainer", ""),
        ("statement_pdf", "contract", "own:centre_staff", "?mois=2022-12"),
        ("social", "contract", "own:social_worker", ""),
        ("exit", "contract", "own:centre_staff", ""),
        ("attestation", "ended", "own:coordinator", ""),
        ("sign", "candidacy", "own:coordinator", ""),
        ("followup_phone", "follow_up", "own:coordinator", ""),
    ],
)
def test_opening_a_trainee_file_is_logged(client, world, name, key, role_key, query):
    user = world["visitors"][role_key]
    obj = world[key]
    person = obj.exit.contract.person if key == "follow_up" else obj.person
    client.force_login(user)
    url = reverse(f"centre:training:{name}", args=[obj.pk]) + query
    assert client.get(url).status_code == 200
    assert f"centre:training:{name}" in logged_for(person, user)


@pytest.mark.parametrize(
    "name, query, people, role_key",
    [
        ("contracts", "", ["contract", "ended"], "own:coordinator"),
        ("contracts", "?format=xlsx", ["contract", "ended"], "own:centre_staff"),
        ("statements", "?mois=2022-12", ["contract", "ended"], "own:coordinator"),
        ("statements", "?mois=2022-12&format=xlsx", ["contract"], "own:centre_staff"),
        ("exits", "", ["ended"], "own:social_worker"),
        ("exits", "?format=xlsx", ["ended"], "own:coordinator"),
        ("followups", "", ["ended"], "own:coordinator"),
        ("followups", "?format=xlsx", ["ended"], "own:centre_staff"),
    ],
)
def test_lists_and_exports_of_trainees_are_logged(client, world, name, query, people, role_key):
    user = world["visitors"][role_key]
    client.force_login(user)
    assert client.get(reverse(f"centre:training:{name}") + query).status_code == 200
    for key in people:
        assert f"centre:training:{name}" in logged_for(world[key].person, user), key


def test_the_register_of_a_week_is_logged(client, world):
    user = world["visitors"]["own:trainer"]
    client.force_login(user)
    url = reverse("centre:training:register", args=[world["group"].pk, "2022-12-05"])
    assert client.get(url).status_code == 200
    assert "centre:training:register" in logged_for(world["contract"].person, user)


def test_intake_pages_are_logged(client):
    prescriber = make_member(Role.PRESCRIBER)
    referral = ReferralFactory(
        prescriber=prescriber, prescriber_organisation=prescriber.memberships.get().organisation
    )
    candidacy = referral.candidacy
    social = make_member(Role.SOCIAL_WORKER, organisation=candidacy.training.centre.organisation)
    client.force_login(social)
    for url, view in [
        (f"/centre/candidatures/{candidacy.pk}/", "centre:candidacy_detail"),
        (f"/centre/candidatures/{candidacy.pk}/entretien/", "centre:interview_edit"),
        (f"/centre/candidatures/{candidacy.pk}/conditions/", "centre:eligibility_new"),
        (f"/centre/personnes/{candidacy.person.pk}/", "centre:person_detail"),
        (f"/centre/personnes/{candidacy.person.pk}/modifier/", "centre:person_edit"),
    ]:
        assert client.get(url).status_code == 200
        assert view in logged_for(candidacy.person, social), view
    client.force_login(prescriber)
    assert client.get("/prescripteur/orientations/").status_code == 200
    assert client.get(f"/prescripteur/orientations/{referral.pk}/").status_code == 200
    assert logged_for(referral.person, prescriber) == {
        "prescriber:referral_list",
        "prescriber:referral_detail",
    }


def test_booking_lists_are_logged(client):
    booking = SessionBookingFactory()
    session = booking.session
    staff = make_member(Role.CENTRE_STAFF, organisation=session.centre.organisation)
    client.force_login(staff)
    for name in ["centre:session_bookings", "centre:session_bookings_export"]:
        assert client.get(reverse(name, args=[session.pk])).status_code == 200
        assert name in logged_for(booking, staff), name


def test_a_refused_visitor_leaves_no_trace_of_a_person(client, world):
    other = world["visitors"]["other:coordinator"]
    client.force_login(other)
    client.get(reverse("centre:training:contract", args=[world["contract"].pk]))
    client.get(reverse("centre:training:contracts"))
    assert not AccessLog.objects.for_object(world["contract"].person).by_user(other).exists()


def test_a_list_page_logs_in_one_insert(client, world, django_assert_max_num_queries):
    from tests.training.factories import ContractFactory

    for _ in range(10):
        ContractFactory(group=world["group"])
    client.force_login(world["visitors"]["own:coordinator"])
    url = reverse("centre:training:contracts")
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
