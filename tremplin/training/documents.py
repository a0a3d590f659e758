"""Documents for the centre: PDF from HTML templates (WeasyPrint) and XLSX lists (openpyxl)."""

import io
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render_pdf(template: str, context: dict) -> bytes:
    """A PDF in French from an HTML template of ``training/pdf/``."""
    from weasyprint import HTML

    with translation.override("fr"):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(content: bytes, filename: str, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _cell(sheet, value, bold=False):
    if isinstance(value, Decimal):
        value = float(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # Text stays text: a value starting with "=" never becomes a formula.
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def workbook(title: str, headers, rows, totals=None, sheet_name: str = "Liste") -> bytes:
    """One sheet: a title line, an empty line, the header, the rows, then ``totals``."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
    sheet.append([_cell(sheet, title, bold=True)])
    sheet.append([])
    sheet.append([_cell(sheet, str(h), bold=True) for h in headers])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    if totals is not None:
        sheet.append([_cell(sheet, value, bold=True) for value in totals])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
