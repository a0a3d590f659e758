"""One SQL query per indicator: totals, breakdowns and cross tables with GROUPING SETS.

``grouped(queryset, measures, category=...)`` wraps the SQL of a fact queryset and returns a
``Grouped``: the total, one breakdown per dimension, the distribution over ``category`` and the
two-way tables category × dimension, all from a single pass over the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

# Breakdown dimensions: the name used in the JSON → the column of the fact tables.
DIMENSIONS = {
    "province": "province_code",
    "ibefe": "ibefe_code",
    "objective": "objective",
    "method": "method",
    "sector": "sector",
}


@dataclass
class Grouped:
    """Measures (a dict per group) of one indicator."""

    total: dict
    by: dict[str, dict[str, dict]] = field(default_factory=dict)
    categories: dict[str, dict] = field(default_factory=dict)
    cross: dict[str, dict[str, dict[str, dict]]] = field(default_factory=dict)


def queryset_sql(queryset) -> tuple[str, tuple]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def grouped(
    source: tuple[str, tuple] | object,
    measures: dict[str, str],
    category: str | None = None,
    dimensions: dict[str, str] = DIMENSIONS,
) -> Grouped:
    """Run the measures (SQL aggregate expressions over the rows of ``source``) grouped by
    nothing, by each dimension, by ``category`` and by ``category`` × each dimension.

    ``source`` is a queryset or ``(sql, params)`` whose rows have the dimension columns (and
    ``category``).
    """
    categories = [category] if category else []
    return grouped_many(source, measures, categories, dimensions)[category]


def grouped_many(
    source: tuple[str, tuple] | object,
    measures: dict[str, str],
    categories: list[str],
    dimensions: dict[str, str] = DIMENSIONS,
) -> dict[str | None, Grouped]:
    """Like ``grouped`` for several category columns in one pass: ``{category: Grouped}``
    (``{None: Grouped}`` without categories). The total and the breakdowns are shared."""
    sql, params = source if isinstance(source, tuple) else queryset_sql(source)
    columns = list(dimensions.values())
    sets = ["()"] + [f"({c})" for c in columns]
    for category in categories:
        sets += [f"({category})"] + [f"({category}, {c})" for c in columns]
    all_columns = columns + categories
    measure_names = list(measures)
    query = (
        f"SELECT {', '.join(f'GROUPING({c})' for c in all_columns)}, {', '.join(all_columns)}, "
        f"{', '.join(f'{expr} AS {name}' for name, expr in measures.items())} "
        f"FROM ({sql}) AS facts GROUP BY GROUPING SETS ({', '.join(sets)})"
    )
    total = dict.fromkeys(measure_names)
    by: dict[str, dict[str, dict]] = {}
    results = {c: Grouped(total=total, by=by) for c in categories} or {
        None: Grouped(total=total, by=by)
    }
    dimension_names = list(dimensions)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    width = len(all_columns)
    for row in rows:
        flags, values = row[:width], row[width : 2 * width]
        measured = dict(zip(measure_names, row[2 * width :], strict=True))
        grouped_dims = [i for i in range(len(columns)) if flags[i] == 0]
        grouped_categories = [i for i in range(len(columns), width) if flags[i] == 0]
        if not grouped_dims and not grouped_categories:
            total.update(measured)
            continue
        if not grouped_categories:
            index = grouped_dims[0]
            by.setdefault(dimension_names[index], {})[_key(values[index])] = measured
            continue
        index = grouped_categories[0]
        result = results[all_columns[index]]
        category_value = _key(values[index])
        if not grouped_dims:
            result.categories[category_value] = measured
        else:
            dim = grouped_dims[0]
            cross = result.cross.setdefault(dimension_names[dim], {})
            cross.setdefault(_key(values[dim]), {})[category_value] = measured
    return results


def _key(value) -> str:
    return "" if value is None else str(value)
