"""Registrations and attendance of a year as an XLSX workbook for the federation."""

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from tremplin import spreadsheets
from tremplin.training.documents import XLSX_CONTENT_TYPE as CONTENT_TYPE

__all__ = ["CONTENT_TYPE", "registrations_workbook"]


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _columns():
    return [
        (_("Module"), lambda r: r.session.module.title),
        (_("Thème"), lambda r: r.session.module.get_theme_display()),
        (_("Début de la session"), lambda r: _local(r.session.starts_at)),
        (_("Lieu"), lambda r: r.session.place),
        (_("Prénom"), lambda r: r.user.first_name),
        (_("Nom"), lambda r: r.user.last_name),
        (_("E-mail"), lambda r: r.user.email),
        (_("Centre"), lambda r: r.organisation.name),
        (_("Fonction"), lambda r: r.get_role_display()),
        (_("Statut"), lambda r: r.get_status_display()),
        (_("Demandée le"), lambda r: _local(r.requested_at)),
        (_("Présence"), lambda r: r.get_attendance_display()),
        (_("Heures"), lambda r: spreadsheets.hours(r.hours)),
    ]


def _sheet(workbook, title, rows, columns, first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append(spreadsheets.row(sheet, (str(label) for label, _value in columns), bold=True))
    for registration in rows:
        sheet.append(spreadsheets.row(sheet, (value(registration) for _label, value in columns)))
    sheet.freeze_panes = "A2"
    return sheet


def registrations_workbook(year: int, registrations) -> bytes:
    """Sheet "Inscriptions": every request of the year; sheet "Présences": the confirmed seats
    with their attendance and hours. Text cells stay text (no formula from a name)."""
    with translation.override("fr"):
        rows = list(registrations)
        workbook = Workbook()
        columns = _columns()
        _sheet(workbook, _("Inscriptions %(year)s") % {"year": year}, rows, columns, first=True)
        seats = [r for r in rows if r.status == r.Status.CONFIRMED]
        _sheet(workbook, _("Présences %(year)s") % {"year": year}, seats, columns)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
