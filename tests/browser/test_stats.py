"""The federation's statistics dashboard and the public key figures in Chromium (axe-core)."""

import datetime

import pytest
from django.utils.text import slugify

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


def test_annual_report_prepared_in_the_background(
    page, live_server, login_as, assert_accessible, register, settings
):
    """The coordinator asks for the annual report PDF, sees it waiting and its progress, a
    worker (the project's db_worker) prepares it, the page offers it and it downloads."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    centre = register.centres["A"]
    login_as(page, live_server, make_member(Role.COORDINATOR, organisation=centre.organisation))
    page.goto(live_server.url + "/centre/statistiques/?annee=2024")
    with page.expect_navigation():
        page.get_by_role("button", name="Rapport (PDF) 2024").click()
    assert "en préparation" in page.locator(".messages").inner_text()
    progress = page.get_by_role("progressbar", name="Avancement")
    assert progress.get_attribute("value") == "0"
    assert "En attente" in page.locator("#document-status").inner_text()
    assert_accessible(page)

    call_command("db_worker", batch=True, startup_delay=False, reload=False)
    # The file says which centre, which year and which version (it read « …-2024-<id> »).
    name = f"rapport-activites-{slugify(centre.name)}-2024-administration.pdf"
    link = page.get_by_role("link", name=f"Télécharger {name}")
    link.wait_for()  # the page asks for the status every second (htmx)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == name
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert_accessible(page)

    page.get_by_role("link", name="Tous mes documents").click()
    row = page.get_by_role("row").filter(has_text="Rapport d'activités 2024")
    assert "Prêt" in row.inner_text()
    assert_accessible(page)


NOTHING_CUT = """() => {
    const problems = [];
    for (const wrap of document.querySelectorAll('.stats-table-wrap')) {
        if (wrap.scrollWidth > wrap.clientWidth + 1) {
            problems.push('table scrolls: ' + wrap.querySelector('caption').textContent.trim());
        }
    }
    for (const svg of document.querySelectorAll('svg.stats-chart')) {
        const box = svg.getBoundingClientRect();
        for (const text of svg.querySelectorAll('text')) {
            const t = text.getBoundingClientRect();
            if (t.left < box.left - 1 || t.right > box.right + 1) {
                problems.push('label cut: ' + text.textContent);
            }
        }
    }
    return problems;
}"""


@pytest.mark.parametrize(
    ("who", "url"),
    [
        (Role.FEDERATION_ANALYST, "/federation/statistiques/?annee=2024&repartition=sector"),
        (Role.COORDINATOR, "/centre/statistiques/?annee=2024&repartition=objective"),
    ],
)
def test_labels_and_tables_are_never_cut_at_1280(
    page, live_server, login_as, assert_accessible, register, who, url
):
    page.set_viewport_size({"width": 1280, "height": 800})
    organisation = register.centres["A"].organisation if who == Role.COORDINATOR else None
    login_as(page, live_server, make_member(who, organisation=organisation))
    page.goto(live_server.url + url)
    assert page.locator("svg.stats-chart").count() >= 5
    assert page.evaluate(NOTHING_CUT) == []
    assert_accessible(page)
