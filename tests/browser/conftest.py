"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Fixtures:
- ``page``: a fresh Playwright page (French locale, 1280×900) per test.
- ``login_as(page, live_server, user)``: logs the user in by giving the browser a session
  cookie (the MFA step is a separate, tested flow; the user must have MFA enrolled).
- ``assert_accessible(page)``: runs axe-core (from npm, served as a static file) and fails on
  any serious or critical violation.
"""

import importlib
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TREMPLIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    folder = Path(__file__).parent
    for item in items:
        if folder in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail("Chromium is required for browser tests in CI (apt-get install chromium).")
        pytest.skip("Chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """The live server's tests flush the database after each test, data migrations included:
    put the reference lists that migrations load back before each test."""
    from django.apps import apps

    absence_reasons = importlib.import_module("tremplin.training.migrations.0002_absence_reasons")
    absence_reasons.load(apps, None)
    short_codes = importlib.import_module(
        "tremplin.training.migrations.0003_absence_reason_short_code"
    )
    short_codes.load(apps, None)
    importlib.import_module("tremplin.training.migrations.0005_contract_template").load(apps, None)


@pytest.fixture
def page(_browser):
    context = _browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login_as(client):
    def _login(page, live_server, user):
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
        )

    return _login


@pytest.fixture
def assert_accessible():
    def _check(page, *, impacts=("serious", "critical")):
        # Let a navigation started by the last click finish before injecting anything.
        page.wait_for_load_state("load")
        # Served as a same-origin static file, so our CSP (no inline script) allows it.
        origin = page.evaluate("() => location.origin")
        page.add_script_tag(url=origin + "/static/vendor/axe/axe.min.js")
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
        )
        bad = [v for v in result["violations"] if v["impact"] in impacts]
        details = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
            for v in bad
        )
        assert not bad, f"axe-core found accessibility violations on {page.url}:\n{details}"

    return _check
