"""The list of people booked at an information session, as an XLSX workbook (openpyxl)."""

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tremplin import formatting, spreadsheets
from tremplin.intake.models import SessionBooking


def columns():
    return [
        (_("Statut"), lambda b: b.get_status_display(), 22),
        (_("Prénom"), lambda b: b.first_name, 20),
        (_("Nom"), lambda b: b.last_name, 24),
        (_("E-mail"), lambda b: b.email, 32),
        (_("Téléphone"), lambda b: b.phone, 18),
        (_("Code postal"), lambda b: b.postal_code, 12),
        (_("Présence"), lambda b: b.get_attendance_display(), 14),
        (
            _("Inscrit ou inscrite le"),
            lambda b: timezone.localtime(b.created_at).replace(tzinfo=None),
            20,
        ),
    ]


def bookings_workbook(session, bookings: list[SessionBooking]) -> bytes:
    """One sheet: a title line, the header, then one line per booking (seat, then waiting
    list). Cancelled bookings are left out: their data was erased."""
    with translation.override("fr"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Inscriptions")
        starts = timezone.localtime(session.starts_at)
        title = _("Séance d'information — {title} — {date}").format(
            title=session.title, date=formatting.weekday_moment(starts)
        )
        heading = spreadsheets.cell(sheet, title, bold=True)
        heading.font = Font(bold=True, size=13)
        sheet.append([heading])
        sheet.append([])
        spec = columns()
        sheet.append(spreadsheets.row(sheet, (str(label) for label, _v, _w in spec), bold=True))
        for index, (_label, _value, width) in enumerate(spec, start=1):
            sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = width
        for booking in bookings:
            sheet.append(spreadsheets.row(sheet, (value(booking) for _l, value, _w in spec)))
        sheet.freeze_panes = "A4"
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
