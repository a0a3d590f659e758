"""Turn grouped measures into published, JSON-able tables with labels and small-cell rules.

A published cell is ``{"key", "label", "value", "suppressed"}``: ``value`` is a dict of
measures (people, hours, …) or ``None`` when hidden; ``suppressed`` is ``None``, ``"small"``
(shows "< 5") or ``"secondary"`` (shows "masqué"), and then ``display`` says what to show.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from tremplin.stats.privacy import Cell, protect_breakdowns, published, suppress_table
from tremplin.stats.queries import DIMENSIONS, Grouped


def clean(value):
    """JSON-able number: Decimal → float (2 decimals), None stays None."""
    if isinstance(value, Decimal):
        return round(float(value), 2)
    if isinstance(value, float):
        return round(value, 2)
    return value


def _cell(measures: dict | None, people: str, zero: dict) -> Cell:
    measures = measures or zero
    value = {name: clean(v) for name, v in measures.items()}
    return Cell(people=int(measures.get(people) or 0), value=value)


def publish(
    grouped: Grouped,
    *,
    labels: dict[str, dict[str, str]],
    category_labels: dict[str, str] | None = None,
    people: str = "people",
    protect: bool = True,
) -> dict:
    """Published total, breakdowns by dimension, distribution and cross tables.

    ``labels`` maps each dimension to ``{key: label}`` (keys missing there are labelled by
    their code); ``category_labels`` lists every category in order (absent ones show 0).
    ``people`` names the measure that counts people (it decides the small-cell rule).
    """
    zero = {name: (0 if name == people else _zero_of(grouped, name)) for name in grouped.total}
    total = _cell(grouped.total, people, zero)
    by_cells = {}
    for dimension in DIMENSIONS:
        values = grouped.by.get(dimension, {})
        names = labels.get(dimension, {})
        keys = sorted(values, key=lambda k: (str(names.get(k, k or "~")).lower(), k))
        by_cells[dimension] = {k: _cell(values[k], people, zero) for k in keys}
    breakdowns = dict(by_cells)
    categories = None
    if category_labels is not None:
        keys = list(category_labels) + sorted(
            k for k in grouped.categories if k not in category_labels
        )
        categories = {k: _cell(grouped.categories.get(k), people, zero) for k in keys}
        breakdowns["__category__"] = categories
    if protect:
        protected = protect_breakdowns(breakdowns, total)
        flags = {d: protected["by"][d]["flags"] for d in breakdowns}
        total_flag = protected["total_flag"]
    else:
        flags = {d: dict.fromkeys(cells) for d, cells in breakdowns.items()}
        total_flag = None

    def label_of(dimension, key):
        names = labels.get(dimension, {})
        return str(names.get(key, key or _("Non renseigné")))

    result = {"total": published(total, total_flag), "by": {}}
    if categories is not None:
        result["categories"] = [
            {
                "key": k,
                "label": str(category_labels.get(k, k or _("Non renseigné"))),
                **published(c, flags["__category__"][k]),
            }
            for k, c in categories.items()
        ]
    for dimension, cells in by_cells.items():
        rows = []
        cross_flags = None
        if categories is not None:
            matrix = [
                [
                    int(
                        (grouped.cross.get(dimension, {}).get(row, {}).get(col) or {}).get(people)
                        or 0
                    )
                    for col in categories
                ]
                for row in cells
            ]
            if protect:
                cross_flags = suppress_table(
                    matrix,
                    [flags[dimension][row] for row in cells],
                    [flags["__category__"][col] for col in categories],
                    total_flag,
                )
        for i, (key, cell) in enumerate(cells.items()):
            row = {
                "key": key,
                "label": label_of(dimension, key),
                **published(cell, flags[dimension][key]),
            }
            if categories is not None:
                measured = grouped.cross.get(dimension, {}).get(key, {})
                row["categories"] = [
                    {
                        "key": col,
                        **published(
                            _cell(measured.get(col), people, zero),
                            cross_flags[i][j] if cross_flags else None,
                        ),
                    }
                    for j, col in enumerate(categories)
                ]
            rows.append(row)
        result["by"][dimension] = rows
    return result


def _zero_of(grouped: Grouped, name: str):
    """What an empty group shows for a measure: 0 for counts and sums, None for averages."""
    return None if name.startswith("mean_") else 0
