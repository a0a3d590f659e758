"""Server-rendered SVG bar charts (no JavaScript, same drawing in the page and in the PDF).

Each chart has a ``<title>`` and a ``<desc>``, ``role="img"`` and ``aria-labelledby``; the
page always puts the data table next to it, so the chart itself is a picture of the table.
Hidden cells ("< 5", "masqué") draw no bar and show their label instead of a number.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from tremplin.stats.formatting import fmt

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


def bar_chart(title: str, bars: list[Bar], *, unit: str = "", decimals: int = 0, width=640):
    """A horizontal bar chart as an inline SVG string (safe to put in a template)."""
    chart_id = f"chart-{next(_ids)}"
    row_height, label_width, value_width = 28, 250, 90
    height = max(1, len(bars)) * row_height + 12
    plot_width = width - label_width - value_width
    largest = (
        max([b.value or 0 for b in bars] + [b.previous or 0 for b in bars] + [0], default=0) or 1
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stats-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_description(bars, unit, decimals))}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = 6 + index * row_height
        label = bar.label if len(bar.label) <= 38 else bar.label[:36] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end" font-size="13" '
            f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
        )
        if bar.previous is not None:
            previous_width = plot_width * bar.previous / largest
            parts.append(
                f'<rect x="{label_width}" y="{y + 19}" width="{previous_width:.1f}" height="4" '
                f'fill="{PREVIOUS_COLOUR}"/>'
            )
        if bar.value is not None:
            bar_width = max(plot_width * bar.value / largest, 1 if bar.value else 0)
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="{bar_width:.1f}" height="16" '
                f'fill="{BAR_COLOUR}"/>'
            )
            text, text_x = fmt(bar.value, decimals), label_width + bar_width + 6
        else:
            text, text_x = bar.display, label_width + 6
        parts.append(
            f'<text x="{text_x:.1f}" y="{y + 16}" font-size="13" fill="{TEXT_COLOUR}">'
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
