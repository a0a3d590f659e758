"""Documents for the centre: PDF from HTML templates (WeasyPrint) and XLSX lists (openpyxl)."""

import datetime
import io
from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from tremplin.formatting import XLSX_FORMATS, is_formula_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def in_french(view):
    """A view that answers a document: the document is in French whatever language the
    reader's pages are in — its context too (amounts, dates, « née le »), computed before the
    template is rendered."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        with translation.override("fr"):
            return view(*args, **kwargs)

    return wrapped


def render_pdf(template: str, context: dict) -> bytes:
    """A PDF from an HTML template of ``training/pdf/``, in an ``in_french`` view."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    # The title a PDF reader shows and reads aloud: the <title> on one line.
    document.metadata.title = " ".join((document.metadata.title or "").split())
    return document.write_pdf()


def pdf_response(content: bytes, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


BOLD = Font(bold=True)  # one style object for every bold cell


def _cell(sheet, value):
    """A plain value (the fast path of write-only mode), except text starting with "=":
    openpyxl would write it as a formula, so it becomes a text cell; and a date, shown
    « 05/10/2026 » (openpyxl's own format reads « 2026-10-05 »)."""
    if isinstance(value, Decimal):
        return float(value)
    if is_formula_text(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_FORMATS["date"]
        return cell
    return value


def _bold(sheet, value):
    cell = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.font = BOLD
    return cell


def workbook(title: str, headers, rows, totals=None, sheet_name: str = "Liste") -> bytes:
    """One sheet: a title line, an empty line, the header (kept in view when scrolling), the
    rows, then ``totals``. Write-only mode; row cells are plain values (no cell or style
    object per value) but for dates."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
    sheet.freeze_panes = "A4"
    sheet.append([_bold(sheet, title)])
    sheet.append([])
    sheet.append([_bold(sheet, str(h)) for h in headers])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    if totals is not None:
        sheet.append([_bold(sheet, value) for value in totals])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
