"""Numbers, money and dates as a reader in Belgium reads them: the one formatting helper of the
pages, the PDFs and the spreadsheets.

In French (fr-BE): ``1 000,00 €`` (a narrow no-break space U+202F groups the thousands, a
no-break space before the unit), ``7,5`` hours, ``11,9 %``, ``5 octobre 2026``, ``octobre 2026``,
« Heures d'octobre 2026 » / « Heures de mai 2026 » (``of_month``), months and weekdays in lower
case. In English the same values read ``1,000.00 €``, ``October 2026``, ``of October 2026``.

Dates: a date in a sentence or a heading is a ``day`` (``5 octobre 2026``), or a ``weekday``
(``lundi 5 octobre 2026``) for information sessions and appointments; a date in a table cell, a
list or a form choice is a ``short_day`` (``05/10/2026``; ``weekday_short_day``, ``lundi
05/10/2026``, where the weekday matters); with its time, ``moment``,
``weekday_moment``, ``short_moment``; a time alone, ``time`` (``14:30``); a day of every year,
``day_of_year`` (``30 juin``). French writes the first of a month ``1er``. Machine formats (ISO
dates in URLs and inputs, file names, exchange files) are not display formats and stay where
they are.

Templates: ``{% load formatting %}`` then ``|money``, ``|number:2``, ``|hours``, ``|percent``,
``|day``, ``|weekday``, ``|short_day``, ``|weekday_short_day``, ``|moment``, ``|weekday_moment``,
``|short_moment``, ``|time``, ``|month``, ``|of_month``. Spreadsheets keep numbers as numbers (so
they add up) with the cell formats of ``XLSX_FORMATS`` (``tremplin.spreadsheets`` writes every
cell); text written into a sheet or a PDF goes through the same functions as the pages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import formats, translation
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext

NARROW_NBSP = "\u202f"
NBSP = "\xa0"

# Cell formats of every spreadsheet (``tremplin.spreadsheets`` writes them). A format code is
# written with « , » for the thousands and « . » for the decimals whatever the language: the
# spreadsheet program shows them with the reader's separators (« 1 234,50 € » in Belgium).
XLSX_FORMATS = {
    "money": '#,##0.00 "€"',
    "hours": "#,##0.00",
    "number": "#,##0",
    "decimal": "#,##0.0",
    "score": "0.00",
    "percent": "0.0%",
    "change": "+0.0%;-0.0%;0.0%",
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}


def is_formula_text(value) -> bool:
    """Text a spreadsheet library would write as a formula (a name typed « =Dupont »): every
    spreadsheet of the platform writes it as text instead."""
    return isinstance(value, str) and value.startswith("=")


# French month names that start with a vowel take « d' » (d'avril, d'août, d'octobre).
_VOWELS = tuple("aeiouyàâéèêh")


def _french() -> bool:
    return (translation.get_language() or settings.LANGUAGE_CODE).startswith("fr")


def number(value, decimals: int = 0, *, trim: bool = False) -> str:
    """``1000`` → ``"1 000"``; ``number(6.5, 1)`` → ``"6,5"``; with ``trim``, trailing zeros
    go (``number(Decimal("8.00"), 2, trim=True)`` → ``"8"``). ``None`` gives ``""``."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value))
    value = round(value, decimals)
    text = formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if _french():
        text = text.replace(NBSP, NARROW_NBSP).replace(" ", NARROW_NBSP).replace(".", NARROW_NBSP)
    if trim and decimals:
        separator = "," if _french() else "."
        if separator in text:
            text = text.rstrip("0").rstrip(separator)
    return text


def money(value) -> str:
    """``Decimal("1000")`` → ``"1 000,00 €"``."""
    if value is None or value == "":
        return ""
    return f"{number(value, 2)}{NBSP}€"


def hours(value) -> str:
    """``Decimal("7.50")`` → ``"7,5"``; ``Decimal("8.00")`` → ``"8"``; ``1234.5`` → ``"1 234,5"``
    (hours of a register, a statement, a report)."""
    return number(value, 2, trim=True)


def percent(share, decimals: int = 1, signed: bool = False) -> str:
    """A share: ``0.119`` → ``"11,9 %"`` (``"+11,9 %"`` when ``signed``)."""
    if share is None:
        return ""
    share = Decimal(str(share))
    text = number(abs(share) * 100 if signed else share * 100, decimals)
    sign = ("+" if share >= 0 else "−") if signed else ""
    space = NARROW_NBSP if _french() else ""
    return f"{sign}{text}{space}%"


def _local(value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value)
    return value


# The names of months and weekdays are Django's (the ones its "F" and "l" date formats show),
# put together here: the date helpers run for every date of every list, and Django's
# general-purpose date formatter cost several times this (docs/decisions/0316).
def _month_name(value) -> str:
    return str(MONTHS[value.month])


def _french_day(value) -> str:
    """``5 octobre 2026``, ``1er octobre 2026`` (French writes the first day as an ordinal)."""
    number = "1er" if value.day == 1 else value.day
    return f"{number} {_month_name(value)} {value.year}"


def _english_day(value) -> str:
    return f"{_month_name(value)} {value.day}, {value.year}"


def day(value) -> str:
    """``5 octobre 2026``, ``1er octobre 2026`` (``October 5, 2026`` in English)."""
    if value in (None, ""):
        return ""
    value = _local(value)
    return _french_day(value) if _french() else _english_day(value)


def day_of_year(month: int, day_number: int) -> str:
    """A day of every year, without a year: ``30 juin``, ``1er juillet`` (``June 30``)."""
    value = dt.date(2000, month, day_number)  # a leap year: 29 February exists
    if _french():
        return _french_day(value).removesuffix(" 2000")
    return _english_day(value).removesuffix(", 2000")


def short_day(value) -> str:
    """``05/10/2026`` (every language: the Belgian way of writing a date)."""
    if value in (None, ""):
        return ""
    value = _local(value)
    return f"{value.day:02}/{value.month:02}/{value.year}"


def time(value) -> str:
    """``14:30`` (24-hour clock)."""
    if value in (None, ""):
        return ""
    value = _local(value)
    return f"{value.hour:02}:{value.minute:02}"


def weekday(value) -> str:
    """``lundi 5 octobre 2026`` (``Monday, October 5, 2026`` in English): the day of an
    information session, an appointment."""
    if value in (None, ""):
        return ""
    value = _local(value)
    name = str(WEEKDAYS[value.weekday()])
    if _french():
        return f"{name} {_french_day(value)}"
    return f"{name}, {_english_day(value)}"


def weekday_short_day(value) -> str:
    """``lundi 05/10/2026`` (``Monday 05/10/2026`` in English): a day in a table cell where the
    weekday matters (the days of a monthly statement)."""
    if value in (None, ""):
        return ""
    value = _local(value)
    return f"{WEEKDAYS[value.weekday()]} {short_day(value)}"


def _at(day_text: str, value) -> str:
    # Translators: a day and a time, "5 octobre 2026 à 14:30".
    return gettext("%(day)s à %(time)s") % {"day": day_text, "time": time(value)}


def moment(value) -> str:
    """``5 octobre 2026 à 14:30`` (``October 5, 2026 at 14:30`` in English)."""
    if value in (None, ""):
        return ""
    return _at(day(value), value)


def weekday_moment(value) -> str:
    """``lundi 5 octobre 2026 à 14:30`` (``Monday, October 5, 2026 at 14:30`` in English)."""
    if value in (None, ""):
        return ""
    return _at(weekday(value), value)


def short_moment(value) -> str:
    """``05/10/2026 14:30`` (every language: a table cell, a list, a form choice)."""
    if value in (None, ""):
        return ""
    return f"{short_day(value)} {time(value)}"


def month(value) -> str:
    """``octobre 2026`` (lower case, as French writes months)."""
    if value in (None, ""):
        return ""
    value = _local(value)
    return f"{_month_name(value)} {value.year}"


# Place names elide before a vowel (d'Eupen, d'Ottignies), not before an h (de Huy, de Herve).
_PLACE_VOWELS = tuple("aeiouyàâéèêîôœ")


def of_place(name: str) -> str:
    """``de Namur``, ``d'Eupen`` (``of Eupen`` in English): « à moins de 25 km d'Eupen »."""
    if not _french():
        return f"of {name}"
    return f"d'{name}" if name[:1].lower().startswith(_PLACE_VOWELS) else f"de {name}"


def of_month(value) -> str:
    """``d'octobre 2026``, ``de mai 2026`` (``of October 2026`` in English): for « Heures … »,
    « Relevé … »."""
    if value in (None, ""):
        return ""
    text = month(value)
    if not _french():
        return f"of {text}"
    return f"d'{text}" if text.lower().startswith(_VOWELS) else f"de {text}"
