"""Statistics pages, downloads and API: who may open them, and that no person shows through."""

import io
import json

import pytest
from django.test import override_settings
from django.utils import translation

from tests.factories import make_member
from tests.isolation import assert_only_allowed, visitors_for
from tremplin.accounts.models import Role

Y = 2024


@pytest.fixture(autouse=True)
def _frozen_year(monkeypatch):
    """Pretend we are in 2025: the last complete year is 2024, the dataset's year."""
    import datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2025, 3, 1))


def _analyst_client(client):
    client.force_login(make_member(Role.FEDERATION_ANALYST))
    return client


def test_federation_dashboard_only_for_analysts(client, dataset):
    centre = dataset.centres["A"].organisation
    visitors = visitors_for(centre)
    for url in ("/federation/statistiques/", f"/federation/statistiques/{Y}/rapport.csv"):
        assert_only_allowed(client, url, allowed={"federation_analyst"}, visitors=visitors)


def test_centre_stats_only_for_its_coordinator(client, dataset):
    centre = dataset.centres["A"].organisation
    visitors = visitors_for(centre)
    for url in ("/centre/statistiques/", f"/centre/statistiques/{Y}/rapport.xlsx"):
        assert_only_allowed(client, url, allowed={"own:coordinator"}, visitors=visitors)


def test_a_coordinator_sees_only_their_centre(client, dataset):
    coordinator = make_member(Role.COORDINATOR, organisation=dataset.centres["B"].organisation)
    client.force_login(coordinator)
    other = dataset.centres["A"].pk
    response = client.get(f"/centre/statistiques/?annee={Y}&centre={other}")
    assert response.status_code == 200
    assert response.context["centre"] == dataset.centres["B"]
    assert "Centre A" not in response.content.decode()
    report = json.loads(client.get(f"/centre/statistiques/{Y}/rapport.json?centre={other}").content)
    assert report["centre"]["id"] == str(dataset.centres["B"].pk)
    assert report["people_under_contract"]["total"]["value"]["people"] == 2


def test_dashboard_shows_charts_tables_and_comparison(client, dataset):
    response = _analyst_client(client).get(
        f"/federation/statistiques/?annee={Y}&compare={Y - 1}&repartition=sector"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") >= 10 and 'role="img"' in html
    assert html.count("<table") >= html.count("<svg")
    assert "Secteur" in html and "Personnes en 2023" in html
    assert "&lt; 5" in html  # small cells of the tiny dataset are hidden


def test_dashboard_ignores_a_bad_year(client, dataset):
    response = _analyst_client(client).get("/federation/statistiques/?annee=abc&repartition=x")
    assert response.status_code == 200
    assert response.context["year"] == Y


def test_public_key_figures_in_french_and_english(client, dataset):
    response = client.get("/chiffres-cles/")
    assert response.status_code == 200
    assert "Chiffres clés des CISP en 2024" in response.content.decode()
    assert client.get(f"/chiffres-cles/{Y}.csv").status_code == 200
    assert client.get(f"/chiffres-cles/{Y - 1}.csv").status_code == 404
    english = client.get("/chiffres-cles/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200


def test_api_sector_report(client, dataset):
    url = f"/api/v1/stats/sector/{Y}/"
    assert client.get(url).status_code in (401, 403)
    client.force_login(
        make_member(Role.COORDINATOR, organisation=dataset.centres["A"].organisation)
    )
    assert client.get(url).status_code == 403
    client.force_login(make_member(Role.PRESCRIBER))
    assert client.get(url).status_code == 403
    body = _analyst_client(client).get(url).json()
    assert body["people_under_contract"]["total"]["value"]["people"] == 7
    assert body["year"] == Y and body["scope"] == "sector"


def _all_outputs(client, dataset):
    """Every statistics page, export and API response of the dataset, as text."""
    from pypdf import PdfReader

    outputs = {}
    analyst = make_member(Role.FEDERATION_ANALYST)
    coordinator = make_member(Role.COORDINATOR, organisation=dataset.centres["A"].organisation)
    client.force_login(analyst)
    outputs["dashboard"] = client.get(f"/federation/statistiques/?annee={Y}").content
    outputs["api"] = client.get(f"/api/v1/stats/sector/{Y}/").content
    for fmt in ("json", "html", "pdf", "xlsx", "csv"):
        outputs[f"sector.{fmt}"] = client.get(f"/federation/statistiques/{Y}/rapport.{fmt}").content
    client.force_login(coordinator)
    outputs["centre"] = client.get(f"/centre/statistiques/?annee={Y}").content
    for fmt in ("json", "html", "pdf", "xlsx", "csv"):
        outputs[f"centre.{fmt}"] = client.get(f"/centre/statistiques/{Y}/rapport.{fmt}").content
    client.logout()
    outputs["public"] = client.get("/chiffres-cles/").content
    texts = {}
    for name, content in outputs.items():
        if name.endswith(".pdf"):
            assert content.startswith(b"%PDF")
            texts[name] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        elif name.endswith(".xlsx"):
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(content))
            texts[name] = "\n".join(
                str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
            )
        else:
            texts[name] = content.decode("utf-8-sig")
    return texts


@override_settings(LANGUAGE_CODE="fr-be")
def test_no_personal_data_in_any_output(client, dataset):
    texts = _all_outputs(client, dataset)
    forbidden = dataset.personal_strings()
    assert len(texts) == 14
    for name, text in texts.items():
        for value in forbidden:
            assert value not in text, f"{value!r} apparaît dans {name}"


def test_pdf_has_its_charts_and_text(client, dataset):
    from pypdf import PdfReader

    content = _analyst_client(client).get(f"/federation/statistiques/{Y}/rapport.pdf").content
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Chiffres clés des CISP — 2024" in text
    assert "Stagiaires sous contrat par province" in text
    # The charts are vector drawings: their bars are filled rectangles in the page content.
    drawing = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert drawing.count(b" re") >= 10


def test_sector_figures_show_their_coverage_and_completeness(client, dataset):
    from tremplin.directory.models import Centre
    from tremplin.stats.indicators import completeness, coverage

    agreed = Centre.objects.exclude(agrement_number="").count()
    assert coverage(Y) == {"reporting": 2, "agreed": agreed, "share": 2 / agreed}
    rows = {row["centre"]: row for row in completeness(Y)}
    assert set(rows) == {"Centre A (fictif)", "Centre B (fictif)"}
    # P6 came without a diploma nor an income recorded.
    assert rows["Centre A (fictif)"]["without_certificate"] >= 1
    assert rows["Centre A (fictif)"]["without_income"] >= 1
    assert rows["Centre B (fictif)"]["without_certificate"] == 0
    html = _analyst_client(client).get(f"/federation/statistiques/?annee={Y}").content.decode()
    assert f"Ces chiffres portent sur 2 centres sur {agreed} centres agréés" in html
    assert "Données manquantes par centre en 2024" in html
    assert "Sorties sans motif" in html


def test_the_centre_report_writes_hours_as_everywhere():
    """The activity table of the centre's report: « 7 310 » and « 6 571,5 » hours, as the
    table after it and every page write them (it printed « 7 310,00 »)."""
    from decimal import Decimal

    from tremplin.formatting import NARROW_NBSP
    from tremplin.stats.exports import _activity_table

    row = {
        "training": "Peinture", "objective": "Formation à un métier", "method": "EFT",
        "agreed_hours": 6900, "followed": Decimal("7310.00"), "assimilated": Decimal("646.50"),
        "people": 23, "contracts": 23,
    }  # fmt: skip
    with translation.override("fr"):
        assert _activity_table([row]).rows[0][3:] == [
            f"6{NARROW_NBSP}900",
            f"7{NARROW_NBSP}310",
            "646,5",
            "23",
            "23",
        ]


def test_a_name_typed_as_a_formula_stays_text_in_the_spreadsheet(client, dataset):
    """A training named « =… » became a formula in the statistics spreadsheet (the training
    spreadsheets already wrote it as text)."""
    from openpyxl import load_workbook

    from tremplin.stats import exports
    from tremplin.stats.indicators import centre_report

    report = centre_report(dataset.centres["A"], Y)
    report["activity_by_training"][0]["training"] = '=HYPERLINK("http://exemple.test")'
    book = load_workbook(io.BytesIO(exports.render_xlsx(report)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert any(cell.value == '=HYPERLINK("http://exemple.test")' for cell in cells)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
