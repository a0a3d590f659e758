"""Documents for the centre: PDF from HTML templates (WeasyPrint) and XLSX lists (openpyxl)."""

import io
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook

from tremplin import spreadsheets
from tremplin.downloads import disposition

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
    """``filename``: from ``downloads.file_name``."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = disposition(filename, inline=inline)
    return response


def workbook(title: str, headers, rows, totals=None, sheet_name: str = "Liste") -> bytes:
    """One sheet: a title line, an empty line, the header (kept in view when scrolling), the
    rows, then ``totals``. Write-only mode; a value is written by ``spreadsheets.cell``: wrap
    a number with what it measures (``spreadsheets.money``, ``hours``…) for its cell format."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
    sheet.freeze_panes = "A4"
    sheet.append([spreadsheets.cell(sheet, title, bold=True)])
    sheet.append([])
    sheet.append(spreadsheets.row(sheet, map(str, headers), bold=True))
    for values in rows:
        sheet.append(spreadsheets.row(sheet, values))
    if totals is not None:
        sheet.append(spreadsheets.row(sheet, totals, bold=True))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = disposition(filename)
    return response
