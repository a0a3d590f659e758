"""One formatting helper (tremplin/formatting.py) for pages, PDFs and spreadsheets: numbers and
dates in Belgian French, in English on English pages."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

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


def test_place_names_elided_before_a_vowel_not_before_an_h():
    """« à moins de 25 km d'Eupen » (it read « de Eupen »), « de Huy » (h aspiré)."""
    with translation.override("fr"):
        assert formatting.of_place("Eupen") == "d'Eupen"
        assert formatting.of_place("Écaussinnes") == "d'Écaussinnes"
        assert formatting.of_place("Ottignies-Louvain-la-Neuve") == "d'Ottignies-Louvain-la-Neuve"
        assert formatting.of_place("Huy") == "de Huy"
        assert formatting.of_place("5000 Namur") == "de 5000 Namur"
    with translation.override("en"):
        assert formatting.of_place("Eupen") == "of Eupen"


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


def test_the_first_of_the_month_is_written_1er_in_french():
    first = dt.date(2026, 1, 1)
    with translation.override("fr"):
        assert formatting.day(first) == "1er janvier 2026"
        assert formatting.weekday(first) == "jeudi 1er janvier 2026"
        assert formatting.moment(dt.datetime(2026, 4, 1, 9, 0)) == "1er avril 2026 à 09:00"
        assert formatting.day(dt.date(2026, 1, 11)) == "11 janvier 2026"
        assert formatting.day_of_year(7, 1) == "1er juillet"
        assert formatting.day_of_year(6, 30) == "30 juin"
    with translation.override("en"):
        assert formatting.day(first) == "January 1, 2026"
        assert formatting.day_of_year(6, 30) == "June 30"


def test_day_and_time_helpers_in_both_languages():
    from django.utils import timezone

    # 12:30 UTC is 14:30 in Brussels in October (summer time): aware values are shown locally.
    at = dt.datetime(2026, 10, 5, 12, 30, tzinfo=dt.UTC)
    local = timezone.make_naive(at)
    assert local.hour == 14
    with translation.override("fr"):
        assert formatting.day(at) == "5 octobre 2026"
        assert formatting.weekday(at) == "lundi 5 octobre 2026"
        assert formatting.weekday(dt.date(2026, 10, 5)) == "lundi 5 octobre 2026"
        assert formatting.moment(at) == "5 octobre 2026 à 14:30"
        assert formatting.weekday_moment(at) == "lundi 5 octobre 2026 à 14:30"
        assert formatting.short_moment(at) == "05/10/2026 14:30"
        assert formatting.short_day(dt.date(2026, 10, 5)) == "05/10/2026"
        assert formatting.weekday_short_day(dt.date(2026, 10, 5)) == "lundi 05/10/2026"
        assert formatting.time(at) == "14:30"
        assert formatting.time(dt.time(9, 5)) == "09:05"
    with translation.override("en"):
        assert formatting.day(at) == "October 5, 2026"
        assert formatting.weekday(at) == "Monday, October 5, 2026"
        assert formatting.moment(at) == "October 5, 2026 at 14:30"
        assert formatting.weekday_moment(at) == "Monday, October 5, 2026 at 14:30"
        assert formatting.short_moment(at) == "05/10/2026 14:30"
        assert formatting.short_day(at) == "05/10/2026"
        assert formatting.weekday_short_day(at) == "Monday 05/10/2026"
    for helper in (
        formatting.day,
        formatting.short_day,
        formatting.month,
        formatting.weekday,
        formatting.weekday_short_day,
        formatting.moment,
        formatting.weekday_moment,
        formatting.short_moment,
        formatting.time,
    ):
        # Nothing shows nothing, as Django's |date did (a template variable that is missing).
        assert helper(None) == "" and helper("") == ""


def test_date_filters_use_the_same_helper():
    at = dt.datetime(2026, 10, 5, 12, 30, tzinfo=dt.UTC)
    template = Template(
        "{% load formatting %}{{ d|day }} | {{ d|weekday }} | {{ d|short_day }} | "
        "{{ d|moment }} | {{ d|weekday_moment }} | {{ d|short_moment }} | {{ d|time }} | "
        "{{ d|month }} | {{ none|short_day|default:'—' }}"
    )
    with translation.override("fr"):
        text = template.render(Context({"d": at, "none": None}))
    assert text == (
        "5 octobre 2026 | lundi 5 octobre 2026 | 05/10/2026 | 5 octobre 2026 à 14:30 | "
        "lundi 5 octobre 2026 à 14:30 | 05/10/2026 14:30 | 14:30 | octobre 2026 | —"
    )
    with translation.override("en"):
        text = template.render(Context({"d": at, "none": None}))
    assert text.startswith("October 5, 2026 | Monday, October 5, 2026 | 05/10/2026 | ")
    assert "| October 5, 2026 at 14:30 |" in text


# ---------------------------------------------------------------------------------------------
# One date format everywhere (issue 12): pages, e-mails, PDFs and spreadsheets show dates through
# tremplin.formatting; a hand-made display format ("j/m/Y" here, "d/m/Y" there) is refused.
# Machine formats stay allowed: ISO dates in URLs and inputs, <time datetime>, file names.

TREMPLIN = Path(__file__).resolve().parents[1] / "tremplin"

# Django date formats that are not for readers: ISO 8601 ("c", "Y-m-d", "Y-m"), compact dates of
# file names and comparisons ("Ymd"), the Unix time ("U").
_MACHINE_DJANGO = re.compile(r"c|U|Y(-?m(-?d)?)?(T?H:?i(:?s)?)?")
# strftime formats that are not for readers: ISO 8601 and its compact form, the six digits of a
# birth date in a national register number (``%y%m%d``).
_MACHINE_STRFTIME = re.compile(r"%[Yy](-?%m(-?%d)?)?(T?%H(:?%M(:?%S)?)?)?%?z?")
_TEMPLATE_DATE = re.compile(
    r"""\|\s*(?P<filter>date|time)\b(?:\s*:\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<var>[\w.]+)))?"""
)
_NOW_TAG = re.compile(r"""\{%\s*now\s+(?:"([^"]*)"|'([^']*)')""")


def _template_display_formats(text: str):
    for match in _TEMPLATE_DATE.finditer(text):
        fmt = match["dq"] if match["dq"] is not None else match["sq"]
        if match["var"] is not None:
            yield match[0]  # a format from a variable: a display format we cannot check
        elif fmt is None:
            if match["filter"] == "date":
                yield match[0]  # Django's DATE_FORMAT: a display format
        elif not _MACHINE_DJANGO.fullmatch(fmt):
            yield match[0]
    for match in _NOW_TAG.finditer(text):
        fmt = match[1] if match[1] is not None else match[2]
        if not _MACHINE_DJANGO.fullmatch(fmt):
            yield match[0]


def _python_display_formats(source: str):
    """(format, line) of every ``strftime``/``date_format``/``dateformat.format`` call and
    f-string date spec whose format is for readers."""
    import ast

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name == "strftime":
                kind, arg = "strftime", node.args[0] if node.args else None
            elif name in ("date_format", "time_format") or (
                name == "format"
                and getattr(node.func, "value", None) is not None
                and getattr(node.func.value, "id", None) == "dateformat"
            ):
                kind = "django"
                arg = node.args[1] if len(node.args) > 1 else None
                arg = next((k.value for k in node.keywords if k.arg == "format"), arg)
            else:
                continue
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                yield ast.unparse(node), node.lineno  # a default or computed display format
                continue
            machine = _MACHINE_STRFTIME if kind == "strftime" else _MACHINE_DJANGO
            if not machine.fullmatch(arg.value):
                yield arg.value, node.lineno
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(
                part.value
                for part in node.format_spec.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            if "%" in spec and not _MACHINE_STRFTIME.fullmatch(spec):
                yield spec, node.lineno


def test_the_checks_see_display_formats_and_let_machine_formats_through():
    shown = list(
        _template_display_formats(
            '{{ a|date:"j/m/Y" }} {{ a|date:"d/m/Y H:i" }} {{ a|date }} {{ a|time:"H:i" }} '
            "{{ a|date:'l j F Y' }} {% now \"j F Y\" %}"
        )
    )
    assert len(shown) == 6
    assert not list(
        _template_display_formats(
            "{{ a|date:'Y-m-d' }} {{ a|date:\"c\" }} {{ a|date:'Ymd' }} {{ a|date:'Y-m' }} "
            "{{ a|day }} {{ a|short_day }} {{ a|time }} {{ a|date_of_birth }}"
        )
    )
    python = (
        'a.strftime("%d/%m/%Y")\nb.strftime("%Y-%m-%d")\nc.strftime("%Y%m%d")\n'
        'date_format(d, "j F Y")\ndate_format(d, "Y-m-d")\nf"{e:%d/%m/%Y %H:%M}"\n'
        'f"{e:%Y-%m-%d}"\ng.strftime("%H:%M")\nh.strftime("%Y-%m-%dT%H:%M")\n'
    )
    assert sorted(line for _fmt, line in _python_display_formats(python)) == [1, 4, 6, 8]


def test_templates_show_dates_through_the_formatting_filters():
    wrong = []
    for path in sorted(TREMPLIN.rglob("*")):
        if (
            path.suffix not in (".html", ".txt")
            or "templates" not in path.parts
            and ("jinja2" not in path.parts)
        ):
            continue
        text = path.read_text(encoding="utf-8")
        for found in _template_display_formats(text):
            wrong.append(f"{path.relative_to(TREMPLIN)} : {found}")
        if ".strftime(" in text:
            wrong.append(f"{path.relative_to(TREMPLIN)} : strftime")
    assert not wrong, (
        "Format de date fait main dans un gabarit : utilisez {% load formatting %} et |day, "
        "|weekday, |short_day, |moment, |weekday_moment, |short_moment, |time ou |month.\n"
        + "\n".join(wrong)
    )


def test_python_shows_dates_through_the_formatting_helper():
    wrong = []
    for path in sorted(TREMPLIN.rglob("*.py")):
        relative = path.relative_to(TREMPLIN).as_posix()
        if "migrations" in path.parts or relative == "formatting.py":
            continue
        for fmt, line in _python_display_formats(path.read_text(encoding="utf-8")):
            wrong.append(f"{relative}:{line} : {fmt}")
    assert not wrong, (
        "Format de date fait main : utilisez tremplin.formatting (day, weekday, short_day, "
        "moment, weekday_moment, short_moment, time, month).\n" + "\n".join(wrong)
    )
