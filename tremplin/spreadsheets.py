"""The cells of every spreadsheet Tremplin writes (openpyxl): numbers stay numbers, with the
format of ``formatting.XLSX_FORMATS`` for what they measure; text stays text.

A builder wraps a number with what it is — ``money(12.5)``, ``hours(7.5)``, ``count(3)``,
``share(0.119)``, ``change(-0.04)``, ``decimal(12.4)``, ``score(4.25)`` — and writes each value
through ``cell(sheet, value)``: the number gets its cell format, so the reader can add it up
and chart it, and sees it the Belgian way (« 1 234,50 € », « 7,50 », « 11,9 % ») in their
spreadsheet program. Dates get « 05/10/2026 », text that starts with « = » stays text (never a
formula), and anything else is written as it is (write-only mode keeps its fast path).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from tremplin.formatting import XLSX_FORMATS, is_formula_text

BOLD = Font(bold=True)  # one style object for every bold cell


@dataclass(frozen=True)
class Figure:
    """A number and what it measures (a key of ``XLSX_FORMATS``)."""

    value: int | float | Decimal | None
    kind: str

    def __post_init__(self):
        if self.kind not in XLSX_FORMATS:
            raise ValueError(f"format de cellule inconnu : {self.kind}")


def money(value) -> Figure:
    return Figure(value, "money")


def hours(value) -> Figure:
    return Figure(value, "hours")


def count(value) -> Figure:
    return Figure(value, "number")


def decimal(value) -> Figure:
    return Figure(value, "decimal")


def score(value) -> Figure:
    return Figure(value, "score")


def share(value) -> Figure:
    """A share: ``0.119`` shows « 11,9 % »."""
    return Figure(value, "percent")


def change(value) -> Figure:
    """A relative change: ``0.119`` shows « +11,9 % »."""
    return Figure(value, "change")


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def cell(sheet, value, *, bold: bool = False):
    """What to ``sheet.append`` for ``value`` (a write-only sheet or a normal one)."""
    if isinstance(value, Figure):
        if value.value is None:
            return None
        written = WriteOnlyCell(sheet, value=_number(value.value))
        written.number_format = XLSX_FORMATS[value.kind]
    elif isinstance(value, str) and (bold or is_formula_text(value)):
        written = WriteOnlyCell(sheet, value=value)
        written.data_type = "s"  # a name typed « =… » stays text, never a formula
    elif isinstance(value, datetime.datetime):
        written = WriteOnlyCell(sheet, value=value)
        written.number_format = XLSX_FORMATS["datetime"]
    elif isinstance(value, datetime.date):
        written = WriteOnlyCell(sheet, value=value)
        written.number_format = XLSX_FORMATS["date"]
    elif bold:
        written = WriteOnlyCell(sheet, value=_number(value))
    else:
        return _number(value)
    if bold:
        written.font = BOLD
    return written


def row(sheet, values, *, bold: bool = False) -> list:
    return [cell(sheet, value, bold=bold) for value in values]
