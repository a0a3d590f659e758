"""Hours of continuing training by theme and by role, for a year.

Only people marked present count; a person's hours are the module's hours. The sector's
figures (federation, annual report) follow the small-cell rule of ``tremplin.stats.privacy``
on the number of distinct people behind each cell (theme, role, and theme × role). A centre
sees its own figures exactly (it knows who went), never another centre's.
"""

from django.db.models import Count, Sum
from django.utils import timezone

from tremplin.accounts.models import CENTRE_ROLES, Role
from tremplin.staff_training.models import Registration, Theme
from tremplin.stats.privacy import Cell, protect_breakdowns, published, suppress_table
from tremplin.stats.publish import clean

HOURS = "session__module__hours"
THEME = "session__module__theme"


def _present(year: int, organisation=None):
    rows = Registration.objects.present().filter(session__starts_at__year=year)
    return rows.filter(organisation=organisation) if organisation is not None else rows


def _cells(queryset, *fields) -> dict:
    grouped = queryset.values(*fields).annotate(
        people=Count("user", distinct=True), hours=Sum(HOURS)
    )
    return {
        tuple(row[f] for f in fields): Cell(row["people"], clean(row["hours"] or 0))
        for row in grouped.order_by()
    }


def hours_by_theme_and_role(year: int, organisation=None, protect: bool = True) -> dict:
    """``{"year", "protected", "total", "themes": [...], "roles": [...], "table": [[...]]}``:
    every cell is a published cell (``value`` = hours, ``people``, ``suppressed``)."""
    present = _present(year, organisation)
    totals = present.aggregate(people=Count("user", distinct=True), hours=Sum(HOURS))
    total = Cell(totals["people"], clean(totals["hours"] or 0))
    by_theme = _cells(present, THEME)
    by_role = _cells(present, "role")
    cross = _cells(present, THEME, "role")
    themes = [t.value for t in Theme]
    roles = [r.value for r in CENTRE_ROLES]
    empty = Cell(0, 0)
    theme_cells = {t: by_theme.get((t,), empty) for t in themes}
    role_cells = {r: by_role.get((r,), empty) for r in roles}
    if protect:
        protected = protect_breakdowns({"theme": theme_cells, "role": role_cells}, total)
        theme_flags = protected["by"]["theme"]["flags"]
        role_flags = protected["by"]["role"]["flags"]
        total_flag = protected["total_flag"]
        table_flags = suppress_table(
            [[cross.get((t, r), empty).people for r in roles] for t in themes],
            [theme_flags[t] for t in themes],
            [role_flags[r] for r in roles],
            total_flag,
        )
    else:
        theme_flags = dict.fromkeys(themes)
        role_flags = dict.fromkeys(roles)
        total_flag = None
        table_flags = [[None] * len(roles) for _t in themes]
    theme_labels, role_labels = dict(Theme.choices), dict(Role.choices)
    return {
        "year": year,
        "protected": protect,
        "total": published(total, total_flag),
        "themes": [
            {"key": t, "label": str(theme_labels[t]), **published(theme_cells[t], theme_flags[t])}
            for t in themes
        ],
        "roles": [
            {"key": r, "label": str(role_labels[r]), **published(role_cells[r], role_flags[r])}
            for r in roles
        ],
        "table": [
            [published(cross.get((t, r), empty), table_flags[i][j]) for j, r in enumerate(roles)]
            for i, t in enumerate(themes)
        ],
    }


def for_centre(centre, year: int, protect: bool = False) -> dict:
    """A centre's own figures (``centre`` is a ``directory.Centre``): exact."""
    return hours_by_theme_and_role(year, centre.organisation, protect=protect)


def years_with_sessions() -> list[int]:
    """The years of the catalogue, most recent first (the current year at least)."""
    from tremplin.staff_training.models import Session

    years = {d.year for d in Session.objects.dates("starts_at", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def cell_rows(result: dict):
    """Flat rows for the reports' CSV and XLSX (same columns as ``stats.exports.CSV_HEADER``):
    (indicator, measure, breakdown, key, label, category, value, note)."""
    name = "staff_training"

    def emit(cell, breakdown, key, label, category=""):
        note = cell.get("display", "")
        if cell.get("value") is None:
            yield (name, "", breakdown, key, label, category, None, note)
            return
        yield (name, "hours", breakdown, key, label, category, cell["value"], note)
        yield (name, "people", breakdown, key, label, category, cell["people"], note)

    yield from emit(result["total"], "total", "", "Total")
    for theme in result["themes"]:
        yield from emit(theme, "theme", theme["key"], theme["label"])
    for role in result["roles"]:
        yield from emit(role, "role", role["key"], role["label"])
    for theme, cells in zip(result["themes"], result["table"], strict=True):
        for role, cell in zip(result["roles"], cells, strict=True):
            yield from emit(cell, "theme", theme["key"], theme["label"], role["key"])
