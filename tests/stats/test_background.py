"""The annual report's PDF is prepared in the background: the coordinator asks, follows the
progress and downloads it; the federation's too."""

import pytest
from django.urls import reverse

from tests.factories import make_member
from tremplin.accounts.models import Role
from tremplin.documents.models import GeneratedDocument

Y = 2024


@pytest.fixture(autouse=True)
def _frozen_year(monkeypatch):
    import datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2025, 3, 1))


def test_centre_report_pdf_in_the_background(client, dataset, django_capture_on_commit_callbacks):
    centre = dataset.centres["A"]
    coordinator = make_member(Role.COORDINATOR, organisation=centre.organisation)
    client.force_login(coordinator)
    page = client.get(reverse("centre:stats")).content.decode()
    assert "Tableur (Excel)" in page and "Données (CSV)" in page
    url = reverse("centre:stats_prepare", args=[Y, "pdf"]) + f"?centre={centre.pk}"
    assert client.get(url).status_code == 405  # a GET never starts anything
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    document = GeneratedDocument.objects.get(owner=coordinator)
    assert response.url == reverse("document_status", args=[document.pk])
    assert document.status == "ready" and document.filename.endswith(".pdf")
    assert str(Y) in document.title and centre.name in document.title
    assert bytes(document.content)[:4] == b"%PDF"
    assert client.post(reverse("centre:stats_prepare", args=[Y, "csv"])).status_code == 404


def test_sector_report_pdf_in_the_background(client, dataset, django_capture_on_commit_callbacks):
    analyst = make_member(Role.FEDERATION_ANALYST)
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("federation:stats_prepare", args=[Y, "pdf"]))
    document = GeneratedDocument.objects.get(owner=analyst)
    assert document.status == "ready" and bytes(document.content)[:4] == b"%PDF"


def test_one_centre_is_singular(client, dataset):
    centre = dataset.centres["A"]
    client.force_login(make_member(Role.COORDINATOR, organisation=centre.organisation))
    page = client.get(reverse("centre:stats"), {"annee": Y}).content.decode()
    assert "centre actif" in page and "centres actifs" not in page


def test_the_version_for_the_administration_hides_small_cells(client, dataset):
    import json

    centre = dataset.centres["B"]
    client.force_login(make_member(Role.COORDINATOR, organisation=centre.organisation))
    url = reverse("centre:stats_download", args=[Y, "json"]) + f"?centre={centre.pk}"
    own = json.loads(client.get(url).content)
    assert own["people_under_contract"]["total"]["value"]["people"] == 2  # the centre's own
    sent = json.loads(client.get(url + "&pour=administration").content)
    assert sent["for_administration"] and sent["small_cell_threshold"] == 5
    assert sent["people_under_contract"]["total"]["value"] is None
    assert sent["people_under_contract"]["total"]["suppressed"] == "small"
    hidden = [row for row in sent["activity_by_training"] if row["suppressed"]]
    assert hidden and all(row["people"] is None and row["followed"] is None for row in hidden)
    html_url = reverse("centre:stats_download", args=[Y, "html"])
    html = client.get(f"{html_url}?centre={centre.pk}&pour=administration").content.decode()
    assert "&lt; 5" in html
    page = client.get(reverse("centre:stats"), {"annee": Y}).content.decode()
    assert "pour=administration" in page


def test_the_figures_people_quote_carry_their_definitions(client, dataset):
    client.force_login(make_member(Role.FEDERATION_ANALYST))
    page = client.get(reverse("federation:stats"), {"annee": Y}).content.decode()
    assert "Définitions" in page and "Sortie positive" in page
    assert "divisées par le nombre de réponses reçues" in page
    # Names keep their capitals when a label is put in the middle of a sentence.
    assert "formation qualifiante au Forem, formation IFAPME" in page
    assert "autre formation en CISP" in page
    page = client.get(reverse("federation:stats"), {"annee": Y, "repartition": "ibefe"})
    assert "Stagiaires sous contrat par bassin IBEFE" in page.content.decode()
    # The 6-month share (exact on the centre's page): numerator, denominator, response rate.
    centre = dataset.centres["A"]
    client.force_login(make_member(Role.COORDINATOR, organisation=centre.organisation))
    page = client.get(reverse("centre:stats"), {"annee": Y}).content.decode()
    assert "2 personnes sur 4 réponses au suivi" in page
    assert "taux de réponse" in page and "réponses / 5 sorties" in page


@pytest.mark.parametrize("breakdown", ["sector", "objective", "method"])
def test_the_centre_report_prints_no_table_twice_and_no_centre_charts(client, dataset, breakdown):
    import re

    from tremplin.stats import document
    from tremplin.stats.indicators import centre_report

    centre = dataset.centres["A"]
    sections = document.sections(centre_report(centre, Y), breakdown)
    captions = [t.caption for s in sections for t in [s.table, *s.extra_tables]]
    assert len(captions) == len(set(captions)), captions
    assert "centres" not in [s.id for s in sections]  # by method / legal form: one centre
    client.force_login(make_member(Role.COORDINATOR, organisation=centre.organisation))
    page = client.get(reverse("centre:stats"), {"annee": Y, "repartition": breakdown})
    shown = re.findall(r"<caption[^>]*>(.*?)</caption>", page.content.decode(), re.S)
    shown = [" ".join(c.split()) for c in shown]
    assert len(shown) == len(set(shown)), shown
    assert "Centres par méthode" not in page.content.decode()


def test_the_six_month_section_tells_numerator_denominator_and_response_rate(dataset):
    from tremplin.stats import document
    from tremplin.stats.indicators import centre_report

    report = centre_report(dataset.centres["A"], Y)
    section = next(s for s in document.sections(report, "objective") if s.id == "six-mois")
    assert "(numérateur) / réponses reçues (dénominateur)" in section.intro
    assert report["situation_6_months"]["exits"]  # the dataset has exits and answers
    assert "Taux de réponse :" in section.intro and "sorties)." in section.intro


def test_the_public_notes_are_in_english_too(dataset):
    from django.utils import translation

    from tremplin.stats import document
    from tremplin.stats.indicators import sector_report

    with translation.override("en"):
        sections = {s.id: s for s in document.sections(sector_report(Y), "province")}
    assert sections["six-mois"].intro.startswith("The share = people in a job or training")
    # (no response rate here: the tiny dataset's answers are a small cell, hidden)
    assert sections["centres"].intro == (
        "Centres that had at least one person under contract in the year."
    )
    assert sections["filieres"].intro.startswith("Courses that had at least one person")
