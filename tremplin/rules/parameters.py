"""Dated parameters: ``parameter("allowance.hourly_rate", date(2023, 1, 1))``.

Each parameter has values keyed by effective date (OpenFisca style). The value in force on a
day is the one with the latest effective date on or before that day.
"""

import datetime
import functools
import itertools
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tremplin.rules.loader import raw_parameters


class Confidence(StrEnum):
    VERIFIED = "verified"
    TO_CONFIRM = "to_confirm"


@dataclass(frozen=True)
class ParameterValue:
    name: str
    effective_from: datetime.date
    value: object
    unit: str
    reference: str
    source: str
    confidence: Confidence
    note: str
    # Other readings of a value to confirm that the sources allow (see docs/rules.md).
    alternatives: tuple = ()

    def as_dict(self) -> dict:
        value = float(self.value) if isinstance(self.value, Decimal) else self.value
        return {
            "name": self.name,
            "effective_from": self.effective_from.isoformat(),
            "value": value,
            "unit": self.unit,
            "legal_reference": self.reference,
            "source": self.source,
            "confidence": str(self.confidence),
            "note": self.note,
        }


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    values: tuple[ParameterValue, ...]  # oldest first

    def at(self, on_date: datetime.date) -> ParameterValue | None:
        in_force = None
        for entry in self.values:
            if entry.effective_from <= on_date:
                in_force = entry
        return in_force

    def changes_between(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        """Effective dates strictly after ``start`` and strictly before ``end``."""
        return [e.effective_from for e in self.values if start < e.effective_from < end]

    def periods(self, start: datetime.date, end: datetime.date):
        """``(first, stop, value)`` stretches from ``start`` (included) to ``end`` (excluded),
        cut at each change: ``value`` is in force from ``first`` to the day before ``stop``
        (``None`` before the first known value). The one place a period is split at changes."""
        bounds = [start, *self.changes_between(start, end), end]
        return [(first, stop, self.at(first)) for first, stop in itertools.pairwise(bounds)]


class UnknownParameter(KeyError):
    pass


def _number(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    return Decimal(str(value))


def _build(name: str, definition: dict) -> Parameter:
    unit = definition.get("unit", "")
    values = []
    for effective_from, entry in sorted(definition["values"].items()):
        values.append(
            ParameterValue(
                name=name,
                effective_from=effective_from,
                value=_number(entry["value"]),
                unit=unit,
                reference=entry["reference"],
                source=entry.get("source", ""),
                confidence=Confidence(entry["confidence"]),
                note=entry.get("note", ""),
                alternatives=tuple(_number(v) for v in entry.get("alternatives", ())),
            )
        )
    return Parameter(name, definition.get("description", ""), unit, tuple(values))


@functools.cache
def all_parameters() -> dict[str, Parameter]:
    return {name: _build(name, d) for name, d in raw_parameters().items()}


def get_parameter(name: str) -> Parameter:
    try:
        return all_parameters()[name]
    except KeyError:
        raise UnknownParameter(name) from None


def parameter(name: str, on_date: datetime.date) -> ParameterValue | None:
    """The value in force on ``on_date`` with its reference and confidence (None before the
    first known value)."""
    return get_parameter(name).at(on_date)
