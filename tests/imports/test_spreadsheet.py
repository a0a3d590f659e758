"""The shared spreadsheet reader: dates written as text, headers, limits."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from tests.imports.helpers import Upload, csv_file, xlsx
from tremplin.imports.mapping import describe, guess, read_mapped
from tremplin.imports.spreadsheet import (
    Column,
    SheetSpec,
    Unreadable,
    header_key,
    parse_date,
    parse_hours,
    read_workbook,
)

SPEC = SheetSpec("personnes", (Column("birth_date", "Date de naissance", True),), max_rows=3)


@pytest.mark.parametrize("text", ["31/12/1990", "31-12-1990", "31.12.1990", "1990-12-31"])
def test_a_date_written_as_text_in_four_formats(text):
    assert parse_date(text) == datetime.date(1990, 12, 31)


@pytest.mark.parametrize("text", ["31/12/1990 00:00:00", "31/12/1990 00:00", "1990-12-31T00:00:00"])
def test_a_date_saved_as_text_with_its_midnight_time(text):
    assert parse_date(text) == datetime.date(1990, 12, 31)


def test_a_year_in_two_digits_is_asked_in_full():
    with pytest.raises(ValueError) as refused:
        parse_date("31-01-25")
    assert str(refused.value) == (
        "« 31-01-25 » : écrivez l'année en entier (par exemple 31/01/2025)."
    )
    with pytest.raises(ValueError, match="n'est pas une date"):
        parse_date("31/12/1990 08:15")


def test_date_cells_and_bad_dates():
    assert parse_date(datetime.datetime(1990, 12, 31, 0, 0)) == datetime.date(1990, 12, 31)
    with pytest.raises(ValueError, match="n'est pas une date"):
        parse_date("31 décembre")
    with pytest.raises(ValueError, match="n'est pas une date"):
        parse_date("31/02/1990")


@pytest.mark.parametrize(
    ("number", "day"),
    [
        (45688, datetime.date(2025, 1, 31)),
        (45688.0, datetime.date(2025, 1, 31)),
        (1, datetime.date(1900, 1, 1)),
        (61, datetime.date(1900, 3, 1)),  # after Excel's 29/02/1900, a day that never was
        (73415, datetime.date(2100, 12, 31)),
    ],
)
def test_a_date_cell_formatted_as_a_number(number, day):
    assert parse_date(number) == day


@pytest.mark.parametrize("number", [0, -45688, 73416, 45688.5, True, float("nan")])
def test_other_numbers_are_not_dates(number):
    with pytest.raises(ValueError, match="n'est pas une date"):
        parse_date(number)


PHONES = SheetSpec(
    "contacts",
    (Column("phone", "Téléphone", phone=True), Column("count", "Nombre")),
    max_rows=20,
)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (471234567, "0471234567"),  # 0471 23 45 67 in a number cell
        (81234567, "081234567"),  # 081 23 45 67
        (471234567.0, "0471234567"),
        ("471234567", "0471234567"),  # the same cell saved as CSV
        ("0471 23 45 67", "0471 23 45 67"),
        ("+32 471 23 45 67", "+32 471 23 45 67"),
        (32471234567, 32471234567),
        (1234567, 1234567),
        (4712345678, 4712345678),
    ],
)
def test_a_phone_number_in_a_number_cell_gets_its_leading_zero_back(typed, read):
    book = read_workbook([xlsx({"contacts": [["phone", "count"], [typed, typed]]})], (PHONES,))
    assert book.sheets["contacts"][0].values == {"phone": read, "count": typed}


def test_headers_match_codes_and_french_labels_without_accents_or_case():
    assert header_key("  Date de NAISSANCE ") == header_key("date_de_naissance")
    for header in ("birth_date", "Date de naissance", "DATE DE NAISSANCE"):
        book = read_workbook([xlsx({"personnes": [[header], ["01/01/2000"]]})], (SPEC,))
        assert book.sheets["personnes"][0].values == {"birth_date": "01/01/2000"}


def test_row_numbers_are_those_of_the_spreadsheet_and_blank_rows_are_skipped():
    book = read_workbook(
        [csv_file("personnes.csv", [[""], ["birth_date"], ["1"], [""], ["2"]])], (SPEC,)
    )
    assert [line.number for line in book.sheets["personnes"]] == [3, 5]


def test_too_many_rows_is_refused_as_a_whole():
    rows = [["birth_date"]] + [["x"]] * 4
    with pytest.raises(Unreadable, match="plus de 3 lignes"):
        read_workbook([csv_file("personnes.csv", rows)], (SPEC,))


def test_hundred_thousand_rows_are_refused_quickly():
    spec = SheetSpec("personnes", SPEC.columns, max_rows=20_000)
    rows = [["birth_date"]] + [["01/01/2000"]] * 100_000
    with pytest.raises(Unreadable, match="plus de 20000 lignes"):
        read_workbook([csv_file("personnes.csv", rows)], (spec,))


PERSONS = SheetSpec(
    "personnes",
    (Column("last_name", "Nom", True), Column("first_name", "Prénom", True)),
    max_rows=10,
)


def read_csv(content: bytes):
    book = read_workbook([Upload("personnes.csv", content)], (PERSONS,))
    return [line.values for line in book.sheets["personnes"]]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("cp1252", ";"),  # Excel on Windows: « CSV (séparateur : point-virgule) »
        ("utf-8-sig", ";"),  # Excel: « CSV UTF-8 »
        ("utf-8", "\t"),  # « Texte (séparateur : tabulation) », a copy of the sheet
        ("utf-8", ","),  # LibreOffice
    ],
)
def test_csv_as_excel_and_libreoffice_save_them(encoding, delimiter):
    text = delimiter.join(["Nom", "Prénom"]) + "\r\n" + delimiter.join(["Dupré", "Zoé"]) + "\r\n"
    assert read_csv(text.encode(encoding)) == [{"last_name": "Dupré", "first_name": "Zoé"}]


def test_quoted_fields_with_line_breaks_and_trailing_empty_rows_and_columns():
    text = 'Nom,Prénom,,\n"Dupré, dite ""Lolo""","Zoé\nMarie",,\n,,,\n,,,\n'
    assert read_csv(text.encode()) == [
        {"last_name": 'Dupré, dite "Lolo"', "first_name": "Zoé\nMarie"}
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n",
        b"GIF89a\x00\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",  # an Excel 97-2003 workbook renamed .csv
    ],
)
def test_a_document_renamed_csv_is_not_a_table(content):
    with pytest.raises(Unreadable) as refused:
        read_csv(content)
    assert refused.value.message == (
        "Le fichier « personnes.csv » n'est pas un tableau : ouvrez-le dans Excel ou "
        "LibreOffice et enregistrez-le au format .xlsx ou CSV."
    )


def titled_book():
    """A sheet as a secretary prints it: a title merged across the columns, a date, a blank
    row, then the header."""
    book = Workbook()
    sheet = book.active
    sheet.title = "personnes"
    sheet.append(["Liste des stagiaires 2025"])
    sheet.merge_cells("A1:C1")
    sheet.append(["Imprimé le 03/02/2025"])
    sheet.append([])
    sheet.append(["Nom", "Prénom", "Remarque"])
    sheet.append(["Dupré", "Zoé", None])
    out = io.BytesIO()
    book.save(out)
    return Upload("stagiaires.xlsx", out.getvalue())


def test_title_rows_above_the_header_are_skipped():
    book = read_workbook([titled_book()], (PERSONS,))
    [line] = book.sheets["personnes"]
    assert (line.number, line.values) == (5, {"last_name": "Dupré", "first_name": "Zoé"})
    [sheet] = describe([titled_book()], count_limit=10)
    assert (sheet.header_row, sheet.headers, sheet.rows) == (4, ["Nom", "Prénom", "Remarque"], 1)
    mapping = guess((PERSONS,), [sheet])
    assert mapping["personnes"]["columns"] == {"last_name": 0, "first_name": 1}
    read = read_mapped([titled_book()], (PERSONS,), mapping)
    assert [line.number for line in read.sheets["personnes"]] == [5]


def test_a_sheet_of_one_column_keeps_its_first_row_as_header():
    one = SheetSpec("personnes", (Column("last_name", "Nom", True),), max_rows=20)
    rows = [["Nom"]] + [[f"Nom {n}"] for n in range(12)]
    book = read_workbook([csv_file("personnes.csv", rows)], (one,))
    assert [line.number for line in book.sheets["personnes"]] == list(range(2, 14))


@pytest.mark.parametrize(
    ("typed", "hours"),
    [
        ("7,5", "7.5"),
        ("7.5", "7.5"),
        (" 7,50 ", "7.5"),
        (7.5, "7.5"),
        (7.499999999999999, "7.5"),  # a sum copied as a value
        (7, "7"),
        ("7:30", "7.5"),
        ("07:30:00", "7.5"),
        ("7h30", "7.5"),
        ("7 h 30", "7.5"),
        ("7h", "7"),
        ("3:20", "3.33"),
        (datetime.time(7, 30), "7.5"),  # a cell formatted h:mm
        (datetime.timedelta(hours=7, minutes=45), "7.75"),  # a cell formatted [h]:mm
        ("", "0"),
        (None, "0"),
    ],
)
def test_hours_as_secretaries_type_them(typed, hours):
    assert parse_hours(typed) == Decimal(hours)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("sept", "indiquez un nombre d'heures (par exemple 3,5)."),
        ("7:75", "« 7:75 » : pas plus de 59 minutes."),
        ("-2", "les heures ne peuvent pas être négatives."),
        ("7,555", "au plus deux décimales."),
    ],
)
def test_hours_that_are_not_hours(typed, message):
    with pytest.raises(ValueError) as refused:
        parse_hours(typed)
    assert str(refused.value) == message


def test_time_cells_of_a_workbook_are_hours():
    """Excel keeps « 7:30 » typed in a cell as a time: it was refused as « not a number »."""
    book = Workbook()
    sheet = book.active
    sheet.title = "personnes"
    sheet.append(["Nom", "Prénom"])
    sheet.append(["Dupré", datetime.time(7, 30)])
    sheet["B2"].number_format = "h:mm"
    out = io.BytesIO()
    book.save(out)
    read = read_workbook([Upload("heures.xlsx", out.getvalue())], (PERSONS,))
    assert parse_hours(read.sheets["personnes"][0].values["first_name"]) == Decimal("7.5")
