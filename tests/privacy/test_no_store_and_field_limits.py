"""Security findings of issue 14 (decision 0803): no personal page or file stays in the browser
cache, and an oversized form field is refused in French without being echoed."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.directory.factories import InfoSessionFactory
from tests.factories import make_member, make_platform_admin
from tests.intake.factories import SessionBookingFactory
from tests.privacy.routes import all_routes
from tests.privacy.test_route_inventory import PUBLIC, is_admin, protected_routes
from tremplin.accounts.models import Role
from tremplin.intake.models import SessionBooking
from tremplin.intake.person import personal_token
from tremplin.www.public.booking import done_url

pytestmark = pytest.mark.django_db

ONE_MEGABYTE = "x" * 1_000_000


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.SOCIAL_WORKER, Role.TRAINER, Role.PRESCRIBER]
)
def test_every_protected_route_answers_members_with_no_store(role):
    client = Client(raise_request_exception=False)
    client.force_login(make_member(role))
    cached = [
        f"{route} {route.url}: {response.status_code} {response.get('Cache-Control')}"
        for route in protected_routes()
        if not is_admin(route)
        for response in [client.get(route.url)]
        if not no_store(response)
    ]
    assert not cached, "\n".join(cached)


def test_the_admin_answers_with_no_store():
    client = Client()
    client.force_login(make_platform_admin())
    for path in ["/admin/", "/admin/accounts/user/", "/admin/audit/accesslog/"]:
        assert no_store(client.get(path)), path


def test_public_secret_link_pages_are_not_cached(client):
    token_routes = [r for r in all_routes() if r.name in PUBLIC and "token" in PUBLIC[r.name]]
    assert len(token_routes) >= 5
    for route in token_routes:  # random tokens: a refusal page, or a 404 that shows no one
        response = client.get(route.url)
        assert response.status_code == 404 or no_store(response), route


def test_real_secret_link_pages_and_a_real_pdf_are_not_cached(client, world):
    booking = SessionBookingFactory(session=InfoSessionFactory())
    assert no_store(client.get(reverse("public:booking_cancel", args=[booking.cancel_token])))
    done = client.get(done_url(booking))
    assert done.status_code == 200 and no_store(done)
    token = personal_token(world["candidacy"])
    page = client.get(reverse("public:my_candidacy", args=[token]))
    assert page.status_code == 200 and no_store(page)
    client.force_login(world["visitors"]["own:coordinator"])
    pdf = client.get(reverse("centre:training:contract_pdf", args=[world["contract"].pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert no_store(pdf)


def test_a_one_megabyte_field_is_refused_in_french_and_not_echoed(client):
    session = InfoSessionFactory()
    response = client.post(
        reverse("public:session_booking", args=[session.pk]),
        {"first_name": ONE_MEGABYTE, "last_name": "Diallo", "postal_code": "5000"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Un des champs envoyés est trop long" in html
    assert "x" * 1000 not in html and len(html) < 50_000
    assert not SessionBooking.objects.exists()


def test_a_one_megabyte_field_is_refused_on_a_member_form_and_the_api(client, world):
    client.force_login(world["visitors"]["own:coordinator"])
    response = client.post(
        reverse("centre:training:social", args=[world["contract"].pk]),
        {"kind": "note", "text": ONE_MEGABYTE},
    )
    assert response.status_code == 400
    assert "x" * 1000 not in response.content.decode()
    api = client.post("/api/v1/eligibilite/", {"age": ONE_MEGABYTE})
    assert api.status_code == 400
    assert api.json()["code"] == "field_too_long"


def test_an_ordinary_long_text_still_passes(client, world):
    client.force_login(world["visitors"]["own:coordinator"])
    response = client.post(
        reverse("centre:training:social", args=[world["contract"].pk]),
        {"kind": "note", "text": "x" * 5000},
    )
    assert "Un des champs envoyés est trop long" not in response.content.decode()
