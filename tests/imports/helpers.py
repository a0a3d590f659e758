"""Build import files in memory: XLSX workbooks and CSV files from lists of rows."""

import io

from openpyxl import Workbook


class Upload(io.BytesIO):
    def __init__(self, name: str, content: bytes):
        super().__init__(content)
        self.name = name


def xlsx(sheets: dict[str, list[list]], name="annuaire.xlsx") -> Upload:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return Upload(name, out.getvalue())


def csv_file(name: str, rows: list[list], delimiter=";") -> Upload:
    text = "\n".join(delimiter.join(str(v) for v in row) for row in rows) + "\n"
    return Upload(name, text.encode("utf-8"))
