"""Plain-French descriptions of the rules and parameter values, for "Comment nous calculons"."""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin import formatting
from tremplin.rules.conditions import leaf_operator, resolve
from tremplin.rules.texts import CERTIFICATE_LABELS, FACT_LABELS, PARAMETER_LABELS


def format_value(value, unit: str) -> str:
    if value is None:
        return _("inconnu")
    if unit == "certificate":
        return str(CERTIFICATE_LABELS.get(value, value))
    if unit == "school_year_end":
        return school_year_end_label(value)
    if unit == "boolean":
        return _("oui") if value else _("non")
    if unit == "share":
        return formatting.percent(Decimal(value), 0)
    if unit == "EUR":
        return formatting.money(value)
    if unit == "percent":
        return _percent(value)
    number = formatting.number(value)
    suffix = {
        "months": " " + _("mois"),
        "years": " " + _("ans"),
        "hours": " " + _("heures"),
    }.get(unit, "")
    return f"{number}{suffix}"


def _percent(value) -> str:
    """``30`` (a number of percent) → ``30 %`` in the site's format (``30%`` in English)."""
    return formatting.percent(Decimal(str(value)) / 100, 0)


def school_year_end_label(value: str) -> str:
    if value == "first_friday_of_july":
        return _("le premier vendredi de juillet")
    if value == "birthday":
        return _("pas de fin d'année scolaire : seulement l'anniversaire")
    month, day = (int(part) for part in value.split("-"))
    return formatting.day_of_year(month, day)


def describe(condition: dict, on_date: datetime.date) -> dict:
    """``{"text": ..., "children": [...]}`` for one condition tree."""
    if "all" in condition:
        return {
            "text": _("Toutes ces conditions :"),
            "children": [describe(c, on_date) for c in condition["all"]],
        }
    if "any" in condition:
        return {
            "text": _("Au moins une de ces conditions :"),
            "children": [describe(c, on_date) for c in condition["any"]],
        }
    label = str(FACT_LABELS[condition["fact"]])
    operator = leaf_operator(condition)
    operand = condition[operator]
    value = resolve(operand, on_date)
    if operator == "is" and value is True:
        text = label[:1].upper() + label[1:]
    elif operator == "gte":
        if condition["fact"] == "incapacity_percent":
            value = _percent(value)
        text = _("%(label)s : au moins %(value)s") % {"label": label, "value": value}
    elif operator == "at_most":
        text = _("%(label)s : au plus %(value)s") % {
            "label": label,
            "value": CERTIFICATE_LABELS.get(value, value),
        }
    else:
        text = f"{label} : {value}"
    text = text[:1].upper() + text[1:]
    parameter = None
    if isinstance(operand, dict):  # a dated parameter: the page links to its row and sources
        name = operand["parameter"]
        parameter = {"name": name, "label": str(PARAMETER_LABELS.get(name, name))}
    return {"text": text, "children": [], "parameter": parameter}


# The unit after the number of some facts of a ``Situation`` (the others are plain numbers).
_FACT_UNITS = {
    "months_registered_last_24": gettext_lazy("mois"),
    "planned_hours_per_week": gettext_lazy("heures"),
    "commute_km": "km",
}


def _answer(name: str, value) -> str:
    if isinstance(value, bool):
        return format_value(value, "boolean")
    if name == "highest_certificate":
        return format_value(value, "certificate")
    if name in ("on_date", "birth_date"):
        return formatting.day(datetime.date.fromisoformat(value))
    if name == "incapacity_percent":
        return _percent(value)
    try:
        number = formatting.number(value, 2, trim=True)
    except InvalidOperation:  # not a number: said as it was kept
        return str(value)
    unit = _FACT_UNITS.get(name)
    return f"{number} {unit}" if unit else number


def situation_in_words(situation: dict) -> list[str]:
    """The facts kept with an eligibility check (a ``Situation`` as JSON) as a person reads
    them: one « question : answer » per fact known, in the order of the questions."""
    return [
        f"{capfirst(label)} : {_answer(name, situation[name])}"
        for name, label in FACT_LABELS.items()
        if situation.get(name) is not None
    ]
