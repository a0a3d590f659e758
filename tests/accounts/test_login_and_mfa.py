"""Login, MFA enrolment and rate limiting through the real allauth pages."""

import re

import pytest
from allauth.mfa.utils import is_mfa_enabled
from django.core.cache import cache
from django.test import Client

from tests.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    make_member,
    recovery_codes_for,
    totp_code_for,
)
from tremplin.accounts.mfa import current_totp_code
from tremplin.accounts.models import CENTRE_ROLES, Role

pytestmark = pytest.mark.django_db

LOGIN = "/comptes/login/"
MFA_AUTHENTICATE = "/comptes/2fa/authenticate/"
TOTP_ACTIVATE = "/comptes/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def log_in(client, email, password=DEFAULT_PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def test_login_page_is_public_french_and_offers_no_signup(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Connexion des professionnels" in html
    assert "/comptes/signup/" not in html
    assert 'href="/comptes/password/reset/"' in html
    assert client.get("/comptes/password/reset/").status_code == 200


def test_member_with_totp_logs_in_with_a_code(client):
    user = make_member(Role.SOCIAL_WORKER)
    response = log_in(client, user.email)
    assert response.status_code == 302 and response["Location"] == MFA_AUTHENTICATE
    page = client.get(MFA_AUTHENTICATE)
    assert page.status_code == 200
    response = client.post(MFA_AUTHENTICATE, {"code": totp_code_for(user)})
    assert response["Location"] == "/espace/"
    assert client.get("/centre/").status_code == 200


def test_member_logs_in_with_a_recovery_code_once(client):
    user = make_member(Role.PRESCRIBER)
    code = recovery_codes_for(user)[0]
    log_in(client, user.email)
    assert client.post(MFA_AUTHENTICATE, {"code": code})["Location"] == "/espace/"
    assert code not in recovery_codes_for(user)
    client.logout()
    log_in(client, user.email)
    response = client.post(MFA_AUTHENTICATE, {"code": code})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()


@pytest.mark.parametrize("role", CENTRE_ROLES + (Role.PRESCRIBER, Role.FEDERATION_ANALYST))
def test_staff_without_mfa_must_enrol_before_anything_else(client, role):
    user = make_member(role, mfa=False)
    client.force_login(user)
    response = client.get("/espace/")
    assert response.status_code == 302
    assert response["Location"].startswith(TOTP_ACTIVATE + "?next=/espace/")
    for path in ("/centre/", "/prescripteur/", "/federation/", "/admin/"):
        assert client.get(path)["Location"].startswith(TOTP_ACTIVATE)
    assert client.get("/").status_code == 302  # even public pages: enrol first


def test_enrolment_page_works_and_unlocks_the_space(client):
    user = make_member(Role.COORDINATOR, mfa=False)
    assert log_in(client, user.email)["Location"] == "/espace/"
    assert client.get("/espace/")["Location"].startswith(TOTP_ACTIVATE)
    # allauth asks for the password again before a second factor is added.
    assert client.get(TOTP_ACTIVATE)["Location"].startswith("/comptes/reauthenticate/")
    confirm = client.post(
        "/comptes/reauthenticate/?next=" + TOTP_ACTIVATE, {"password": DEFAULT_PASSWORD}
    )
    assert confirm["Location"] == TOTP_ACTIVATE
    page = client.get(TOTP_ACTIVATE)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in html  # QR code as a data image: allowed by the CSP
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', html) or re.search(
        r'value="([A-Z2-7]{32})"', html
    )
    response = client.post(TOTP_ACTIVATE, {"code": current_totp_code(secret.group(1))})
    assert response.status_code == 302
    assert is_mfa_enabled(user)
    assert client.get("/centre/").status_code == 200
    assert client.get("/comptes/2fa/recovery-codes/").status_code == 200


def test_staff_cannot_switch_totp_off(client):
    user = make_member(Role.TRAINER)
    log_in(client, user.email)
    client.post(MFA_AUTHENTICATE, {"code": totp_code_for(user)})
    client.post("/comptes/2fa/totp/deactivate/")
    assert is_mfa_enabled(user)


def test_a_user_without_membership_is_not_forced_to_enrol(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/espace/").status_code == 200


def test_platform_admin_must_enrol_too(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/")["Location"].startswith(TOTP_ACTIVATE)


def test_wrong_password_and_unknown_email_get_the_same_answer(client):
    user = make_member(Role.TRAINER)
    wrong_password = log_in(client, user.email, "pas-le-bon-mot-de-passe")
    unknown = log_in(client, "personne-inconnue@exemple.test", "pas-le-bon-mot-de-passe")
    assert wrong_password.status_code == unknown.status_code == 200
    message = "L&#x27;adresse e-mail ou le mot de passe est incorrect."
    assert message in wrong_password.content.decode()
    assert message in unknown.content.decode()


def test_login_is_rate_limited_with_a_clear_french_message(client):
    user = make_member(Role.TRAINER)
    for _ in range(5):
        log_in(client, user.email, "mauvais-mot-de-passe")
    response = log_in(client, user.email)  # even the right password is refused now
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trop de tentatives de connexion échouées" in html
    assert "_auth_user_id" not in client.session
    unknown = log_in(client, "inconnu@exemple.test", "mauvais-mot-de-passe")
    assert "Trop de tentatives de connexion échouées" in unknown.content.decode()


def test_account_pages_keep_the_csp_without_inline_script(client):
    user = make_member(Role.TRAINER)
    client.force_login(user)
    recovery_codes = client.get("/comptes/2fa/recovery-codes/")
    assert recovery_codes.status_code == 302  # asks for the password again first
    assert recovery_codes["Location"].startswith("/comptes/reauthenticate/")
    for path in ("/comptes/2fa/", "/comptes/reauthenticate/", "/comptes/password/change/"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        for script in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html):
            assert "nonce=" in script or "application/json" in script, (path, script)
    logged_out = Client()
    html = logged_out.get(LOGIN).content.decode()
    for script in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html):
        assert "nonce=" in script or "application/json" in script, (LOGIN, script)


def test_mfa_page_offers_no_deactivation_to_staff(client):
    user = make_member(Role.TRAINER)
    client.force_login(user)
    html = client.get("/comptes/2fa/").content.decode()
    assert "Double authentification" in html
    assert "/comptes/2fa/totp/deactivate/" not in html
    assert "Il vous reste 10 codes de récupération" in html


def test_password_reset_works_anonymously_and_does_not_enumerate(client, mailoutbox):
    user = make_member(Role.TRAINER)
    known = client.post("/comptes/password/reset/", {"email": user.email})
    unknown = client.post("/comptes/password/reset/", {"email": "inconnu@exemple.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/comptes/password/reset/done/"
    assert client.get(known["Location"]).status_code == 200
    reset_mail = next(mail for mail in mailoutbox if user.email in mail.to)
    link = re.search(r"http://testserver(/comptes/password/reset/key/\S+)", reset_mail.body)
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    assert 'name="password1"' in page.content.decode()
