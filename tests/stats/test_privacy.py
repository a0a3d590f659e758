"""Small-cell rule: no published breakdown lets anyone recover a hidden value."""

import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from tremplin.stats.privacy import (
    SECONDARY,
    SMALL,
    THRESHOLD,
    Cell,
    protect_breakdowns,
    suppress_line,
    suppress_table,
)


def possible_values(people, total, flags, total_flag, limit):
    """Every value each hidden entry can take given what is published (brute force)."""
    entries = [*zip(people, flags, strict=True), (total, total_flag)]
    ranges = []
    for value, flag in entries:
        if flag is None:
            ranges.append([value])
        elif flag == SMALL:
            # Zeros are published, so a hidden small cell is at least 1 — unless the whole
            # breakdown is small, where zeros are hidden too.
            ranges.append(range(0 if total_flag == SMALL else 1, THRESHOLD))
        else:
            ranges.append(range(THRESHOLD, limit + 1))
    seen = [set() for _ in entries]
    for combo in itertools.product(*ranges):
        if sum(combo[:-1]) == combo[-1]:
            for index, value in enumerate(combo):
                seen[index].add(value)
    return seen


def test_examples_written_by_hand():
    # One small cell: the next-smallest cell of the breakdown is hidden with it.
    assert suppress_line([3, 10, 12], 25) == ([SMALL, SECONDARY, None], None)
    # Two small cells of 1 sum to 2: each would be pinned to 1, so a third one is hidden.
    assert suppress_line([1, 1, 50], 52) == ([SMALL, SMALL, SECONDARY], None)
    # Two small cells whose sum leaves room: enough on their own.
    assert suppress_line([2, 2, 40], 44) == ([SMALL, SMALL, None], None)
    # Zero is published; nothing small, nothing hidden.
    assert suppress_line([0, 7, 40], 47) == ([None, None, None], None)
    # A small total is hidden, and so is its only cell.
    assert suppress_line([3, 0], 3) == ([SMALL, SMALL], SMALL)
    # Four people in four cells: everything hidden, "< 5" then tells nothing.
    assert suppress_line([1, 1, 1, 1], 4) == ([SMALL] * 4, SMALL)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=4))
def test_one_way_breakdown_never_reveals_a_hidden_value(people):
    total = sum(people)
    flags, total_flag = suppress_line(people, total)
    for value, flag in zip(people, flags, strict=True):
        if 0 < value < THRESHOLD:
            assert flag == SMALL
    if 0 < total < THRESHOLD:
        assert total_flag == SMALL
    seen = possible_values(people, total, flags, total_flag, limit=total + THRESHOLD)
    entries_flags = [*flags, total_flag]
    for index, flag in enumerate(entries_flags):
        if flag is not None:
            assert len(seen[index]) >= 2, (people, flags, total_flag, index)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=5),
    st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=5),
)
def test_breakdowns_of_one_total_hide_it_consistently(first, second):
    # Two breakdowns (e.g. by province and by sector) of the same total.
    total = sum(first)
    second = second[:-1] + [max(0, total - sum(second[:-1]))]
    if sum(second) != total:
        return
    result = protect_breakdowns(
        {
            "a": {i: Cell(v) for i, v in enumerate(first)},
            "b": {i: Cell(v) for i, v in enumerate(second)},
        },
        Cell(total),
    )
    for dimension, cells in (("a", first), ("b", second)):
        flags = [result["by"][dimension]["flags"][i] for i in range(len(cells))]
        seen = possible_values(cells, total, flags, result["total_flag"], limit=total + THRESHOLD)
        for index, flag in enumerate([*flags, result["total_flag"]]):
            if flag is not None:
                assert len(seen[index]) >= 2


def determined_entries(hidden, rows, cols):
    """Hidden entries of a table with margins that linear algebra recovers exactly.

    Unknowns: the hidden entries. Equations: each row sums to its margin, each column sums to
    its margin, margins sum to the grand total. An unknown is determined when its unit vector
    lies in the row space of the equations restricted to the unknowns.
    """
    unknowns = sorted(hidden)
    position = {entry: k for k, entry in enumerate(unknowns)}
    equations = []
    for i in range(rows + 1):  # row i (i == rows: the column-margin row)
        equation = [Fraction(0)] * len(unknowns)
        for j in range(cols + 1):
            if (i, j) in position:
                equation[position[(i, j)]] += 1 if j < cols else -1
        equations.append(equation)
    for j in range(cols + 1):
        equation = [Fraction(0)] * len(unknowns)
        for i in range(rows + 1):
            if (i, j) in position:
                equation[position[(i, j)]] += 1 if i < rows else -1
        equations.append(equation)
    base = _row_reduce(equations)
    determined = []
    for k, entry in enumerate(unknowns):
        unit = [Fraction(int(n == k)) for n in range(len(unknowns))]
        if _rank(base + [unit]) == _rank(base):
            determined.append(entry)
    return determined


def _row_reduce(matrix):
    rows = [list(r) for r in matrix if any(r)]
    reduced, col = [], 0
    width = len(rows[0]) if rows else 0
    while rows and col < width:
        pivot = next((r for r in rows if r[col] != 0), None)
        if pivot is None:
            col += 1
            continue
        rows.remove(pivot)
        pivot = [v / pivot[col] for v in pivot]
        rows = [[a - r[col] * b for a, b in zip(r, pivot, strict=True)] for r in rows]
        rows = [r for r in rows if any(r)]
        reduced.append(pivot)
        col += 1
    return reduced


def _rank(matrix):
    return len(_row_reduce(matrix))


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=2, max_value=4).flatmap(
        lambda rows: st.integers(min_value=2, max_value=4).flatmap(
            lambda cols: st.lists(
                st.lists(st.integers(min_value=0, max_value=14), min_size=cols, max_size=cols),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_two_way_table_never_reveals_a_hidden_value(people):
    rows, cols = len(people), len(people[0])
    row_totals = [sum(r) for r in people]
    col_totals = [sum(people[i][j] for i in range(rows)) for j in range(cols)]
    total = sum(row_totals)
    margins = protect_breakdowns(
        {
            "rows": {i: Cell(v) for i, v in enumerate(row_totals)},
            "cols": {j: Cell(v) for j, v in enumerate(col_totals)},
        },
        Cell(total),
    )
    row_flags = [margins["by"]["rows"]["flags"][i] for i in range(rows)]
    col_flags = [margins["by"]["cols"]["flags"][j] for j in range(cols)]
    flags = suppress_table(people, row_flags, col_flags, margins["total_flag"])
    hidden = set()
    for i in range(rows):
        for j in range(cols):
            if 0 < people[i][j] < THRESHOLD:
                assert flags[i][j] == SMALL
            if flags[i][j] is not None:
                hidden.add((i, j))
    hidden |= {(i, cols) for i in range(rows) if row_flags[i]}
    hidden |= {(rows, j) for j in range(cols) if col_flags[j]}
    if margins["total_flag"]:
        hidden.add((rows, cols))
    assert determined_entries(hidden, rows, cols) == []
