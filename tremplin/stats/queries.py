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
    sql, params = source if isinstance(source, tuple) else queryset_sql(source)
    columns = list(dimensions.values())
    sets = ["()"] + [f"({c})" for c in columns]
    if category:
        sets += [f"({category})"] + [f"({category}, {c})" for c in columns]
    select_groupings = [f"GROUPING({c})" for c in columns]
    select_columns = [*columns]
    if category:
        select_groupings.append(f"GROUPING({category})")
        select_columns.append(category)
    measure_names = list(measures)
    query = (
        f"SELECT {', '.join(select_groupings)}, {', '.join(select_columns)}, "
        f"{', '.join(f'{expr} AS {name}' for name, expr in measures.items())} "
        f"FROM ({sql}) AS facts GROUP BY GROUPING SETS ({', '.join(sets)})"
    )
    result = Grouped(total=dict.fromkeys(measure_names))
    dimension_names = list(dimensions)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    width = len(select_groupings)
    for row in rows:
        flags, values = row[:width], row[width : 2 * width]
        measured = dict(zip(measure_names, row[2 * width :], strict=True))
        grouped_dims = [i for i in range(len(columns)) if flags[i] == 0]
        has_category = bool(category) and flags[-1] == 0
        category_value = values[-1] if has_category else None
        if not grouped_dims and not has_category:
            result.total = measured
        elif not grouped_dims:
            result.categories[_key(category_value)] = measured
        else:
            index = grouped_dims[0]
            name, value = dimension_names[index], _key(values[index])
            if has_category:
                cross = result.cross.setdefault(name, {}).setdefault(value, {})
                cross[_key(category_value)] = measured
            else:
                result.by.setdefault(name, {})[value] = measured
    return result


def _key(value) -> str:
    return "" if value is None else str(value)
