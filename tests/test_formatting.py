"""One formatting helper (tremplin/formatting.py) for pages, PDFs and spreadsheets: numbers and
dates in Belgian French, in English on English pages."""

import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from tremplin import formatting

NNBSP = "\u202f"


def test_money_groups_thousands_with_a_narrow_no_break_space():
    with translation.override("fr"):
        assert formatting.money(Decimal("1000")) == f"1{NNBSP}000,00\xa0€"
        assert formatting.money(2) == "2,00\xa0€"
        assert formatting.money(Decimal("1234567.891")) == f"1{NNBSP}234{NNBSP}567,89\xa0€"
        assert formatting.money(None) == ""
    with translation.override("en"):
        assert formatting.money(Decimal("1000")) == "1,000.00\xa0€"


def test_numbers_hours_and_percentages():
    with translation.override("fr"):
        assert formatting.number(14345) == f"14{NNBSP}345"
        assert formatting.number(6.54, 1) == "6,5"
        assert formatting.hours(Decimal("7.50")) == "7,5"
        assert formatting.hours(Decimal("8.00")) == "8"
        assert formatting.hours(Decimal("1234.25")) == f"1{NNBSP}234,25"
        assert formatting.percent(0.119) == f"11,9{NNBSP}%"
        assert formatting.percent(-0.05, signed=True) == f"−5,0{NNBSP}%"


def test_months_in_lower_case_and_elided():
    october, may = dt.date(2026, 10, 5), dt.date(2026, 5, 1)
    with translation.override("fr"):
        assert formatting.day(october) == "5 octobre 2026"
        assert formatting.month(october) == "octobre 2026"
        assert formatting.of_month(october) == "d'octobre 2026"
        assert formatting.of_month(dt.date(2026, 8, 1)) == "d'août 2026"
        assert formatting.of_month(dt.date(2026, 4, 1)) == "d'avril 2026"
        assert formatting.of_month(may) == "de mai 2026"
        assert formatting.short_day(may) == "01/05/2026"
    with translation.override("en"):
        assert formatting.of_month(october) == "of October 2026"


def test_template_filters_use_the_same_helper():
    template = Template("{% load formatting %}{{ a|money }} | {{ h|hours }} | {{ d|of_month }}")
    with translation.override("fr"):
        text = template.render(
            Context({"a": Decimal("1000"), "h": Decimal("6.50"), "d": dt.date(2026, 10, 1)})
        )
    assert text == f"1{NNBSP}000,00\xa0€ | 6,5 | d'octobre 2026"


def test_no_other_formatting_module():
    """The stats' own formatting module was folded into tremplin.formatting."""
    import importlib.util

    assert importlib.util.find_spec("tremplin.stats.formatting") is None
