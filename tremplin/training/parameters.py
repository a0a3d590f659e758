"""The rules parameters the training follow-up reads (never constants): allowance rate,
maximum training duration, share of hours assimilées, childcare shares.

All values come from ``tremplin.rules.parameters`` (dated YAML with legal references).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from tremplin.rules.parameters import Confidence, ParameterValue, get_parameter, parameter
from tremplin.training.periods import ZERO

HOURLY_RATE = "allowance.hourly_rate"
MAX_TRAINING_HOURS = "durations.max_training_hours"
MAX_ASSIMILATED_SHARE = "assimilated_hours.max_share"
CHILDCARE_SHARE_NON_SCHOOL_AGE = "childcare.share_non_school_age"
CHILDCARE_SHARE_SCHOOL_AGE = "childcare.share_school_age"
TRAVEL_REIMBURSED = "travel.reimbursed"

# Warn when a trainee reaches this share of a limit (the limit itself is a parameter).
WARNING_THRESHOLD = Decimal("0.9")


def value_on(name: str, day: datetime.date):
    """The value of parameter ``name`` in force on ``day`` (None when unknown)."""
    found = parameter(name, day)
    return None if found is None else found.value


def in_force(name: str, day: datetime.date) -> ParameterValue | None:
    return parameter(name, day)


@dataclass(frozen=True)
class RatePeriod:
    """A stretch of days with one hourly rate: ``start`` to ``end`` inclusive."""

    start: datetime.date
    end: datetime.date
    rate: Decimal
    value: ParameterValue | None


def rate_periods(start: datetime.date, end: datetime.date) -> list[RatePeriod]:
    """The hourly allowance rates in force from ``start`` to ``end`` (inclusive), split at each
    change of rate: a month spanning 1 January 2023 gives two periods (1 € then 2 €)."""
    day = datetime.timedelta(days=1)
    return [
        RatePeriod(first, stop - day, Decimal(found.value) if found else ZERO, found)
        for first, stop, found in get_parameter(HOURLY_RATE).periods(start, end + day)
    ]


def max_training_hours(day: datetime.date) -> Decimal | None:
    found = value_on(MAX_TRAINING_HOURS, day)
    return None if found is None else Decimal(found)


def max_assimilated_share(day: datetime.date) -> Decimal | None:
    found = value_on(MAX_ASSIMILATED_SHARE, day)
    return None if found is None else Decimal(found)


def to_confirm_note(name: str, day: datetime.date) -> str:
    """For a warning on a limit still to confirm: say so and name its source ("" when the
    value is verified or unknown)."""
    found = parameter(name, day)
    if found is None or found.confidence != Confidence.TO_CONFIRM:
        return ""
    return _("Limite à confirmer (%(reference)s) : le centre peut continuer.") % {
        "reference": found.reference
    }


def childcare_share(day: datetime.date, school_age: bool) -> Decimal | None:
    name = CHILDCARE_SHARE_SCHOOL_AGE if school_age else CHILDCARE_SHARE_NON_SCHOOL_AGE
    found = value_on(name, day)
    return None if found is None else Decimal(found)
