"""``{% load formatting %}``: the filters of ``tremplin.formatting`` (one helper for pages, PDFs
and spreadsheets): ``|money``, ``|number:2``, ``|hours``, ``|percent``, ``|day``, ``|month``,
``|of_month``."""

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
def month(value):
    return formatting.month(value)


@register.filter
def of_month(value):
    # Made of a month's name and a year only ("d'octobre 2026"): nothing to escape.
    return mark_safe(formatting.of_month(value))
