"""``{% load formatting %}``: the filters of ``tremplin.formatting`` (one helper for pages, PDFs
and spreadsheets): ``|money``, ``|number:2``, ``|hours``, ``|percent``, ``|day`` (« 5 octobre
2026 »), ``|weekday`` (« lundi 5 octobre 2026 »), ``|short_day`` (« 05/10/2026 »),
``|weekday_short_day`` (« lundi 05/10/2026 »), ``|moment``
(« 5 octobre 2026 à 14:30 »), ``|weekday_moment``, ``|short_moment`` (« 05/10/2026 14:30 »),
``|time`` (« 14:30 »; it replaces Django's ``|time`` in the templates that load this library),
``|month``, ``|of_month``, ``|of_place`` (« d'Eupen »). Templates use no ``|date:`` display
format of their own (tests/test_formatting.py); ``|date:"Y-m-d"``, ``"c"``, ``"Ymd"`` stay for
machines."""

from django import template
from django.utils.safestring import mark_safe

from tremplin import formatting

register = template.Library()


# The helpers that take a value and nothing else are the filters themselves.
for helper in (
    formatting.money,
    formatting.hours,
    formatting.day,
    formatting.weekday,
    formatting.short_day,
    formatting.weekday_short_day,
    formatting.moment,
    formatting.weekday_moment,
    formatting.short_moment,
    formatting.time,
    formatting.month,
    formatting.of_place,
):
    register.filter(helper.__name__, helper)


@register.filter
def number(value, decimals=0):
    return formatting.number(value, int(decimals))


@register.filter
def percent(value, decimals=1):
    return formatting.percent(value, int(decimals))


@register.filter
def of_month(value):
    # Made of a month's name and a year only ("d'octobre 2026"): nothing to escape.
    return mark_safe(formatting.of_month(value))
