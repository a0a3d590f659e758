"""Months and sums of the training follow-up: month arithmetic with ``dateutil`` and the
standard ``calendar``, and the one ``ZERO`` of hour and money sums. The split of a period at
each change of a dated parameter is ``tremplin.rules.parameters.Parameter.periods``."""

import calendar
import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta

ZERO = Decimal("0")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), the month's last day when it is shorter."""
    return day + relativedelta(months=months)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of a month."""
    return datetime.date(year, month, 1), datetime.date(
        year, month, calendar.monthrange(year, month)[1]
    )
