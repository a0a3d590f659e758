"""Security baseline: headers, /healthz, production settings and ``check --deploy``."""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.cache import cache

from tests.factories import DEFAULT_PASSWORD, make_member
from tremplin.accounts.models import Role

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.strip().split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", ["/", "/comptes/login/", "/centre/"])
def test_security_headers(client, path):
    client.force_login(make_member(Role.COORDINATOR))
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = csp_directives(response)
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert "'self'" in csp["script-src"]
    assert "'unsafe-inline'" not in csp.get("style-src", [])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]


def test_session_and_csrf_cookies_are_http_only(client):
    """Read the Set-Cookie headers themselves, not the settings."""
    cache.clear()  # login rate limits
    user = make_member(Role.TRAINER)
    page = client.get("/comptes/login/")
    assert page.cookies[settings.CSRF_COOKIE_NAME]["httponly"] is True
    response = client.post("/comptes/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302  # on to the second factor: the session now holds state
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"] is True


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_reports_a_broken_database(client):
    with mock.patch("tremplin.www.health.connection") as connection:
        connection.cursor.side_effect = RuntimeError("base injoignable")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def current_database_url() -> str:
    """The database this test run uses (the test database), as a DATABASE_URL."""
    from django.db import connection

    db = connection.settings_dict
    if db["HOST"].startswith("/"):  # the embedded server listens on a socket
        return f"postgres://{db['USER']}@/{db['NAME']}?host={db['HOST']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def production_env(**extra) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "TREMPLIN_"))
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="k" + Fernet.generate_key().decode() + Fernet.generate_key().decode(),
        DJANGO_ALLOWED_HOSTS="tremplin.example.be",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://tremplin.example.be",
        TREMPLIN_FIELD_KEY=Fernet.generate_key().decode(),
        TREMPLIN_DIGEST_KEY=Fernet.generate_key().decode(),
        DATABASE_URL=current_database_url(),
    )
    env.update(extra)
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_production_settings_are_secure():
    code = (
        "import json, django, os;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup();"
        " from django.conf import settings as s;"
        "print(json.dumps({'debug': s.DEBUG, 'hsts': s.SECURE_HSTS_SECONDS,"
        "'ssl': s.SECURE_SSL_REDIRECT, 'session': s.SESSION_COOKIE_SECURE,"
        "'csrf': s.CSRF_COOKIE_SECURE, 'hosts': s.ALLOWED_HOSTS}))"
    )
    result = run_python(code, production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["debug"] is False
    assert values["hsts"] >= 31536000
    assert values["ssl"] and values["session"] and values["csrf"]
    assert values["hosts"] == ["tremplin.example.be"]


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "TREMPLIN_FIELD_KEY", "TREMPLIN_DIGEST_KEY"]
)
def test_production_refuses_to_start_without_its_secrets(missing):
    env = production_env()
    del env[missing]
    code = "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
    code += "import django; django.setup()"
    result = run_python(code, env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_htmx_adds_no_inline_style_the_csp_refuses(client):
    """htmx writes a <style> for its loading indicators at start: the CSP (style-src 'self')
    refused it on every page, a violation in the console of each visit. No page uses those
    indicators: the pages tell htmx not to add it."""
    html = client.get("/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in html
