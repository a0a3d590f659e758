"""The XLSX lists of the training pages: values as typed, text never turned into a formula."""

import io
from decimal import Decimal

from openpyxl import load_workbook

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
