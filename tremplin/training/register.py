"""The attendance register of a group week: load the grid, validate it, save it in one go.

``load_sheet`` reads a week in a fixed number of queries. ``save_sheet`` validates every cell
first (nothing is written if one cell is wrong), then, in one transaction: claims the week
(optimistic version and lock checked in the same statement), upserts every filled cell in one
``INSERT … ON CONFLICT DO UPDATE`` and deletes the cells that were emptied.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pghistory
from django.db import connection, transaction
from django.db.models import F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.refusals import Conflict, Refused
from tremplin.training import parameters
from tremplin.training.models import (
    AbsenceReason,
    AttendanceDay,
    AttendanceWeek,
    Contract,
    ContractSuspension,
    format_hours,
)
from tremplin.training.models.schedule import MAX_HOURS_PER_DAY, WEEKDAY_LABELS
from tremplin.training.periods import ZERO


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_days(week_start: datetime.date) -> list[datetime.date]:
    return [week_start + datetime.timedelta(days=n) for n in range(7)]


class InvalidCells(Refused):
    """A cell of the week is wrong: each cell carries its own error."""

    def __init__(self):
        super().__init__(_("Rien n'a été enregistré : corrigez les cases signalées."), "cells")


class StaleWeek(Conflict):
    """Someone saved the week since this page was opened."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Quelqu'un a enregistré cette semaine pendant que vous la remplissiez. Rien n'a "
                "été écrasé : voici la version enregistrée, refaites vos changements."
            ),
            "stale_week",
        )


class LockedWeek(Conflict):
    """The coordinator locked the week."""

    def __init__(self):
        super().__init__(
            _("Cette semaine est verrouillée : seule la coordination peut la modifier."),
            "locked_week",
        )


@dataclass
class Cell:
    contract: Contract
    day: datetime.date
    planned: Decimal
    closed_reason: str = ""  # why nothing may be encoded (outside contract, suspended, future)
    followed: str = ""
    assimilated: str = ""
    reason: str = ""
    unjustified: str = ""
    errors: list[str] = field(default_factory=list)
    # Set by the way in (www) when what was typed could not be read: kept by the validation.
    input_errors: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def editable(self) -> bool:
        return not self.closed_reason


@dataclass
class Row:
    contract: Contract
    cells: list[Cell]
    warnings: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(cell.errors for cell in self.cells)


@dataclass
class Sheet:
    group: object
    week_start: datetime.date
    days: list[datetime.date]
    rows: list[Row]
    week: AttendanceWeek | None
    reasons: list[AbsenceReason]

    @property
    def version(self) -> int:
        return self.week.version if self.week else 0

    @property
    def is_locked(self) -> bool:
        return bool(self.week and self.week.is_locked)

    @property
    def has_errors(self) -> bool:
        return any(row.has_errors for row in self.rows)

    @property
    def day_headers(self):
        return [(day, WEEKDAY_LABELS[day.weekday()]) for day in self.days]


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
    suspensions = ContractSuspension.objects.filter(
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


def _parse_hours(raw: str, label: str, errors: list[str]) -> Decimal:
    raw = (raw or "").strip().replace(",", ".")
    if raw == "":
        return ZERO
    try:
        hours = Decimal(raw)
    except InvalidOperation:
        errors.append(
            _("%(label)s : indiquez un nombre d'heures (par exemple 3,5).") % {"label": label}
        )
        return ZERO
    if not hours.is_finite():
        errors.append(
            _("%(label)s : indiquez un nombre d'heures (par exemple 3,5).") % {"label": label}
        )
        return ZERO
    if hours < 0:
        errors.append(_("%(label)s : les heures ne peuvent pas être négatives.") % {"label": label})
        return ZERO
    if hours > MAX_HOURS_PER_DAY:
        errors.append(
            _("%(label)s : pas plus de %(max)s heures par jour.")
            % {"label": label, "max": format_hours(MAX_HOURS_PER_DAY)}
        )
        return ZERO
    if hours != hours.quantize(Decimal("0.01")):
        errors.append(_("%(label)s : au plus deux décimales.") % {"label": label})
        return ZERO
    return hours


def validate_cell(cell: Cell, group, reasons: dict[str, AbsenceReason]) -> AttendanceDay | None:
    """Check ``cell`` (its raw values already set); return the row to save, or None when the
    cell is empty. Errors are added to ``cell.errors`` in French."""
    errors = cell.errors
    followed = _parse_hours(cell.followed, _("Heures suivies"), errors)
    assimilated = _parse_hours(cell.assimilated, _("Heures assimilées"), errors)
    unjustified = _parse_hours(cell.unjustified, _("Absence injustifiée"), errors)
    reason = reasons.get(cell.reason) if cell.reason else None
    if cell.reason and reason is None:
        errors.append(_("Motif d'absence inconnu."))
    total = followed + assimilated + unjustified
    empty = total == 0 and not cell.reason
    if errors:
        return None
    if not cell.editable:
        if not empty:
            errors.append(
                _("Aucune heure ne peut être encodée ce jour-là (%(why)s).")
                % {"why": cell.closed_reason}
            )
        return None
    maximum = max(cell.planned, group.planned_on(cell.day))
    if total > maximum:
        errors.append(
            _("Le total du jour (%(total)s h) dépasse l'horaire prévu (%(max)s h).")
            % {"total": format_hours(total), "max": format_hours(maximum)}
        )
    if assimilated and reason is None:
        errors.append(_("Indiquez le motif des heures assimilées."))
    if assimilated and reason is not None and not reason.counts_as_assimilated:
        errors.append(
            _("Le motif « %(reason)s » ne compte pas en heures assimilées.")
            % {"reason": reason.label}
        )
    if reason is not None and not assimilated and not unjustified:
        errors.append(_("Un motif d'absence demande des heures d'absence."))
    if errors or empty:
        return None
    return AttendanceDay(
        contract=cell.contract,
        day=cell.day,
        hours_followed=followed,
        hours_assimilated=assimilated,
        reason=reason,
        unjustified_absence_hours=unjustified,
    )


def limit_warnings(row: Row, week_rows=None) -> list[str]:
    """Warnings before the share of hours assimilées or the maximum duration is exceeded.

    ``week_rows`` are the rows about to be saved for this contract; by default the values shown.
    """
    contract = row.contract
    if week_rows is None:
        week_rows = []
        for cell in row.cells:
            try:
                followed = Decimal((cell.followed or "0").replace(",", "."))
                assimilated = Decimal((cell.assimilated or "0").replace(",", "."))
            except InvalidOperation:
                continue
            week_rows.append((followed, assimilated))
    else:
        week_rows = [(r.hours_followed, r.hours_assimilated) for r in week_rows]
    week_followed = sum((f for f, _a in week_rows), ZERO)
    week_assimilated = sum((a for _f, a in week_rows), ZERO)
    day = row.cells[-1].day if row.cells else contract.start_date
    warnings = []
    share_cap = parameters.max_assimilated_share(day)
    followed = getattr(contract, "followed_before", ZERO) + week_followed
    assimilated = getattr(contract, "assimilated_before", ZERO) + week_assimilated
    if share_cap and followed + assimilated > 0:
        share = assimilated / (followed + assimilated)
        values = {"share": format_hours(share * 100), "cap": format_hours(share_cap * 100)}
        warning = None
        if share > share_cap:
            warning = _(
                "Heures assimilées : %(share)s %% des heures, au-delà du plafond de %(cap)s %%."
            )
        elif share >= share_cap * parameters.WARNING_THRESHOLD:
            warning = _(
                "Heures assimilées : %(share)s %% des heures, proche du plafond de %(cap)s %%."
            )
        if warning:
            note = parameters.to_confirm_note(parameters.MAX_ASSIMILATED_SHARE, day)
            warnings.append(" ".join(filter(None, [warning % values, note])))
    max_hours = parameters.max_training_hours(day)
    # The maximum duration is per person: this contract plus their earlier contracts.
    earlier = getattr(contract, "earlier_contracts_hours", ZERO)
    done = earlier + followed + assimilated
    if max_hours and done >= max_hours * parameters.WARNING_THRESHOLD:
        values = {
            "done": format_hours(done),
            "max": format_hours(max_hours),
            "earlier": format_hours(earlier),
        }
        if done > max_hours:
            warning = _("Durée maximale de formation dépassée : %(done)s h sur %(max)s h.")
        else:
            warning = _("Durée maximale de formation bientôt atteinte : %(done)s h sur %(max)s h.")
        warning %= values
        if earlier:
            warning += " " + (_("Dont %(earlier)s h dans ses contrats précédents.") % values)
        note = parameters.to_confirm_note(parameters.MAX_TRAINING_HOURS, day)
        warnings.append(" ".join(filter(None, [warning, note])))
    return warnings


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


CLAIM_WEEK_SQL = """
INSERT INTO training_attendanceweek (group_id, week_start, version, updated_by_id, updated_at)
VALUES (%(group)s, %(week_start)s, 1, %(user)s, %(now)s)
ON CONFLICT (group_id, week_start) DO UPDATE
   SET version = training_attendanceweek.version + 1,
       updated_by_id = EXCLUDED.updated_by_id,
       updated_at = EXCLUDED.updated_at
 WHERE training_attendanceweek.version = %(expected)s
   AND (training_attendanceweek.locked_at IS NULL OR %(may_change_locked)s)
RETURNING version
"""


def _claim_week(group, week_start, user, expected_version, may_change_locked, now) -> int:
    """Bump the week version if nobody saved since ``expected_version`` and the week is not
    locked (or the user may change a locked week). One statement, row-locked by PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            CLAIM_WEEK_SQL,
            {
                "group": group.pk,
                "week_start": week_start,
                "user": user.pk,
                "now": now,
                "expected": expected_version,
                "may_change_locked": may_change_locked,
            },
        )
        found = cursor.fetchone()
    if found is None:
        week = AttendanceWeek.objects.get(group=group, week_start=week_start)
        if week.is_locked and not may_change_locked:
            raise LockedWeek
        raise StaleWeek
    return found[0]


@dataclass
class SaveResult:
    saved: int
    deleted: int
    version: int


def validate_sheet(sheet: Sheet) -> list[AttendanceDay]:
    """Validate every cell; return the rows to save. Cells get their errors in French."""
    reasons = {reason.code: reason for reason in sheet.reasons}
    to_save = []
    for row in sheet.rows:
        row_saves = []
        for cell in row.cells:
            cell.errors = list(cell.input_errors)
            attendance = validate_cell(cell, sheet.group, reasons)
            if attendance is not None:
                row_saves.append(attendance)
        row.warnings = limit_warnings(row, row_saves)
        to_save.extend(row_saves)
    return to_save


def save_sheet(sheet: Sheet, user, expected_version: int, may_change_locked: bool) -> SaveResult:
    """Save the whole week, all or nothing. Raises ``InvalidCells`` when a cell is wrong (see
    the cells' errors), ``StaleWeek`` or ``LockedWeek``."""
    to_save = validate_sheet(sheet)
    if sheet.has_errors:
        raise InvalidCells
    now = timezone.now()
    for attendance in to_save:
        attendance.updated_by = user
        attendance.updated_at = now
    emptied = Q(pk__in=[])
    saved_keys = {(a.contract.pk, a.day) for a in to_save}
    for row in sheet.rows:
        for cell in row.cells:
            if cell.editable and (cell.contract.pk, cell.day) not in saved_keys:
                emptied |= Q(contract_id=cell.contract.pk, day=cell.day)
    with (
        transaction.atomic(),
        pghistory.context(
            user=str(user.pk), group=str(sheet.group.pk), week=sheet.week_start.isoformat()
        ),
    ):
        version = _claim_week(
            sheet.group, sheet.week_start, user, expected_version, may_change_locked, now
        )
        if to_save:
            AttendanceDay.objects.bulk_create(
                to_save,
                update_conflicts=True,
                unique_fields=["contract", "day"],
                update_fields=[
                    "hours_followed",
                    "hours_assimilated",
                    "reason",
                    "unjustified_absence_hours",
                    "updated_by",
                    "updated_at",
                ],
            )
        deleted = 0
        if len(saved_keys) < sum(c.editable for r in sheet.rows for c in r.cells):
            deleted, _detail = AttendanceDay.objects.filter(emptied).delete()
    return SaveResult(saved=len(to_save), deleted=deleted, version=version)


def lock_week(group, week_start, user, expected_version: int) -> AttendanceWeek:
    """Lock a checked week (coordinator). Refused if it changed since the page was opened."""
    with transaction.atomic():
        week, _created = AttendanceWeek.objects.select_for_update().get_or_create(
            group=group, week_start=week_start
        )
        if week.version != expected_version:
            raise StaleWeek(
                _("La semaine a changé depuis l'ouverture de la page : vérifiez-la à nouveau.")
            )
        week.locked_by = user
        week.locked_at = timezone.now()
        week.version += 1
        week.save(update_fields=["locked_by", "locked_at", "version"])
    return week


def unlock_week(group, week_start, user) -> AttendanceWeek | None:
    with transaction.atomic():
        week = (
            AttendanceWeek.objects.select_for_update()
            .filter(group=group, week_start=week_start)
            .first()
        )
        if week is None:  # never encoded nor locked: nothing to unlock
            return None
        week.locked_by = None
        week.locked_at = None
        week.version += 1
        week.updated_by = user
        week.updated_at = timezone.now()
        week.save(update_fields=["locked_by", "locked_at", "version", "updated_by", "updated_at"])
    return week
