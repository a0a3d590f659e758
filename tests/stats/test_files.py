"""The statistics files as people use them: numbers they can add up and chart, headers in
words, a CSV whose measures say what they count, and file names that say which report."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factories import make_member
from tremplin.accounts.models import Role
from tremplin.formatting import XLSX_FORMATS

Y = 2024
MEASURE_CODES = {"people", "followed", "assimilated", "contracts", "in_job_or_training", "share"}


@pytest.fixture(autouse=True)
def _frozen_year(monkeypatch):
    import datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2025, 3, 1))


def _book(response):
    return load_workbook(io.BytesIO(response.content))


def _rows_from(sheet, header_text):
    """The header row that starts with ``header_text``, then the rows under it (cells)."""
    rows = list(sheet.iter_rows())
    for index, row in enumerate(rows):
        if row[0].value == header_text:
            return row, rows[index + 1 :]
    raise AssertionError(f"pas d'en-tête « {header_text} » dans {sheet.title}")


def _figure(sheet, label):
    _header, rows = _rows_from(sheet, "Chiffre")
    return next(row for row in rows if row[0].value == label)


def test_the_sector_spreadsheet_writes_key_figures_as_numbers(client, dataset):
    """The key figures were text (« 7 », « 1 234,5 »): nobody could add or chart them."""
    client.force_login(make_member(Role.FEDERATION_ANALYST))
    response = client.get(f"/federation/statistiques/{Y}/rapport.xlsx")
    summary = _book(response)["Chiffres clés"]
    header, _rows = _rows_from(summary, "Chiffre")
    assert [c.value for c in header] == ["Chiffre", "Valeur", "Évolution depuis 2023", "Précision"]

    centres = _figure(summary, "centres actifs")
    assert centres[1].data_type == "n" and centres[1].value == 2
    assert centres[1].number_format == XLSX_FORMATS["number"] == "#,##0"
    people = _figure(summary, "stagiaires sous contrat")
    assert people[1].value == 7 and people[1].number_format == "#,##0"
    # The tiny dataset's hours rest on fewer than 5 people: hidden, in words.
    assert _figure(summary, "heures suivies")[1].value == "< 5"
    for row in list(summary.iter_rows())[4:]:
        if row[2].value is not None:  # an evolution since last year: a signed percentage
            assert row[2].data_type == "n" and row[2].number_format == "+0.0%;-0.0%;0.0%"


def test_the_indicator_sheets_have_words_for_headers_and_numbers_for_values(client, dataset):
    client.force_login(make_member(Role.FEDERATION_ANALYST))
    book = _book(client.get(f"/federation/statistiques/{Y}/rapport.xlsx"))
    assert "Centres actifs" in book.sheetnames and "Heures de formation" in book.sheetnames
    headers = set()
    for sheet in book.worksheets[1:]:
        header, _rows = _rows_from(sheet, "Répartition")
        headers.update(c.value for c in header)
    assert not headers & MEASURE_CODES
    assert {"Libellé", "Personnes", "Centres", "Filières", "Heures suivies"} <= headers

    header, rows = _rows_from(book["Centres actifs"], "Répartition")
    column = [c.value for c in header].index("Centres")
    whole = next(row for row in rows if row[0].value == "Ensemble")
    assert whole[column].value == 2 and whole[column].number_format == "#,##0"
    # A hidden cell: empty (it adds nothing), « < 5 » in the note.
    header, rows = _rows_from(book["Stagiaires sous contrat"], "Répartition")
    note = [c.value for c in header].index("Remarque")
    hidden = [row for row in rows if row[note].value == "< 5"]
    assert hidden and all(row[4].value is None for row in hidden)


def test_the_centre_spreadsheet_writes_hours_and_money_formats(client, dataset):
    """The centre's own report (no small-cell rule): hours are numbers shown « 1 234,50 »."""
    coordinator = make_member(Role.COORDINATOR, organisation=dataset.centres["A"].organisation)
    client.force_login(coordinator)
    book = _book(client.get(f"/centre/statistiques/{Y}/rapport.xlsx"))
    followed = _figure(book["Chiffres clés"], "heures suivies")[1]
    assert followed.data_type == "n" and followed.value > 0
    assert followed.number_format == XLSX_FORMATS["hours"] == "#,##0.00"
    header, rows = _rows_from(book["Heures de formation"], "Répartition")
    names = [c.value for c in header]
    assert names[4:] == [
        "Heures suivies", "Heures assimilées",
        "Heures suivies et assimilées", "Personnes", "Remarque",
    ]  # fmt: skip
    whole = next(row for row in rows if row[0].value == "Ensemble")
    assert whole[4].data_type == "n" and whole[4].value == followed.value
    assert whole[4].number_format == "#,##0.00" and whole[7].number_format == "#,##0"
    header, rows = _rows_from(book["Filières"], "Filière")
    assert [c.value for c in header][3:5] == ["Heures agréées", "Heures suivies"]
    assert rows[0][4].data_type == "n" and rows[0][4].number_format == "#,##0.00"


def test_the_open_data_csv_says_what_each_measure_counts(client, dataset):
    """``people`` counted centres and filières: the code stays (reusers read it), a label
    column says what it counts."""
    content = client.get(f"/chiffres-cles/{Y}.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    assert list(rows[0])[:9] == [
        "annee", "indicateur", "mesure", "repartition", "code", "libelle", "categorie",
        "valeur", "note",
    ]  # fmt: skip
    meaning = {(r["indicateur"], r["mesure"]): r["mesure_libelle"] for r in rows}
    assert meaning[("centres", "people")] == "Centres"
    assert meaning[("trainings", "people")] == "Filières"
    assert meaning[("people_under_contract", "people")] == "Personnes"
    assert meaning[("exits", "positive")] == "Sorties positives"
    labels = {r["indicateur"]: r["indicateur_libelle"] for r in rows}
    assert labels["centres"] == "Centres actifs"
    assert labels["profile_at_entry.gender"] == "Profil à l'entrée : genre"


def test_the_english_key_figures_spreadsheet_is_in_english(client, dataset):
    response = client.get(f"/chiffres-cles/{Y}.xlsx", HTTP_ACCEPT_LANGUAGE="en")
    book = _book(response)
    summary = book.worksheets[0]
    header, _rows = _rows_from(summary, "Figure")
    assert [c.value for c in header][:3] == ["Figure", "Value", "Change since 2023"]
    for sheet in book.worksheets[1:]:
        header, _rows = _rows_from(sheet, "Breakdown")
        assert "Personnes" not in [c.value for c in header]
    header, _rows = _rows_from(book["Trainees under contract"], "Breakdown")
    assert "People" in [c.value for c in header]


def test_the_report_files_are_named_after_the_centre_or_the_sector_and_the_year(client, dataset):
    client.force_login(make_member(Role.FEDERATION_ANALYST))
    response = client.get(f"/federation/statistiques/{Y}/rapport.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="chiffres-cles-cisp-2024.xlsx"'
    coordinator = make_member(Role.COORDINATOR, organisation=dataset.centres["A"].organisation)
    client.force_login(coordinator)
    response = client.get(f"/centre/statistiques/{Y}/rapport.csv?pour=administration")
    assert response["Content-Disposition"] == (
        'attachment; filename="rapport-activites-centre-a-fictif-2024-administration.csv"'
    )


def test_the_sector_report_command_writes_numbers(dataset, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "secteur.xlsx"
    call_command("sector_report", year=Y, fmt="xlsx", output=str(path))
    summary = load_workbook(path)["Chiffres clés"]
    assert _figure(summary, "stagiaires sous contrat")[1].value == 7
