"""Saving a week in one transaction (optimistic version and lock claimed in one statement,
every cell upserted at once), and locking or unlocking it."""

from dataclasses import dataclass

import pghistory
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.training.models import (
    AttendanceDay,
    AttendanceWeek,
)
from tremplin.training.register.checks import validate_sheet
from tremplin.training.register.grid import (
    InvalidCells,
    LockedWeek,
    Sheet,
    StaleWeek,
)

# A week never saved has version 0 (what ``load_sheet`` shows): only a client that read it so
# may create it. A saved week is bumped only from the version the client read.
CLAIM_NEW_WEEK_SQL = """
INSERT INTO training_attendanceweek (group_id, week_start, version, updated_by_id, updated_at)
VALUES (%(group)s, %(week_start)s, 1, %(user)s, %(now)s)
ON CONFLICT (group_id, week_start) DO UPDATE
   SET version = training_attendanceweek.version + 1,
       updated_by_id = EXCLUDED.updated_by_id,
       updated_at = EXCLUDED.updated_at
 WHERE training_attendanceweek.version = 0
   AND (training_attendanceweek.locked_at IS NULL OR %(may_change_locked)s)
RETURNING version
"""
CLAIM_SAVED_WEEK_SQL = """
UPDATE training_attendanceweek
   SET version = version + 1, updated_by_id = %(user)s, updated_at = %(now)s
 WHERE group_id = %(group)s AND week_start = %(week_start)s AND version = %(expected)s
   AND (locked_at IS NULL OR %(may_change_locked)s)
RETURNING version
"""


def _claim_week(group, week_start, user, expected_version, may_change_locked, now) -> int:
    """Bump the week version if nobody saved since ``expected_version`` and the week is not
    locked (or the user may change a locked week). One statement, row-locked by PostgreSQL."""
    sql = CLAIM_NEW_WEEK_SQL if expected_version == 0 else CLAIM_SAVED_WEEK_SQL
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
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
        week = AttendanceWeek.objects.filter(group=group, week_start=week_start).first()
        if week is not None and week.is_locked and not may_change_locked:
            raise LockedWeek
        raise StaleWeek(week.version if week is not None else 0)
    return found[0]


@dataclass
class SaveResult:
    saved: int
    deleted: int
    version: int


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
                week.version,
                _("La semaine a changé depuis l'ouverture de la page : vérifiez-la à nouveau."),
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
