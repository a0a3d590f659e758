"""Centre side: sessions with counts, bookings list, attendance, XLSX export, isolation,
access log."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.directory.factories import CentreFactory, InfoSessionFactory
from tests.factories import MembershipFactory, make_member
from tests.intake.factories import SessionBookingFactory
from tests.isolation import assert_only_allowed, visitors_for
from tremplin.accounts.models import Role
from tremplin.audit.models import AccessLog
from tremplin.intake.models import SessionBooking

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return CentreFactory()


@pytest.fixture
def coordinator(client, centre):
    user = make_member(Role.COORDINATOR, organisation=centre.organisation)
    client.force_login(user)
    return user


def bookings_url(session):
    return reverse("centre:session_bookings", args=[session.pk])


def test_session_list_shows_counts(client, coordinator, centre):
    upcoming = InfoSessionFactory(centre=centre, capacity=3)
    SessionBookingFactory.create_batch(2, session=upcoming)
    SessionBookingFactory(session=upcoming, status=SessionBooking.Status.WAITING_LIST)
    past = InfoSessionFactory(centre=centre, starts_at=timezone.now() - dt.timedelta(days=3))
    SessionBookingFactory(session=past, attendance=SessionBooking.Attendance.PRESENT)
    InfoSessionFactory()  # another centre's session
    response = client.get(reverse("centre:booking_sessions"))
    assert response.status_code == 200
    assert [s.pk for s in response.context["upcoming"]] == [upcoming.pk]
    assert [s.pk for s in response.context["past"]] == [past.pk]
    listed = response.context["upcoming"][0]
    assert (listed.confirmed_count, listed.waiting_count) == (2, 1)
    assert response.context["past"][0].present_count == 1
    assert "2 / 3" in response.content.decode()


def test_session_list_makes_a_fixed_number_of_queries(
    client, coordinator, centre, django_assert_num_queries
):
    def grow(n):
        for _ in range(n):
            session = InfoSessionFactory(centre=centre)
            SessionBookingFactory.create_batch(2, session=session)

    grow(1)
    client.get(reverse("centre:booking_sessions"))  # warm the session and the caches
    # The page itself makes two queries (upcoming, past); the rest is the layout.
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("centre:booking_sessions"))
    grow(5)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("centre:booking_sessions"))
    assert len(response.context["upcoming"]) == 6


def test_bookings_page_lists_people_and_logs_each_access(client, coordinator, centre):
    session = InfoSessionFactory(centre=centre, capacity=1)
    seat = SessionBookingFactory(session=session, first_name="Awa", last_name="Diallo")
    waiting = SessionBookingFactory(
        session=session, status=SessionBooking.Status.WAITING_LIST, first_name="Noé"
    )
    SessionBookingFactory(
        session=session, status=SessionBooking.Status.CANCELLED, cancelled_at=timezone.now()
    )
    response = client.get(bookings_url(session))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diallo Awa" in html and "Noé" in html
    logged = AccessLog.objects.filter(user=coordinator, view_name="centre:session_bookings")
    assert {log.object_id for log in logged} == {seat.pk, waiting.pk}
    assert all(log.organisation_id == centre.organisation_id for log in logged)


def test_attendance_is_saved_for_all_rows_in_one_post(client, coordinator, centre):
    session = InfoSessionFactory(centre=centre, starts_at=timezone.now() - dt.timedelta(hours=3))
    a, b, c = SessionBookingFactory.create_batch(3, session=session)
    response = client.post(
        bookings_url(session),
        {
            f"attendance-{a.pk}": "present",
            f"attendance-{b.pk}": "absent",
            f"attendance-{c.pk}": "excused",
        },
    )
    assert response.status_code == 302
    assert [x.attendance for x in SessionBooking.objects.order_by("created_at")] == [
        "present",
        "absent",
        "excused",
    ]


def test_invalid_attendance_changes_nothing(client, coordinator, centre):
    """Sent back with a wrong choice, the list answers 400 (it answered 200)."""
    session = InfoSessionFactory(centre=centre)
    a, b = SessionBookingFactory.create_batch(2, session=session)
    response = client.post(
        bookings_url(session),
        {f"attendance-{a.pk}": "present", f"attendance-{b.pk}": "maybe"},
    )
    assert response.status_code == 400
    assert "pas été enregistrées" in response.content.decode()
    assert set(SessionBooking.objects.values_list("attendance", flat=True)) == {"unknown"}


def test_xlsx_export_lists_bookings_as_text(client, coordinator, centre):
    session = InfoSessionFactory(centre=centre, capacity=1)
    SessionBookingFactory(
        session=session,
        first_name='=HYPERLINK("http://x")',
        last_name="Diallo",
        email="awa@exemple.test",
        phone="+32470123456",
        attendance=SessionBooking.Attendance.PRESENT,
    )
    SessionBookingFactory(
        session=session, status=SessionBooking.Status.WAITING_LIST, last_name="Martin"
    )
    response = client.get(reverse("centre:session_bookings_export", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][:7] == (
        "Statut",
        "Prénom",
        "Nom",
        "E-mail",
        "Téléphone",
        "Code postal",
        "Présence",
    )
    assert rows[1][:7] == (
        "Inscription confirmée",
        '=HYPERLINK("http://x")',
        "Diallo",
        "awa@exemple.test",
        "+32470123456",
        "5000",
        "Présent ou présente",
    )
    assert sheet.cell(row=4, column=2).data_type == "s"
    assert rows[2][0] == "Liste d'attente" and rows[2][2] == "Martin"
    assert len(rows) == 3
    assert AccessLog.objects.filter(view_name="centre:session_bookings_export").count() == 2


def test_other_centres_sessions_are_not_found(client, coordinator):
    other = InfoSessionFactory()
    SessionBookingFactory(session=other)
    assert client.get(bookings_url(other)).status_code == 404
    export = reverse("centre:session_bookings_export", args=[other.pk])
    assert client.get(export).status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("role", [Role.TRAINER, Role.SOCIAL_WORKER])
def test_other_centre_roles_are_refused(client, centre, role):
    client.force_login(make_member(role, organisation=centre.organisation))
    session = InfoSessionFactory(centre=centre)
    assert client.get(reverse("centre:booking_sessions")).status_code == 403
    assert client.get(bookings_url(session)).status_code == 403


def test_centre_staff_may_manage_bookings(client, centre):
    client.force_login(make_member(Role.CENTRE_STAFF, organisation=centre.organisation))
    session = InfoSessionFactory(centre=centre)
    assert client.get(bookings_url(session)).status_code == 200


def test_anonymous_visitors_are_sent_to_login(client):
    session = InfoSessionFactory()
    response = client.get(bookings_url(session))
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


def test_dashboard_links_to_bookings_once_for_managers_only(client, centre):
    user = make_member(Role.COORDINATOR, organisation=centre.organisation)
    other = CentreFactory()
    MembershipFactory(user=user, organisation=other.organisation, role=Role.CENTRE_STAFF)
    client.force_login(user)
    html = client.get(reverse("centre:dashboard")).content.decode()
    assert html.count(reverse("centre:booking_sessions")) == 1
    client.force_login(make_member(Role.TRAINER, organisation=centre.organisation))
    html = client.get(reverse("centre:dashboard")).content.decode()
    assert reverse("centre:booking_sessions") not in html


def test_only_coordinators_and_staff_of_the_centre_open_bookings(client, centre):
    session = InfoSessionFactory(centre=centre)
    booking = SessionBookingFactory(session=session)
    visitors = visitors_for(centre.organisation)
    allowed = {"own:coordinator", "own:centre_staff"}
    for url in (
        bookings_url(session),
        reverse("centre:session_bookings_export", args=[session.pk]),
    ):
        assert_only_allowed(client, url, allowed=allowed, visitors=visitors)
    # The list itself opens for every manager, but shows only their own centres' sessions.
    managers = allowed | {"other:coordinator", "other:centre_staff"}
    assert_only_allowed(
        client, reverse("centre:booking_sessions"), allowed=managers, visitors=visitors
    )
    client.force_login(visitors["other:coordinator"])
    assert str(session.pk) not in client.get(reverse("centre:booking_sessions")).text
    outcomes = assert_only_allowed(
        client,
        bookings_url(session),
        allowed=allowed,
        visitors=visitors,
        method="post",
        data={f"attendance-{booking.pk}": "present"},
        allowed_status=302,
    )
    assert outcomes["other:coordinator"].startswith("404")
    other_visitors = {"other:coordinator", "other:centre_staff"}
    logged = set(AccessLog.objects.values_list("user__email", flat=True))
    assert not logged & {visitors[key].email for key in other_visitors}


def test_session_list_sorted_filtered_and_counted(client, coordinator, centre):
    soon = InfoSessionFactory(centre=centre, starts_at=timezone.now() + dt.timedelta(days=2))
    later = InfoSessionFactory(centre=centre, starts_at=timezone.now() + dt.timedelta(days=9))
    SessionBookingFactory.create_batch(2, session=later)
    url = reverse("centre:booking_sessions")
    response = client.get(url)
    assert [s.pk for s in response.context["upcoming"]] == [soon.pk, later.pk]
    assert "2 séances." in response.content.decode()
    response = client.get(url, {"tri": "-places"})
    assert [s.pk for s in response.context["upcoming"]] == [later.pk, soon.pk]
    assert 'aria-sort="descending"' in response.content.decode()
    day = timezone.localtime(later.starts_at).date().isoformat()
    response = client.get(url, {"du": day, "tri": "-places"})
    assert [s.pk for s in response.context["upcoming"]] == [later.pk]
    page = response.content.decode()
    assert "1 séance." in page
    assert '<input type="hidden" name="tri" value="-places">' in page
