"""The XLSX lists of the training pages: values as typed, text never turned into a formula."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from tremplin.formatting import XLSX_FORMATS
from tremplin.training.documents import workbook


def test_workbook_rows_totals_and_no_formula():
    content = workbook(
        "Titre",
        ["Nom", "Heures"],
        [('=HYPERLINK("http://x")', Decimal("6.5")), ("Dupont", 3)],
        totals=["Total", Decimal("9.5")],
    )
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Titre"
    assert rows[2] == ("Nom", "Heures")
    assert rows[3] == ('=HYPERLINK("http://x")', 6.5)
    assert sheet.cell(row=4, column=1).data_type == "s"
    assert rows[4] == ("Dupont", 3)
    assert rows[5] == ("Total", 9.5)
    assert sheet.cell(row=6, column=1).font.bold
    assert sheet.cell(row=3, column=2).font.bold


def test_workbook_dates_read_the_belgian_way_and_the_header_stays_in_view():
    """A date is a date cell shown « 05/10/2026 » (not « 2026-10-05 »); the title and the
    header stay in view while the centre scrolls down a long list."""
    content = workbook("Contrats", ["Nom", "Début"], [("Dupont", datetime.date(2026, 10, 5))] * 40)
    sheet = load_workbook(io.BytesIO(content)).active
    cell = sheet.cell(row=4, column=2)
    assert cell.is_date and cell.value.date() == datetime.date(2026, 10, 5)
    assert cell.number_format == XLSX_FORMATS["date"] == "dd/mm/yyyy"
    assert sheet.freeze_panes == "A4"
