"""The attendance register of a group week: load the grid, validate it, save it in one go.

``load_sheet`` (``sheet``) reads a week in a fixed number of queries. ``save_sheet``
(``saving``) validates every cell first with ``checks`` (nothing is written if one cell is
wrong), then, in one transaction: claims the week (optimistic version and lock checked in the
same statement), upserts every filled cell in one ``INSERT … ON CONFLICT DO UPDATE`` and deletes
the cells that were emptied.
"""

from tremplin.training.register.checks import limit_warnings, validate_cell, validate_sheet
from tremplin.training.register.grid import (
    Cell,
    InvalidCells,
    LockedWeek,
    Row,
    Sheet,
    StaleWeek,
    monday_of,
    week_days,
)
from tremplin.training.register.saving import SaveResult, lock_week, save_sheet, unlock_week
from tremplin.training.register.sheet import (
    fill_all_present,
    load_sheet,
    week_contracts,
)

__all__ = [
    "Cell",
    "InvalidCells",
    "LockedWeek",
    "Row",
    "SaveResult",
    "Sheet",
    "StaleWeek",
    "fill_all_present",
    "limit_warnings",
    "load_sheet",
    "lock_week",
    "monday_of",
    "save_sheet",
    "unlock_week",
    "validate_cell",
    "validate_sheet",
    "week_contracts",
    "week_days",
]
