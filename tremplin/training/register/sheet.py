"""A group week as a grid of cells: which trainees and days it shows, read in a fixed number
of queries (``load_sheet``), and the refusals of the register."""

import datetime
from decimal import Decimal

from django.db.models import F, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.training.models import (
    AbsenceReason,
    AttendanceDay,
    AttendanceWeek,
    Contract,
    ContractSuspension,
    format_hours,
)
from tremplin.training.periods import ZERO
from tremplin.training.register.checks import limit_warnings
from tremplin.training.register.grid import (
    Cell,
    Row,
    Sheet,
    week_days,
)


def _sum_for_contract(field_name, week_start, week_end):
    rows = (
        AttendanceDay.objects.filter(contract_id=OuterRef("pk"))
        .exclude(day__range=(week_start, week_end))
        .order_by()
        .values("contract_id")
        .annotate(total=Sum(field_name))
        .values("total")
    )
    return Coalesce(Subquery(rows), ZERO)


def _earlier_contracts_hours():
    """Training hours (followed + assimilées) of the person in their other contracts: one
    aggregate over the person's contracts, read through the (contract, day) index."""
    rows = (
        AttendanceDay.objects.filter(contract__person_id=OuterRef("person_id"))
        .exclude(contract_id=OuterRef("pk"))
        .order_by()
        .values("contract__person_id")
        .annotate(total=Sum(F("hours_followed") + F("hours_assimilated")))
        .values("total")
    )
    return Coalesce(Subquery(rows), ZERO)


def week_contracts(group, week_start: datetime.date):
    """Contracts of ``group`` running during the week, with their suspensions in the week and
    the totals used by the warnings: this contract outside the week, and the person's other
    contracts (two queries)."""
    week_end = week_start + datetime.timedelta(days=6)
    suspensions = ContractSuspension.objects.in_force().filter(
        starts_on__lte=week_end, ends_on__gte=week_start
    )
    return list(
        Contract.objects.filter(group=group)
        .overlapping(week_start, week_end)
        .select_related("person")
        .prefetch_related(Prefetch("suspensions", queryset=suspensions))
        .annotate(
            followed_before=_sum_for_contract("hours_followed", week_start, week_end),
            assimilated_before=_sum_for_contract("hours_assimilated", week_start, week_end),
            earlier_contracts_hours=_earlier_contracts_hours(),
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )


def _closed_reason(contract: Contract, day: datetime.date, today: datetime.date) -> str:
    if not contract.runs_on(day):
        return _("hors contrat")
    if any(s.covers(day) for s in contract.suspensions.all()):
        return _("contrat suspendu")
    if day > today:
        return _("à venir")
    return ""


def _shown_days(group, contracts, week_start, rows_by_key) -> list[datetime.date]:
    """Monday to Friday, plus Saturday or Sunday when planned or already encoded."""
    days = week_days(week_start)
    shown = []
    for day in days:
        weekend = day.weekday() >= 5
        planned = group.planned_on(day) or any(c.planned_on(day) for c in contracts)
        encoded = any(key[1] == day for key in rows_by_key)
        if not weekend or planned or encoded:
            shown.append(day)
    return shown


def _value(hours: Decimal) -> str:
    return format_hours(hours) if hours else "0"


def build_sheet(group, week_start, contracts, saved_rows, week, reasons, today) -> Sheet:
    rows_by_key = {(row.contract_id, row.day): row for row in saved_rows}
    days = _shown_days(group, contracts, week_start, rows_by_key)
    rows = []
    for contract in contracts:
        cells = []
        for day in days:
            cell = Cell(contract, day, planned=contract.planned_on(day))
            cell.closed_reason = _closed_reason(contract, day, today)
            saved = rows_by_key.get((contract.pk, day))
            if saved is not None:
                cell.saved = True
                cell.followed = _value(saved.hours_followed)
                cell.assimilated = _value(saved.hours_assimilated)
                cell.reason = saved.reason_id or ""
                cell.unjustified = _value(saved.unjustified_absence_hours)
            elif cell.editable and cell.planned:
                # Pre-filled from the schedule: present for the planned hours.
                cell.followed = format_hours(cell.planned)
                cell.assimilated = cell.unjustified = "0"
            cells.append(cell)
        rows.append(Row(contract, cells))
    sheet = Sheet(group, week_start, days, rows, week, list(reasons))
    for row in sheet.rows:
        row.warnings = limit_warnings(row)
    return sheet


def load_sheet(group, week_start: datetime.date, today: datetime.date | None = None) -> Sheet:
    """The grid of a group week as saved (fixed number of queries: 5)."""
    today = today or timezone.localdate()
    week_end = week_start + datetime.timedelta(days=6)
    week = (
        AttendanceWeek.objects.filter(group=group, week_start=week_start)
        .select_related("locked_by")
        .first()
    )
    contracts = week_contracts(group, week_start)
    saved_rows = AttendanceDay.objects.filter(
        contract__group=group, day__range=(week_start, week_end)
    )
    reasons = AbsenceReason.objects.filter(is_active=True)
    return build_sheet(group, week_start, contracts, saved_rows, week, reasons, today)


def fill_all_present(sheet: Sheet) -> None:
    """« Tous présents » : every open cell gets its planned hours as hours followed."""
    for row in sheet.rows:
        for cell in row.cells:
            if cell.editable:
                cell.followed = format_hours(cell.planned) if cell.planned else "0"
                cell.assimilated = cell.unjustified = "0"
                cell.reason = ""
            else:
                cell.followed = cell.assimilated = cell.unjustified = cell.reason = ""
