"""A weekly schedule: planned hours for each weekday (Monday to Sunday).

Stored as seven decimal columns (``hours_mon`` … ``hours_sun``) rather than JSON so that the
database checks each value and SQL reports can read a day's plan with a plain ``CASE``.
"""

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

WEEKDAY_FIELDS = (
    "hours_mon",
    "hours_tue",
    "hours_wed",
    "hours_thu",
    "hours_fri",
    "hours_sat",
    "hours_sun",
)
WEEKDAY_LABELS = (
    _("lundi"),
    _("mardi"),
    _("mercredi"),
    _("jeudi"),
    _("vendredi"),
    _("samedi"),
    _("dimanche"),
)
# No single day of training may exceed this (also the database limit of an attendance day).
MAX_HOURS_PER_DAY = Decimal("12")


def format_hours(hours) -> str:
    """``Decimal("7.50")`` → ``"7,5"``; ``Decimal("8.00")`` → ``"8"`` (French decimal comma)."""
    text = f"{Decimal(hours):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def hours_field(label):
    return models.DecimalField(label, max_digits=4, decimal_places=2, default=Decimal("0"))


def schedule_constraints(prefix: str) -> list[models.CheckConstraint]:
    """One check per weekday: 0 ≤ planned hours ≤ 12."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__gte": 0, f"{name}__lte": MAX_HOURS_PER_DAY}),
            name=f"{prefix}_{name}_0_12",
            violation_error_message=_("Les heures prévues d'un jour doivent être entre 0 et 12."),
        )
        for name in WEEKDAY_FIELDS
    ]


class WeeklySchedule(models.Model):
    hours_mon = hours_field(_("heures prévues le lundi"))
    hours_tue = hours_field(_("heures prévues le mardi"))
    hours_wed = hours_field(_("heures prévues le mercredi"))
    hours_thu = hours_field(_("heures prévues le jeudi"))
    hours_fri = hours_field(_("heures prévues le vendredi"))
    hours_sat = hours_field(_("heures prévues le samedi"))
    hours_sun = hours_field(_("heures prévues le dimanche"))

    class Meta:
        abstract = True

    @property
    def weekly_schedule(self) -> tuple[Decimal, ...]:
        return tuple(getattr(self, name) for name in WEEKDAY_FIELDS)

    def set_weekly_schedule(self, hours) -> None:
        for name, value in zip(WEEKDAY_FIELDS, hours, strict=True):
            setattr(self, name, Decimal(str(value)))

    def planned_on(self, day: datetime.date) -> Decimal:
        """Planned hours on ``day`` according to the weekday."""
        return getattr(self, WEEKDAY_FIELDS[day.weekday()])

    def schedule_display(self) -> str:
        parts = [
            f"{label} {format_hours(hours)} h"
            for label, hours in zip(WEEKDAY_LABELS, self.weekly_schedule, strict=True)
            if hours
        ]
        return ", ".join(parts)
