"""Small-cell suppression for published statistics (pure functions, no database).

Rules (decision record ``docs/decisions/0701-sector-statistics.md``):

1. **Primary suppression.** A cell that counts 1 to 4 people (``0 < people < THRESHOLD``) is
   not published: it shows ``"< 5"``. A cell of 0 people is published as 0, except in a
   breakdown whose total is itself below 5, where every cell shows ``"< 5"``.
2. **Complementary (secondary) suppression.** A suppressed cell must not be recoverable by
   subtraction from the published totals. In a one-way breakdown (cells + their total) the
   line must hold 0 or at least 2 hidden entries, and no hidden entry may be pinned to a
   single value by the bounds that ``"< 5"`` gives (1 to 4 people each). When it is not the
   case, the next-smallest published non-zero cell of the same breakdown is hidden too (it
   shows ``"masqué"``), and so on.
3. In a two-way table (e.g. gender × province) whose margins are the one-way breakdowns
   already published, an entry is recoverable exactly when it is a *bridge* of the graph
   whose nodes are the table's lines (rows, columns and the two total lines) and whose edges
   are the hidden entries. Each bridge is closed into a cycle by hiding the cheapest path of
   inner cells (fewest people first); margins are never hidden beyond what their own one-way
   breakdown hides, so the two publications stay consistent.

A cell carries ``people`` (the number of distinct people behind it, which decides) and
``value`` (what is published: the same count, hours, a sum of scores…). Hidden entries are
decided on people and apply to the value.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5

SMALL = "small"
SECONDARY = "secondary"
DISPLAY = {SMALL: "< 5", SECONDARY: "masqué"}


@dataclass(frozen=True)
class Cell:
    """One published figure: ``value`` counts or sums over ``people`` distinct people."""

    people: int
    value: float | int | None = None

    def __post_init__(self):
        if self.people < 0:
            raise ValueError("people must be >= 0")
        if self.value is None:
            object.__setattr__(self, "value", self.people)


def is_small(people: int) -> bool:
    return 0 < people < THRESHOLD


# --- one-way breakdowns -------------------------------------------------------------------


def _bounds(people: int, flag: str | None) -> tuple[int, float]:
    if flag is None:
        return people, people
    if flag == SMALL:
        return 1, THRESHOLD - 1
    return THRESHOLD, float("inf")


def pinned_entries(people: Sequence[int], total: int, flags: Sequence[str | None], total_flag):
    """Indices of hidden entries whose value follows from the published figures of the line.

    ``-1`` stands for the total. Uses the line equation (cells sum to the total) and the bounds
    each hidden entry shows (``< 5`` → 1..4, ``masqué`` → 5 or more).
    """
    # The line: sum(cells) - total = 0, i.e. sum(coef * x) = 0.
    entries = [(p, f, 1) for p, f in zip(people, flags, strict=True)] + [(total, total_flag, -1)]
    hidden = [i for i, (_, flag, _) in enumerate(entries) if flag is not None]
    known = sum(coef * p for p, flag, coef in entries if flag is None)
    pinned = []
    for index in hidden:
        # coef_i * x_i = -known - sum(coef_k * x_k for other hidden k)
        lo_rest = hi_rest = -known
        for other in hidden:
            if other == index:
                continue
            people_k, flag_k, coef_k = entries[other]
            o_lo, o_hi = _bounds(people_k, flag_k)
            if coef_k == 1:
                lo_rest, hi_rest = lo_rest - o_hi, hi_rest - o_lo
            else:
                lo_rest, hi_rest = lo_rest + o_lo, hi_rest + o_hi
        people_i, flag_i, coef_i = entries[index]
        lo_i, hi_i = _bounds(people_i, flag_i)
        if coef_i == -1:
            lo_rest, hi_rest = -hi_rest, -lo_rest
        if max(lo_i, lo_rest) == min(hi_i, hi_rest):
            pinned.append(-1 if index == len(entries) - 1 else index)
    return pinned


def suppress_line(
    people: Sequence[int], total: int, hide_total: bool = False
) -> tuple[list[str | None], str | None]:
    """Flags for the cells of a one-way breakdown and for its total.

    Returns ``(cell_flags, total_flag)``; a flag is ``None`` (published), ``SMALL`` or
    ``SECONDARY``. ``hide_total`` hides the total whatever its size (when another breakdown
    of the same total had to hide it).
    """
    if is_small(total):
        # Every cell is then below 5: hide them all, zeros included, so that "< 5" tells
        # nothing (otherwise four cells "< 5" over a total "< 5" would each be 1).
        return [SMALL] * len(people), SMALL
    flags: list[str | None] = [SMALL if is_small(p) else None for p in people]
    total_flag = SECONDARY if hide_total else None
    while True:
        hidden = sum(f is not None for f in flags) + (total_flag is not None)
        if hidden == 0:
            return flags, total_flag
        if hidden >= 2 and not pinned_entries(people, total, flags, total_flag):
            return flags, total_flag
        candidates = [(p, i) for i, p in enumerate(people) if flags[i] is None and p > 0]
        if candidates:
            _, index = min(candidates)
            flags[index] = SECONDARY
        elif total_flag is None:
            total_flag = SECONDARY
        else:
            # Only zeros left: hiding them cannot add uncertainty (the total is hidden too).
            return flags, total_flag


# --- two-way tables ---------------------------------------------------------------------


def _is_bridge(edges: set, edge) -> bool:
    """True when removing ``edge`` disconnects its two end nodes (no cycle through it)."""
    adjacency = defaultdict(list)
    for a, b in edges:
        if (a, b) != edge:
            adjacency[a].append(b)
            adjacency[b].append(a)
    start, goal = edge
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return False
        for nxt in adjacency[node]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return True


def _entry_edge(i, j, rows: int, cols: int):
    """Graph edge of entry (i, j); i == rows is the total row, j == cols the total column."""
    return (("r", i), ("c", j))


def bridges(hidden: set[tuple[int, int]], rows: int, cols: int) -> list[tuple[int, int]]:
    """Hidden entries of a (rows+1)×(cols+1) table with margins that can be recovered exactly."""
    edges = {_entry_edge(i, j, rows, cols) for i, j in hidden}
    return [(i, j) for i, j in sorted(hidden) if _is_bridge(edges, _entry_edge(i, j, rows, cols))]


def _cheapest_cycle_path(edge, hidden, people, rows, cols):
    """Inner cells to hide so that ``edge`` lies on a cycle (Dijkstra; hidden edges are free)."""
    (_, start_row), (_, start_col) = edge
    # Search from the row node to the column node without using the edge itself.
    start, goal = ("r", start_row), ("c", start_col)
    usable = {}
    for i in range(rows + 1):
        for j in range(cols + 1):
            if (i, j) == (start_row, start_col):
                continue
            if (i, j) in hidden:
                usable[(i, j)] = 0.0
            elif i < rows and j < cols:
                # Inner cells only; prefer few people, then few cells.
                usable[(i, j)] = people[i][j] + 1.0
    adjacency = defaultdict(list)
    for (i, j), cost in usable.items():
        adjacency[("r", i)].append((("c", j), cost, (i, j)))
        adjacency[("c", j)].append((("r", i), cost, (i, j)))
    best = {start: 0.0}
    previous = {}
    queue = [(0.0, 0, start)]
    counter = 0
    while queue:
        dist, _, node = heapq.heappop(queue)
        if node == goal:
            break
        if dist > best.get(node, float("inf")):
            continue
        for nxt, cost, cell in adjacency[node]:
            new = dist + cost
            if new < best.get(nxt, float("inf")):
                best[nxt] = new
                previous[nxt] = (node, cell)
                counter += 1
                heapq.heappush(queue, (new, counter, nxt))
    if goal not in previous:
        return None
    path, node = [], goal
    while node != start:
        node, cell = previous[node]
        path.append(cell)
    return [cell for cell in path if cell not in hidden]


def suppress_table(
    people: Sequence[Sequence[int]],
    row_flags: Sequence[str | None],
    col_flags: Sequence[str | None],
    total_flag: str | None = None,
) -> list[list[str | None]]:
    """Flags for the inner cells of a two-way table.

    ``people[i][j]`` counts the people of row i and column j. ``row_flags`` and ``col_flags``
    are the flags already given to the margins by their one-way breakdowns (``suppress_line``)
    and ``total_flag`` the grand total's; they are kept as they are.
    """
    rows = len(people)
    cols = len(people[0]) if rows else 0
    flags = [[SMALL if is_small(people[i][j]) else None for j in range(cols)] for i in range(rows)]
    if rows == 0 or cols == 0:
        return flags

    def hidden_set():
        hidden = {(i, j) for i in range(rows) for j in range(cols) if flags[i][j] is not None}
        hidden |= {(i, cols) for i in range(rows) if row_flags[i] is not None}
        hidden |= {(rows, j) for j in range(cols) if col_flags[j] is not None}
        if total_flag is not None:
            hidden.add((rows, cols))
        return hidden

    while True:
        hidden = hidden_set()
        recoverable = bridges(hidden, rows, cols)
        if not recoverable:
            return flags
        edge = _entry_edge(*recoverable[0], rows, cols)
        path = _cheapest_cycle_path(edge, hidden, people, rows, cols)
        if not path:
            # No way to protect it with inner cells: hide every non-zero inner cell.
            for i in range(rows):
                for j in range(cols):
                    if flags[i][j] is None and people[i][j] > 0:
                        flags[i][j] = SECONDARY
            return flags
        for i, j in path:
            flags[i][j] = SECONDARY


# --- publishing helpers -----------------------------------------------------------------


def published(cell: Cell, flag: str | None) -> dict:
    """A JSON-able published cell: the value, or ``None`` with what to display instead."""
    if flag is None:
        return {"value": cell.value, "people": cell.people, "suppressed": None}
    return {"value": None, "people": None, "suppressed": flag, "display": DISPLAY[flag]}


def protect_breakdowns(breakdowns: dict[str, dict], total: Cell) -> dict:
    """Suppress several one-way breakdowns of the same ``total`` consistently.

    ``breakdowns`` maps a dimension (``"province"``…) to ``{key: Cell}``. The total is hidden in
    all of them as soon as one breakdown needs to hide it. Returns ``{"total": published,
    "total_flag": flag, "by": {dimension: {"cells": {key: published}, "flags": {key: flag}}}}``;
    the flags are kept to protect two-way tables built on these breakdowns.
    """
    hide_total = False
    for _ in range(2):
        result, flags_seen = {}, set()
        for dimension, cells in breakdowns.items():
            keys = list(cells)
            flags, total_flag = suppress_line(
                [cells[k].people for k in keys], total.people, hide_total
            )
            flags_seen.add(total_flag)
            result[dimension] = {
                "cells": {k: published(cells[k], f) for k, f in zip(keys, flags, strict=True)},
                "flags": dict(zip(keys, flags, strict=True)),
            }
        if flags_seen <= {None} or hide_total:
            break
        hide_total = True
    total_flag = SMALL if is_small(total.people) else (SECONDARY if hide_total else None)
    return {"total": published(total, total_flag), "total_flag": total_flag, "by": result}
