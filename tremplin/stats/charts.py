"""Server-rendered SVG bar charts (no JavaScript, same drawing in the page and in the PDF).

Each chart has a ``<title>`` and a ``<desc>``, ``role="img"`` and ``aria-labelledby``; the
page always puts the data table next to it, so the chart itself is a picture of the table.
Hidden cells ("< 5", "masqué") draw no bar and show their label instead of a number.
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from tremplin.formatting import number as fmt

BAR_COLOUR = "#0b5a7a"  # contrast 7.4:1 on white
PREVIOUS_COLOUR = "#7a8793"
TEXT_COLOUR = "#1f2933"
_ids = itertools.count(1)


@dataclass
class Bar:
    label: str
    value: float | None
    display: str = ""
    previous: float | None = None


LABEL_CHARACTERS = 34  # per line of a label at 13 px in the 250 px label column
LINE_HEIGHT = 15


def label_lines(label: str, width: int = LABEL_CHARACTERS) -> list[str]:
    """A label on as many lines as it needs, cut between words: never shortened."""
    return textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False) or [""]


def _svg_head(chart_id, width, height, title, description) -> list[str]:
    """The opening of a chart: its size, and its title and description for screen readers."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stats-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _row_label(lines, y, label_width) -> str:
    """A row's label, right-aligned before the bar, its lines centred on the row."""
    first_line = y + 18 - (len(lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(
        f'<tspan x="{label_width - 8}" y="{first_line + n * LINE_HEIGHT:.1f}">'
        f"{escape(line)}</tspan>"
        for n, line in enumerate(lines)
    )
    return f'<text text-anchor="end" font-size="13" fill="{TEXT_COLOUR}">{spans}</text>'


def bar_chart(title: str, bars: list[Bar], *, unit: str = "", decimals: int = 0, width=640):
    """A horizontal bar chart as an inline SVG string (safe to put in a template). A long
    label wraps onto several lines (the row grows): it is never cut."""
    chart_id = f"chart-{next(_ids)}"
    label_width, value_width = 250, 90
    wrapped = [label_lines(bar.label) for bar in bars]
    line_count = max((len(lines) for lines in wrapped), default=1)
    row_height = 28 + (line_count - 1) * LINE_HEIGHT
    height = max(1, len(bars)) * row_height + 12
    plot_width = width - label_width - value_width
    largest = (
        max([b.value or 0 for b in bars] + [b.previous or 0 for b in bars] + [0], default=0) or 1
    )
    parts = _svg_head(chart_id, width, height, title, _description(bars, unit, decimals))
    for index, bar in enumerate(bars):
        # The bar and its value in the middle of the row, the label's lines around them.
        y = 6 + index * row_height + (row_height - 28) / 2
        parts.append(_row_label(wrapped[index], y, label_width))
        if bar.previous is not None:
            previous_width = plot_width * bar.previous / largest
            parts.append(
                f'<rect x="{label_width}" y="{y + 19:.1f}" width="{previous_width:.1f}" height="4" '
                f'fill="{PREVIOUS_COLOUR}"/>'
            )
        if bar.value is not None:
            bar_width = max(plot_width * bar.value / largest, 1 if bar.value else 0)
            parts.append(
                f'<rect x="{label_width}" y="{y + 3:.1f}" width="{bar_width:.1f}" height="16" '
                f'fill="{BAR_COLOUR}"/>'
            )
            text, text_x = fmt(bar.value, decimals), label_width + bar_width + 6
        else:
            text, text_x = bar.display, label_width + 6
        parts.append(
            f'<text x="{text_x:.1f}" y="{y + 16:.1f}" font-size="13" fill="{TEXT_COLOUR}">'
            f"{escape(text)}{escape(unit) if bar.value is not None and unit else ''}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def _description(bars: list[Bar], unit: str, decimals: int) -> str:
    items = [
        pgettext("chart description", "%(label)s : %(value)s")
        % {
            "label": bar.label,
            "value": fmt(bar.value, decimals) + unit if bar.value is not None else bar.display,
        }
        for bar in bars
    ]
    return pgettext("chart description", " ; ").join(items)


# Twelve colours told apart by people with the common colour-vision deficiencies (Okabe-Ito
# and Tol's "muted"), each with a white separator between segments; the table beside the
# chart holds the same figures.
SERIES_COLOURS = (
    "#0b5a7a", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
    "#882255", "#999933", "#332288", "#44aa99", "#aa4499", "#6b6b6b",
)  # fmt: skip


@dataclass
class StackedRow:
    label: str
    values: list[float | None]  # one per series; None: a hidden cell, drawn as nothing
    total_display: str = ""
    displays: list[str] | None = None  # what the table shows for each value ("< 5"…)


def stacked_chart(title: str, series: list[str], rows: list[StackedRow], *, width=640):
    """Horizontal stacked bars: one bar per row of the chosen breakdown, one segment per
    series (category), with a legend. A hidden cell ("< 5") draws no segment: the table says
    it."""
    chart_id = f"chart-{next(_ids)}"
    label_width, total_width = 250, 60
    plot_width = width - label_width - total_width
    wrapped = [label_lines(row.label) for row in rows]
    line_count = max((len(lines) for lines in wrapped), default=1)
    row_height = 28 + (line_count - 1) * LINE_HEIGHT
    legend_lines = [label_lines(name, 70) for name in series]
    legend_top = max(1, len(rows)) * row_height + 16
    legend_height = sum(len(lines) * LINE_HEIGHT + 6 for lines in legend_lines)
    height = legend_top + legend_height + 6
    largest = max((sum(v or 0 for v in row.values) for row in rows), default=0) or 1
    parts = _svg_head(chart_id, width, height, title, _stacked_description(series, rows))
    for index, row in enumerate(rows):
        y = 6 + index * row_height + (row_height - 28) / 2
        parts.append(_row_label(wrapped[index], y, label_width))
        x = float(label_width)
        for position, value in enumerate(row.values):
            if not value:
                continue
            segment = plot_width * value / largest
            colour = SERIES_COLOURS[position % len(SERIES_COLOURS)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3:.1f}" width="{segment:.1f}" height="16" '
                f'fill="{colour}" stroke="#fff" stroke-width="1"/>'
            )
            x += segment
        total = row.total_display or fmt(sum(v or 0 for v in row.values))
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + 16:.1f}" font-size="13" fill="{TEXT_COLOUR}">'
            f"{escape(total)}</text>"
        )
    y = legend_top
    for position, lines in enumerate(legend_lines):
        colour = SERIES_COLOURS[position % len(SERIES_COLOURS)]
        parts.append(f'<rect x="8" y="{y + 2}" width="12" height="12" fill="{colour}"/>')
        spans = "".join(
            f'<tspan x="26" y="{y + 12 + n * LINE_HEIGHT}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(f'<text font-size="12" fill="{TEXT_COLOUR}">{spans}</text>')
        y += len(lines) * LINE_HEIGHT + 6
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def _stacked_description(series: list[str], rows: list[StackedRow]) -> str:
    items = []
    for row in rows:
        values = ", ".join(
            pgettext("chart description", "%(label)s : %(value)s") % {"label": name, "value": shown}
            for name, shown in zip(series, _displays(row), strict=True)
        )
        items.append(f"{row.label} — {values}")
    return pgettext("chart description", " ; ").join(items)


def _displays(row: StackedRow) -> list[str]:
    if row.displays is not None:
        return row.displays
    return [fmt(value) if value is not None else "—" for value in row.values]
