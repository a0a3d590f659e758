"""The situation of a person, and the facts the rules read from it.

Every field is optional: ``None`` means "unknown", never "no". Derived facts (such as
"no longer subject to compulsory schooling") are computed from the fields and stay unknown
when a field they need is unknown.
"""

import datetime
from dataclasses import dataclass, fields
from decimal import Decimal

from tremplin.rules.parameters import parameter

# Ordered from lowest to highest; the engine compares certificates by this order.
CERTIFICATES = ("none", "CEB", "CE1D", "CE2D", "CQ6", "CESS", "higher")

# Bounds shared by the API serializer and the simulator forms.
MONTHS_MAX = 24
PERCENT_MAX = 100
HOURS_PER_WEEK_MAX = 60
WEEKS_MAX = 156
COMMUTE_KM_MAX = 500
CHILDREN_MAX = 20
# Dates the rules answer for (the simulator's rules page uses the same range).
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)


@dataclass(frozen=True)
class Situation:
    on_date: datetime.date | None = None
    birth_date: datetime.date | None = None
    forem_registered: bool | None = None
    months_registered_last_24: int | None = None
    highest_certificate: str | None = None
    disability_recognised: bool | None = None
    incapacity_percent: int | None = None
    integration_income: bool | None = None
    equivalent_social_aid: bool | None = None
    justice_measure: bool | None = None
    sickness_benefit: bool | None = None
    foreign_origin: bool | None = None
    reentering_labour_market: bool | None = None
    planned_hours_per_week: Decimal | None = None
    planned_weeks: int | None = None
    commute_km: Decimal | None = None
    children_in_childcare: int | None = None

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def from_dict(cls, data: dict) -> "Situation":
        """Build from already validated values; keys that are not fields are ignored."""
        return cls(**{name: data.get(name) for name in cls.field_names()})


def certificate_rank(code: str) -> int:
    return CERTIFICATES.index(code)


def age_on(birth_date: datetime.date, on_date: datetime.date) -> int:
    """Completed years; someone born on 29 February has their birthday on 1 March."""
    years = on_date.year - birth_date.year
    if (on_date.month, on_date.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


BIRTHDAY_ONLY = "birthday"  # the reading where only the 18th birthday ends the obligation


def school_year_end(year: int, value: str) -> datetime.date | None:
    """Last day of the school year that ends in ``year``, from the parameter's value:
    ``"MM-DD"`` (a fixed day), ``"first_friday_of_july"``, or ``"birthday"`` (no date)."""
    if value == BIRTHDAY_ONLY:
        return None
    if value == "first_friday_of_july":
        first = datetime.date(year, 7, 1)
        return first + datetime.timedelta(days=(4 - first.weekday()) % 7)
    month, day = value.split("-")
    return datetime.date(year, int(month), int(day))


def free_of_compulsory_schooling(
    birth_date: datetime.date, on_date: datetime.date, end_age: int, year_end: str | None
) -> bool:
    """The obligation ends on the birthday of ``end_age``, or earlier: the day after the last
    day of the school year of the calendar year of that birthday."""
    if age_on(birth_date, on_date) >= end_age:
        return True
    last_day = school_year_end(birth_date.year + end_age, year_end) if year_end else None
    return last_day is not None and on_date > last_day


class Facts:
    """What the rules can read: the situation's fields plus derived facts.

    ``sources(name)`` says which fields a fact depends on, so that an unknown fact can be
    reported as the questions to answer.
    """

    DERIVED_SOURCES = {
        "age": ("birth_date",),
        "not_subject_to_compulsory_schooling": ("birth_date",),
    }

    def __init__(self, situation: Situation, on_date: datetime.date, overrides=None):
        self.situation = situation
        self.on_date = on_date
        # Another reading of some parameters: {name: value} (see engine.readings_that_matter).
        self.overrides = overrides or {}

    def parameter_value(self, name: str):
        """The value of a dated parameter on ``on_date`` (or its overridden reading)."""
        if name in self.overrides:
            return self.overrides[name]
        found = parameter(name, self.on_date)
        return None if found is None else found.value

    def sources(self, name: str) -> tuple[str, ...]:
        return self.DERIVED_SOURCES.get(name, (name,))

    def get(self, name: str):
        if name == "age":
            birth = self.situation.birth_date
            return None if birth is None else age_on(birth, self.on_date)
        if name == "not_subject_to_compulsory_schooling":
            birth = self.situation.birth_date
            end_age = self.parameter_value("compulsory_schooling.end_age")
            if birth is None or end_age is None:
                return None
            year_end = self.parameter_value("compulsory_schooling.school_year_end")
            return free_of_compulsory_schooling(birth, self.on_date, int(end_age), year_end)
        return getattr(self.situation, name)
