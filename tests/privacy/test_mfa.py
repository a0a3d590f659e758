"""MFA cannot be skipped: not through the Django admin's own login form, not by a platform
admin, not from any protected area root (the inventory test checks every protected route for a
member without MFA)."""

import pytest
from django.core.cache import cache

from tests.factories import DEFAULT_PASSWORD, make_member, make_platform_admin
from tremplin.accounts.models import Role

pytestmark = pytest.mark.django_db

AREA_ROOTS = ["/centre/", "/prescripteur/", "/federation/", "/admin/", "/espace/"]


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_the_admin_login_form_does_not_skip_the_second_factor(client):
    admin = make_platform_admin()
    client.post("/admin/login/", {"username": admin.email, "password": DEFAULT_PASSWORD})
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_admin_login_page_sends_to_the_login_with_mfa(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


def test_a_member_cannot_use_the_admin_login_either(client):
    member = make_member(Role.COORDINATOR)
    client.post("/admin/login/", {"username": member.email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", AREA_ROOTS)
def test_a_platform_admin_without_mfa_is_sent_to_enrolment(client, path):
    client.force_login(make_platform_admin(mfa=False))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/2fa/totp/activate/")
