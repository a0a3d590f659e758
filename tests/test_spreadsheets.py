"""Every spreadsheet writes numbers as numbers with their cell format, from one place."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from tremplin import spreadsheets
from tremplin.formatting import XLSX_FORMATS


def _written(values):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Feuille")
    sheet.append(spreadsheets.row(sheet, values))
    buffer = io.BytesIO()
    book.save(buffer)
    return list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())[0]


def test_each_kind_of_number_has_its_format():
    cells = _written(
        [
            spreadsheets.money(Decimal("1234.5")),
            spreadsheets.hours(Decimal("7.25")),
            spreadsheets.count(12),
            spreadsheets.share(0.119),
            spreadsheets.change(-0.04),
            spreadsheets.score(Decimal("4.25")),
            spreadsheets.money(None),
            "=SOMME(A1)",
            datetime.date(2026, 10, 5),
        ]
    )
    formats = [c.number_format for c in cells[:6]]
    assert formats == [
        '#,##0.00 "€"', "#,##0.00", "#,##0", "0.0%", "+0.0%;-0.0%;0.0%", "0.00"
    ]  # fmt: skip
    assert [c.value for c in cells[:6]] == [1234.5, 7.25, 12, 0.119, -0.04, 4.25]
    assert all(c.data_type == "n" for c in cells[:6])
    assert cells[6].value is None  # nothing to write: an empty cell, not « None »
    assert cells[7].data_type == "s"  # text, never a formula
    assert cells[8].number_format == XLSX_FORMATS["date"]


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        spreadsheets.Figure(1, "euros")
