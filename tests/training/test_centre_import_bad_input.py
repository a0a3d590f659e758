"""Bad input to a centre's import: a clear French message, nothing saved, no server error
(issue 15, « Bad input »)."""

import datetime
from decimal import Decimal

import pytest

from tests.directory.factories import TrainingFactory
from tests.factories import make_member
from tests.imports.helpers import Upload, csv_file, xlsx
from tremplin.accounts.models import Role
from tremplin.imports.spreadsheet import Unreadable
from tremplin.intake.models import Person
from tremplin.training import centre_imports, moving_in
from tremplin.training.models import AttendanceDay, CentreImport, CentreImportFile

PERSONS = ["person_ref", "last_name", "first_name", "birth_date"]


@pytest.fixture
def centre(db):
    return TrainingFactory(name="Commis de cuisine").centre


@pytest.fixture
def coordinator(centre):
    return make_member(Role.COORDINATOR, organisation=centre.organisation)


def nothing_saved():
    return (
        not CentreImport.objects.exists()
        and not CentreImportFile.objects.exists()
        and not Person.objects.exists()
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("releve.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("faux.xlsx", b"PK\x03\x04 not really a zip"),
        ("releve.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
    ],
)
def test_not_a_spreadsheet(centre, coordinator, name, content):
    with pytest.raises(Unreadable) as refused:
        centre_imports.receive(centre, coordinator, [Upload(name, content)])
    assert refused.value.message.startswith(("«", "Ce fichier", "Le fichier"))
    assert nothing_saved()


@pytest.mark.parametrize("name", ["vide.xlsx", "vide.csv", "vide.txt"])
def test_an_empty_file_is_said_empty(centre, coordinator, name):
    """A 0-byte .xlsx was « ni un classeur XLSX ni un fichier CSV »."""
    with pytest.raises(Unreadable) as refused:
        centre_imports.receive(centre, coordinator, [Upload(name, b"")])
    assert refused.value.message == f"Le fichier « {name} » est vide."
    assert nothing_saved()


def test_a_missing_sheet(centre, coordinator):
    only_contracts = xlsx({"contrats": [["person_ref", "training"], ["P1", "Commis"]]})
    record = centre_imports.receive(centre, coordinator, [only_contracts])
    assert record.mapping["personnes"]["sheet"] is None
    errors = centre_imports.choose_mapping(record, record.mapping, coordinator)
    assert "Choisissez la feuille « personnes »." in errors
    # Without a mapping (the command), the sheet is named.
    report = moving_in.analyse([xlsx({"contrats": [["person_ref"]]})], centre)
    assert [str(p) for p in report.problems] == ["fichier : La feuille « personnes » manque."]


def test_hundred_thousand_rows(centre, coordinator):
    rows = [PERSONS] + [[f"P{n}", "Nom", "Prénom", "01/01/1990"] for n in range(100_000)]
    record = centre_imports.receive(centre, coordinator, [csv_file("personnes.csv", rows)])
    with pytest.raises(Unreadable, match="plus de 20000 lignes"):
        centre_imports.choose_mapping(record, record.mapping, coordinator)
    # Too many for a sheet of persons: the whole upload is refused and deleted.
    assert not CentreImport.objects.filter(pk=record.pk).exists()
    report = moving_in.analyse([csv_file("personnes.csv", rows)], centre, mapping=record.mapping)
    assert str(report.problems[0]) == (
        "fichier : La feuille « personnes » a plus de 20000 lignes : découpez le fichier."
    )
    assert nothing_saved()


def test_more_rows_than_any_sheet_takes_is_refused_at_upload(centre, coordinator, monkeypatch):
    monkeypatch.setattr(centre_imports, "MAX_ROWS", 1_000)
    rows = [["jour"]] + [["01/01/2024"]] * 1_001
    with pytest.raises(Unreadable, match="a plus de 1000 lignes"):
        centre_imports.receive(centre, coordinator, [csv_file("presences.csv", rows)])
    assert nothing_saved()


FORMULA = (
    "formule : Tremplin ne calcule pas les formules. Écrivez la valeur elle-même (dans le "
    "tableur : copier, puis Collage spécial → Valeurs)."
)


def test_formulas_are_refused_cell_by_cell(centre, coordinator):
    """One message for a formula's cell, saying what to do (it was also told « empty »)."""
    book = xlsx({"personnes": [PERSONS, ["P1", '=UPPER("nom")', "Awa", "12/03/1990"]]})
    record = centre_imports.receive(centre, coordinator, [book])
    centre_imports.choose_mapping(record, record.mapping, coordinator)
    record.refresh_from_db()
    assert [p["text"] for p in record.report["problems"]] == [
        f"personnes, ligne 2, Nom : {FORMULA}"
    ]
    with pytest.raises(moving_in.MovingInRefused):
        centre_imports.apply_import(record, coordinator)
    assert not Person.objects.exists()


def test_a_csv_cell_starting_with_equals_is_one_formula_message(centre):
    """In CSV files too, in a required cell and in a cell other checks read (the reason of
    assimilated hours): one message each."""
    files = [
        csv_file("personnes.csv", [PERSONS, ["=A1+1", "Diallo", "Awa", "12/03/1990"]]),
        csv_file(
            "contrats.csv",
            [["person_ref", "training", "start_date", "planned_end_date", "hours_per_week"]],
        ),
        csv_file(
            "presences.csv",
            [
                ["person_ref", "training", "day", "hours_assimilated", "reason"],
                ["P1", "Commis de cuisine", "05/12/2022", "2", "=B2"],
            ],
        ),
    ]
    report = moving_in.analyse(files, centre)
    for sheet, column in (("personnes", "Référence de la personne"), ("presences", "Motif")):
        told = [
            p.message for p in report.problems if (p.sheet, p.row, p.column) == (sheet, 2, column)
        ]
        assert told == [FORMULA], (sheet, [str(p) for p in report.problems])


def test_dates_as_text_in_four_formats(centre, coordinator):
    rows = [
        ["P1", "Un", "A", "31/12/1990"],
        ["P2", "Deux", "B", "31-12-1990"],
        ["P3", "Trois", "C", "1990-12-31"],
        ["P4", "Quatre", "D", "31.12.1990"],
        ["P5", "Cinq", "E", "1990/31/12"],
    ]
    record = centre_imports.receive(centre, coordinator, [xlsx({"personnes": [PERSONS, *rows]})])
    centre_imports.choose_mapping(record, record.mapping, coordinator)
    record.refresh_from_db()
    assert [p["text"] for p in record.report["problems"]] == [
        "personnes, ligne 6, Date de naissance : « 1990/31/12 » n'est pas une date "
        "(écrivez 31/12/2025 ou 2025-12-31)."
    ]
    record.report = {}
    del rows[-1]
    again = centre_imports.receive(centre, coordinator, [xlsx({"personnes": [PERSONS, *rows]})])
    centre_imports.choose_mapping(again, again.mapping, coordinator)
    centre_imports.apply_import(again, coordinator)
    assert set(Person.objects.values_list("birth_date", flat=True)) == {datetime.date(1990, 12, 31)}


def test_a_ten_megabyte_cell(centre, coordinator):
    big = "x" * (10 * 1024 * 1024)
    upload = Upload("personnes.csv", f"person_ref;last_name\nP1;{big}\n".encode())
    with pytest.raises(Unreadable) as refused:
        centre_imports.receive(centre, coordinator, [upload])
    assert refused.value.message == "Le fichier « personnes.csv » dépasse 8 Mo."
    assert nothing_saved()


def test_a_long_cell_under_the_file_limit_is_a_problem_of_its_cell(centre, coordinator):
    long = "x" * 6_000
    book = xlsx({"personnes": [PERSONS, ["P1", long, "Awa", "12/03/1990"]]})
    record = centre_imports.receive(centre, coordinator, [book])
    centre_imports.choose_mapping(record, record.mapping, coordinator)
    record.refresh_from_db()
    texts = [p["text"] for p in record.report["problems"]]
    assert "personnes, ligne 2, Nom : texte trop long (plus de 5000 caractères)." in texts
    assert not AttendanceDay.objects.exists() and not Person.objects.exists()


def test_weekly_hours_get_one_problem_each(centre, coordinator):
    """A wrong number of hours per week is one problem, not two (« trente » also got « entre 1
    et 40 », « 50 » « pas plus de 40 heures » and « entre 1 et 40 »)."""
    head = ["person_ref", "training", "start_date", "planned_end_date", "hours_per_week"]
    contracts = [head] + [
        [f"P{n}", "Commis de cuisine", "01/09/2025", "30/06/2026", hours]
        for n, hours in enumerate(["trente", "50", "0"], start=1)
    ]
    persons = [PERSONS] + [[f"P{n}", "Nom", "Prénom", "01/01/1990"] for n in (1, 2, 3)]
    presences = [["person_ref", "training", "day", "hours_followed"]]
    book = xlsx({"personnes": persons, "contrats": contracts, "presences": presences})
    report = moving_in.analyse([book], centre)
    assert [str(p) for p in report.problems] == [
        "contrats, ligne 2, Heures par semaine : indiquez un nombre d'heures (par exemple 3,5).",
        "contrats, ligne 3, Heures par semaine : pas plus de 40 heures.",
        "contrats, ligne 4, Heures par semaine : "
        "Les heures par semaine doivent être entre 1 et 40.",
    ]


def test_attendance_hours_typed_with_a_comma_a_point_or_as_a_time(centre, coordinator):
    """« 7:30 » (text or a time cell) was refused as « not a number of hours »; « 7,5 » and
    « 7.5 » must not become 75."""
    contracts = [
        ["person_ref", "training", "start_date", "planned_end_date", "hours_per_week"],
        ["P1", "Commis de cuisine", "06/01/2025", "30/06/2025", "37,5"],
    ]
    typed = ["7,5", "7.5", 7.5, "7:30", "7h30", datetime.time(7, 30)]
    presences = [["person_ref", "training", "day", "hours_followed"]] + [
        ["P1", "Commis de cuisine", datetime.date(2025, 1, 6 + n), hours]
        for n, hours in enumerate(typed)
    ]
    persons = [PERSONS, ["P1", "Dupré", "Zoé", "12/03/1990"]]
    book = xlsx({"personnes": persons, "contrats": contracts, "presences": presences})
    report = moving_in.apply([book], centre, coordinator, "heures.xlsx")
    assert report.counts["attendance"] == len(typed)
    assert set(AttendanceDay.objects.values_list("hours_followed", flat=True)) == {Decimal("7.5")}


def test_a_niss_in_a_number_cell_keeps_its_leading_zero(centre, coordinator):
    """Excel drops the 0 of a NISS typed as a number (persons born in 2000–2009): « 1020312345 »
    was refused as not valid."""
    persons = [
        [*PERSONS, "niss"],
        ["P1", "Dupré", "Zoé", "03/02/2001", 1020312345],
        ["P2", "Dupré", "Léa", "03/02/2001", "85.07.30-033.28"],
        ["P3", "Dupré", "Ana", "03/02/2001", "85.07.30-033.29"],
    ]
    contracts = [["person_ref", "training", "start_date", "planned_end_date", "hours_per_week"]]
    presences = [["person_ref", "training", "day"]]
    book = xlsx({"personnes": persons, "contrats": contracts, "presences": presences})
    report = moving_in.analyse([book], centre)
    assert [str(p) for p in report.problems] == [
        "personnes, ligne 4, NISS : Ce numéro de registre national n'est pas valide : "
        "vérifiez les chiffres."
    ]
    assert report.persons["P1"].niss == "01020312345"


def test_dates_in_number_cells_formatted_standard(centre, coordinator):
    """A date column formatted « Standard » in Excel holds day numbers (45688 for 31/01/2025):
    they were refused as « not a date »."""
    persons = [
        PERSONS,
        ["P1", "Dupré", "Zoé", 32874],  # 01/01/1990
        ["P2", "Dupré", "Léa", 32874.0],
        ["P3", "Dupré", "Ana", 32874.5],
        ["P4", "Dupré", "Eva", 99999],
    ]
    contracts = [
        ["person_ref", "training", "start_date", "planned_end_date", "hours_per_week"],
        ["P1", "Commis de cuisine", 45688, 45838, 30],  # 31/01/2025 – 30/06/2025
    ]
    presences = [["person_ref", "training", "day"]]
    book = xlsx({"personnes": persons, "contrats": contracts, "presences": presences})
    report = moving_in.analyse([book], centre)
    assert [str(p) for p in report.problems] == [
        "personnes, ligne 4, Date de naissance : « 32874.5 » n'est pas une date "
        "(écrivez 31/12/2025 ou 2025-12-31).",
        "personnes, ligne 5, Date de naissance : « 99999 » n'est pas une date "
        "(écrivez 31/12/2025 ou 2025-12-31).",
    ]
    assert report.persons["P1"].birth_date == report.persons["P2"].birth_date
    assert report.persons["P1"].birth_date == datetime.date(1990, 1, 1)


def test_a_phone_in_a_number_cell_keeps_its_leading_zero(centre, coordinator):
    """Excel drops the 0 of a phone typed as a number: « 471234567 » was kept for 0471 23 45 67."""
    persons = [
        [*PERSONS, "phone"],
        ["P1", "Dupré", "Zoé", "03/02/1990", 471234567],
        ["P2", "Dupré", "Léa", "03/02/1990", 81234567],
        ["P3", "Dupré", "Ana", "03/02/1990", "+32 471 23 45 67"],
    ]
    contracts = [["person_ref", "training", "start_date", "planned_end_date", "hours_per_week"]]
    presences = [["person_ref", "training", "day"]]
    book = xlsx({"personnes": persons, "contrats": contracts, "presences": presences})
    report = moving_in.analyse([book], centre)
    phones = [report.persons[ref].phone for ref in ("P1", "P2", "P3")]
    assert phones == ["0471234567", "081234567", "+32 471 23 45 67"]
