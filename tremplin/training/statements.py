"""Monthly hour statements per trainee, as the Forem needs them to pay the allowance.

The allowance is the rate in force on each day × the hours followed that day: the month is cut
at every change of rate (``parameters.rate_periods``) and each stretch is summed in SQL, so a
whole centre's month is one query whatever the number of trainees.

Travel and childcare: the statement shows what the centre declares (kilometres, days of
childcare); it computes an amount only from a verified parameter. The childcare shares of
2001 are "to confirm", so no childcare amount is computed today (docs/rules.md).
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, FilteredRelation, Q, Sum
from django.db.models.functions import Coalesce

from tremplin.rules.parameters import Confidence
from tremplin.training import parameters
from tremplin.training.models import AttendanceDay, Contract
from tremplin.training.periods import ZERO, add_months, month_bounds

CENT = Decimal("0.01")
UNUSED_COLUMNS = (
    "person__niss",
    "training__description",
    "training__search_text",
    "training__search_vector",
    "training__prerequisites",
    "training__schedule",
)


@dataclass
class AllowancePart:
    start: datetime.date
    end: datetime.date
    hours: Decimal
    rate: Decimal
    amount: Decimal
    reference: str


@dataclass
class Statement:
    contract: Contract
    year: int
    month: int
    hours_followed: Decimal = ZERO
    hours_assimilated: Decimal = ZERO
    unjustified: Decimal = ZERO
    days_present: int = 0
    parts: list[AllowancePart] = field(default_factory=list)
    travel_days: int | None = None  # days present to declare for travel
    travel_km: Decimal | None = None
    travel_verified: bool = False
    childcare_days: int | None = None  # days present with childcare to declare
    childcare_estimate: Decimal | None = None  # only from a verified share
    childcare_verified: bool = False
    childcare_reference: str = ""

    @property
    def allowance(self) -> Decimal:
        return sum((part.amount for part in self.parts), ZERO)

    @property
    def period(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)


def statement_months(contract: Contract, until: datetime.date) -> list[datetime.date]:
    """The months (their first day) of ``contract``, newest first: from its start month to
    its end month (the actual end if it ended, else the planned end), never beyond the month
    of ``until`` (today on the contract page: no statement of a month to come; decision
    0659)."""
    first = contract.start_date.replace(day=1)
    month = min(contract.end_date, until).replace(day=1)
    months = []
    while month >= first:
        months.append(month)
        month = add_months(month, -1)
    return months


def _period_key(index: int) -> str:
    return f"followed_p{index}"


def statements_for(contracts, year: int, month: int, order_by=None) -> list[Statement]:
    """The statements of ``contracts`` (a queryset) for the month, in one query, by name or
    ``order_by`` (which may use the month's sums ``m_followed``, ``m_assimilated``,
    ``m_unjustified`` and ``m_days_present``).

    The attendance is joined through a ``FilteredRelation`` restricted to the month, so the
    join condition carries the day range and PostgreSQL reads only the month's rows of each
    contract from the (contract, day) index, whatever the history in the table."""
    first, last = month_bounds(year, month)
    periods = parameters.rate_periods(first, last)
    days = FilteredRelation("attendance", condition=Q(attendance__day__range=(first, last)))
    sums = {
        _period_key(i): Coalesce(
            Sum("month_days__hours_followed", filter=Q(month_days__day__range=(p.start, p.end))),
            ZERO,
        )
        for i, p in enumerate(periods)
    }
    rows = (
        contracts.overlapping(first, last)
        .select_related("person", "training")
        # Not shown on a statement: no NISS decryption, no search columns of the training.
        .defer(*UNUSED_COLUMNS)
        .annotate(month_days=days)
        .annotate(
            m_followed=Coalesce(Sum("month_days__hours_followed"), ZERO),
            m_assimilated=Coalesce(Sum("month_days__hours_assimilated"), ZERO),
            m_unjustified=Coalesce(Sum("month_days__unjustified_absence_hours"), ZERO),
            m_days_present=Count("month_days", filter=Q(month_days__hours_followed__gt=0)),
            **sums,
        )
        .order_by(*(order_by or ("person__last_name", "person__first_name", "pk")))
    )
    childcare_refs = {
        school_age: parameters.in_force(
            parameters.CHILDCARE_SHARE_SCHOOL_AGE
            if school_age
            else parameters.CHILDCARE_SHARE_NON_SCHOOL_AGE,
            last,
        )
        for school_age in (True, False)
    }
    statements = []
    for contract in rows:
        statement = Statement(
            contract=contract,
            year=year,
            month=month,
            hours_followed=contract.m_followed,
            hours_assimilated=contract.m_assimilated,
            unjustified=contract.m_unjustified,
            days_present=contract.m_days_present,
        )
        for i, period in enumerate(periods):
            hours = getattr(contract, _period_key(i))
            statement.parts.append(
                AllowancePart(
                    start=period.start,
                    end=period.end,
                    hours=hours,
                    rate=period.rate,
                    amount=(hours * period.rate).quantize(CENT, ROUND_HALF_UP),
                    reference=period.value.reference if period.value else "",
                )
            )
        if contract.commute_km is not None:
            # Home → centre and back for each day present; the Forem applies its own scale.
            statement.travel_days = statement.days_present
            statement.travel_km = contract.commute_km * 2 * statement.days_present
            statement.travel_verified = contract.travel_verified
        if contract.childcare_monthly_cost is not None:
            statement.childcare_days = statement.days_present
            statement.childcare_verified = contract.childcare_verified
            ref = childcare_refs[contract.childcare_school_age]
            if ref is not None:
                statement.childcare_reference = ref.reference
            if ref is not None and ref.confidence == Confidence.VERIFIED and statement.days_present:
                statement.childcare_estimate = (
                    contract.childcare_monthly_cost * Decimal(ref.value)
                ).quantize(CENT, ROUND_HALF_UP)
        statements.append(statement)
    return statements


def statement_for(contract: Contract, year: int, month: int) -> Statement:
    found = statements_for(Contract.objects.filter(pk=contract.pk), year, month)
    if found:
        return found[0]
    return Statement(contract=contract, year=year, month=month)


def daily_rows(contract: Contract, year: int, month: int):
    """The attendance days of the month, for the detail of a trainee's statement."""
    first, last = month_bounds(year, month)
    return AttendanceDay.objects.filter(contract=contract, day__range=(first, last)).select_related(
        "reason"
    )
