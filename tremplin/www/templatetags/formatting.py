"""``{% load formatting %}``: the filters of ``tremplin.formatting`` (one helper for pages, PDFs
and spreadsheets): ``|money``, ``|number:2``, ``|hours``, ``|percent``, ``|day`` (« 5 octobre
2026 »), ``|weekday`` (« lundi 5 octobre 2026 »), ``|short_day`` (« 05/10/2026 »), ``|moment``
(« 5 octobre 2026 à 14:30 »), ``|weekday_moment``, ``|short_moment`` (« 05/10/2026 14:30 »),
``|time`` (« 14:30 »; it replaces Django's ``|time`` in the templates that load this library),
``|month``, ``|of_month``. Templates use no ``|date:`` display format of their own
(tests/test_formatting.py); ``|date:"Y-m-d"``, ``"c"``, ``"Ymd"`` stay for machines."""

from django import template
from django.utils.safestring import mark_safe

from tremplin import formatting

register = template.Library()


@register.filter
def money(value):
    return formatting.money(value)


@register.filter
def number(value, decimals=0):
    return formatting.number(value, int(decimals))


@register.filter
def hours(value):
    return formatting.hours(value)


@register.filter
def percent(value, decimals=1):
    return formatting.percent(value, int(decimals))


@register.filter
def day(value):
    return formatting.day(value)


@register.filter
def weekday(value):
    return formatting.weekday(value)


@register.filter
def short_day(value):
    return formatting.short_day(value)


@register.filter
def moment(value):
    return formatting.moment(value)


@register.filter
def weekday_moment(value):
    return formatting.weekday_moment(value)


@register.filter
def short_moment(value):
    return formatting.short_moment(value)


@register.filter
def time(value):
    return formatting.time(value)


@register.filter
def month(value):
    return formatting.month(value)


@register.filter
def of_month(value):
    # Made of a month's name and a year only ("d'octobre 2026"): nothing to escape.
    return mark_safe(formatting.of_month(value))
