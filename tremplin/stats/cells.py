"""What the statistics pages and documents are made of: a published cell's text (the number,
or "< 5" / "masqué" where the small-cell rule hid it), tables, sections and key figures."""

from dataclasses import dataclass, field

from django.utils.translation import pgettext_lazy

from tremplin.formatting import number as fmt
from tremplin.formatting import percent
from tremplin.stats.privacy import SECONDARY, SMALL

# What a hidden cell shows, in the reader's language (the report dict keeps the French text).
HIDDEN_TEXT = {SMALL: "< 5", SECONDARY: pgettext_lazy("hidden statistics cell", "masqué")}


def hidden_text(cell: dict) -> str:
    flag = cell.get("suppressed")
    return str(HIDDEN_TEXT[flag]) if flag in HIDDEN_TEXT else cell.get("display", "")


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    total: list[str] | None = None


@dataclass
class Section:
    id: str
    title: str
    chart: str
    table: Table
    intro: str = ""
    extra_tables: list[Table] = field(default_factory=list)


@dataclass
class KeyFigure:
    """A key figure as the pages show it (``value`` and ``change`` are text: « 1 234 »,
    « +11,9 % », or « < 5 » where hidden) and as the spreadsheets write it: ``amount`` (the
    number, ``None`` where hidden), ``kind`` (its cell format: ``number``, ``hours``,
    ``percent``) and ``change_ratio`` (``0.119`` for +11,9 %)."""

    label: str
    value: str
    change: str = ""
    note: str = ""  # what the figure rests on (numerator, denominator, response rate)
    amount: int | float | None = None
    kind: str = "number"
    change_ratio: float | None = None


def shown(cell: dict, measure: str, decimals: int = 0, as_percent: bool = False) -> str:
    """The text of a published cell: the number (``decimals`` at most: 39,75 but 40), or
    "< 5" / "masqué"."""
    if cell.get("value") is None:
        return hidden_text(cell)
    value = cell["value"].get(measure)
    if value is None:
        return "—"
    return percent(value) if as_percent else fmt(value, decimals, trim=True)


def number(cell: dict, measure: str):
    return None if cell.get("value") is None else cell["value"].get(measure)
