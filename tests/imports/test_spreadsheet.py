"""The shared spreadsheet reader: dates written as text, headers, limits."""

import datetime

import pytest

from tests.imports.helpers import csv_file, xlsx
from tremplin.imports.spreadsheet import (
    Column,
    SheetSpec,
    Unreadable,
    header_key,
    parse_date,
    read_workbook,
)

SPEC = SheetSpec("personnes", (Column("birth_date", "Date de naissance", True),), max_rows=3)


@pytest.mark.parametrize("text", ["31/12/1990", "31-12-1990", "31.12.1990", "1990-12-31"])
def test_a_date_written_as_text_in_four_formats(text):
    assert parse_date(text) == datetime.date(1990, 12, 31)


def test_date_cells_and_bad_dates():
    assert parse_date(datetime.datetime(1990, 12, 31, 0, 0)) == datetime.date(1990, 12, 31)
    with pytest.raises(ValueError, match="n'est pas une date"):
        parse_date("31 décembre")
    with pytest.raises(ValueError, match="n'est pas une date"):
        parse_date("31/02/1990")


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
