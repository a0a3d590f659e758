"""The shapes of a register week (``Sheet`` of ``Row``s of ``Cell``s) and its refusals: what
the other modules of the register pass to each other."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from tremplin.refusals import Conflict, Refused
from tremplin.training.models import (
    AbsenceReason,
    AttendanceWeek,
    Contract,
)
from tremplin.training.models.schedule import WEEKDAY_LABELS


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_days(week_start: datetime.date) -> list[datetime.date]:
    return [week_start + datetime.timedelta(days=n) for n in range(7)]


class InvalidCells(Refused):
    """A cell of the week is wrong: each cell carries its own error."""

    def __init__(self):
        super().__init__(_("Rien n'a été enregistré : corrigez les cases signalées."), "cells")


class StaleWeek(Conflict):
    """The version sent is not the week's: someone saved it since this page was opened, or
    (a page sent without its version, or an API client that did not read 0) the week was
    never saved. ``saved_version`` is the week's version now, 0 when it was never saved."""

    def __init__(self, saved_version: int = 0, message=None):
        self.saved_version = saved_version
        if message is None and saved_version:
            message = _(
                "Quelqu'un a enregistré cette semaine pendant que vous la remplissiez. Rien n'a "
                "été écrasé : voici la version enregistrée, refaites vos changements."
            )
        elif message is None:
            message = _(
                "Rien n'a été enregistré : la page envoyée n'était pas à jour. Cette semaine "
                "n'a encore jamais été enregistrée : refaites vos changements."
            )
        super().__init__(message, "stale_week")


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
