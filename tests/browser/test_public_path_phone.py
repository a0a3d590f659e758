"""The whole public path on a cheap phone (issue 12): 360 × 740, a slow 3G connection and a CPU
4 × slower. Find → centre → book → confirmation, then the simulator from the first question to
its result, and the other public pages. On every page: no sideways scroll, no accessibility
violation (axe-core), and one visible focus style on every link, button and field."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from bench.light_pages import SIMULATOR  # the same answers as the slow-profile benchmark
from tests.directory.factories import (
    CentreFactory,
    InfoSessionFactory,
    SiteFactory,
    TrainingFactory,
    walloon_places,
)
from tremplin.directory.models import Centre
from tremplin.intake.models import SessionBooking

WIDTH, HEIGHT = 360, 740
# The focus outline of tremplin.css: 3 px of #b35c00 (4.7:1 on white, 4.4:1 on the footer grey).
FOCUS_COLOUR = "rgb(179, 92, 0)"
LONG_EMAIL = "marie-christine.vandenbossche-de-la-croix@une-adresse-tres-longue.exemple.test"


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def phone(_browser):
    """A phone on a slow connection: Chromium's "Slow 3G" (400 ms, 400 kbit/s) and CPU ÷ 4."""
    context = _browser.new_context(
        locale="fr-BE", viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 400,
            "downloadThroughput": 400 * 1000 // 8,
            "uploadThroughput": 400 * 1000 // 8,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    yield page
    context.close()


@pytest.fixture
def centre():
    places = walloon_places()
    centre = CentreFactory(
        name="Les Ateliers du Confluent (fictif)",
        email="secretariat.accueil.inscriptions@les-ateliers-du-confluent.exemple.test",
        website="https://www.les-ateliers-du-confluent.exemple.test/formations/inscriptions",
    )
    site = SiteFactory(centre=centre, postal_code=places["5000"], name="Atelier de Namur")
    training = TrainingFactory(centre=centre, site=site, name="Commis de cuisine")
    InfoSessionFactory(centre=centre, site=site, training=training, capacity=8)
    InfoSessionFactory(
        centre=centre,
        site=site,
        training=training,
        starts_at=timezone.now() + dt.timedelta(days=14),
    )
    # Not updated for a year: the page shows the freshness badge.
    Centre.objects.filter(pk=centre.pk).update(updated_at=timezone.now() - dt.timedelta(days=365))
    return centre


def assert_fits(page):
    """No sideways scroll at 360 px."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > WIDTH:
        culprits = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 5).map(e => e.tagName + '.' + e.className + ': '
                + (e.textContent || '').trim().slice(0, 40))""",
            WIDTH,
        )
        pytest.fail(f"{page.url} scrolls sideways ({width} px): {culprits}")


def assert_focus_style(page, limit=60):
    """Tab through the page: every link, button and field shows the same 3 px outline."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => {
                const e = document.activeElement;
                if (!e || e === document.body) return null;
                // A date field's day, month and year parts take the focus inside the field.
                if (!e.matches(':focus')) return {inner: true};
                const s = getComputedStyle(e);
                return {tag: e.tagName, text: (e.textContent || e.name || '').trim().slice(0, 30),
                        style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                        colour: s.outlineColor};
            }"""
        )
        if style == {"inner": True}:
            continue
        if style is None or style in seen[:1]:
            break
        seen.append(style)
    assert seen, f"nothing to focus on {page.url}"
    wrong = [s for s in seen if (s["style"], s["width"], s["colour"]) != ("solid", 3, FOCUS_COLOUR)]
    assert wrong == [], f"focus style on {page.url}: {wrong[:3]}"


def check(page, assert_accessible, focus=False):
    page.wait_for_load_state("load")
    assert_fits(page)
    assert_accessible(page)
    if focus:
        assert_focus_style(page)


def test_find_a_centre_book_and_check_the_simulator_on_a_slow_phone(
    phone, live_server, centre, assert_accessible
):
    page = phone
    page.goto(live_server.url + "/")
    check(page, assert_accessible, focus=True)

    page.get_by_label("Votre code postal ou votre commune").fill("5000")
    page.get_by_role("button", name="Trouver un centre").click()
    page.wait_for_url(re.compile(r"/trouver/"))
    assert "1 centre trouvé" in page.locator("h2#results-title").inner_text()
    check(page, assert_accessible, focus=True)

    page.get_by_role("link", name=re.compile("Les Ateliers du Confluent")).first.click()
    page.wait_for_url(re.compile(r"/centres/"))
    check(page, assert_accessible, focus=True)
    # The next information sessions come first: « S'inscrire » is on the phone's first screen.
    book = page.get_by_role("link", name=re.compile("S'inscrire")).first
    box = book.bounding_box()
    assert box["y"] + box["height"] <= HEIGHT, box
    assert page.get_by_text("Plus de 6 mois : informations peut-être dépassées").is_visible()

    book.click()
    page.wait_for_url(re.compile(r"/inscription/"))
    check(page, assert_accessible, focus=True)
    page.get_by_label("Prénom").fill("Marie-Christine")
    page.get_by_label(re.compile(r"^\s*Nom\b")).fill("Vandenbossche")
    page.get_by_label("Adresse e-mail").fill(LONG_EMAIL)
    page.get_by_label("Code postal de votre domicile").fill("5100")
    page.get_by_label(re.compile("J'ai lu ces informations")).check()
    page.get_by_role("button", name="Réserver ma place").click()
    page.wait_for_url(re.compile(r"/confirmation/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Votre place est réservée"
    assert LONG_EMAIL in page.content()
    check(page, assert_accessible)

    # Her son books with the same e-mail address: two people, one contact, two seats.
    page.go_back()
    page.wait_for_url(re.compile(r"/inscription/$"))
    page.get_by_label("Prénom").fill("Kevin")
    page.get_by_label(re.compile(r"^\s*Nom\b")).fill("Vandenbossche")
    page.get_by_label("Adresse e-mail").fill(LONG_EMAIL)
    page.get_by_label("Code postal de votre domicile").fill("5100")
    page.get_by_label(re.compile("J'ai lu ces informations")).check()
    page.get_by_role("button", name="Réserver ma place").click()
    page.wait_for_url(re.compile(r"/confirmation/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Votre place est réservée"
    assert SessionBooking.objects.filter(email=LONG_EMAIL).count() == 2

    page.goto(live_server.url + "/suis-je-eligible/")
    for number, answers in enumerate(SIMULATOR, start=1):
        assert page.get_by_text(f"Question {number} sur 9").is_visible()
        check(page, assert_accessible, focus=number == 1)
        for label, value in answers:
            field = page.get_by_label(label)
            field.fill(value) if value is not None else field.check()
        last = number == len(SIMULATOR)
        page.get_by_role("button", name="Voir mon résultat" if last else "Continuer").click()
    assert page.get_by_role("heading", name="Oui, vous pouvez entrer dans un CISP.").is_visible()
    assert page.get_by_role("heading", name="D'où viennent ces règles ?").is_visible()
    check(page, assert_accessible, focus=True)


@pytest.mark.parametrize(
    "path",
    [
        "/a-propos-des-donnees/",
        "/comment-nous-calculons/",
        "/chiffres-cles/",
        "/formation-continue/",
        "/documents/",
        "/api/v1/docs/",
        "/une-page-qui-n-existe-pas/",
    ],
)
def test_other_public_pages_fit_a_phone(phone, live_server, centre, assert_accessible, path):
    phone.goto(live_server.url + path)
    check(phone, assert_accessible, focus=path != "/api/v1/docs/")
