"""The federation's statistics dashboard and the public key figures in Chromium (axe-core)."""

import datetime

import pytest

from tests.factories import make_member
from tests.stats.factories import build_dataset
from tremplin.accounts.models import Role
from tremplin.stats.refresh import refresh


@pytest.fixture
def register(transactional_db, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2025, 3, 1))
    data = build_dataset()
    refresh()
    return data


def test_federation_dashboard_in_the_browser(
    page, live_server, login_as, assert_accessible, register
):
    login_as(page, live_server, make_member(Role.FEDERATION_ANALYST))
    page.goto(live_server.url + "/federation/statistiques/")
    assert "Statistiques du secteur — 2024" in page.locator("h1").inner_text()
    assert page.locator("svg[role=img]").count() >= 10
    assert_accessible(page)
    # Choose another breakdown and a comparison with the form (no JavaScript needed).
    page.get_by_label("Répartir par").select_option("sector")
    page.get_by_label("Comparer avec").select_option("2023")
    page.get_by_role("button", name="Afficher").click()
    assert "repartition=sector" in page.url
    assert page.get_by_role("columnheader", name="Personnes en 2023").count() == 1
    assert_accessible(page)


def test_public_key_figures_in_the_browser(page, live_server, assert_accessible, register):
    page.goto(live_server.url + "/chiffres-cles/")
    assert "2024" in page.locator("h1").inner_text()
    assert page.get_by_text("< 5").count() >= 1
    assert_accessible(page)
