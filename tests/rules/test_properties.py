"""Property tests: the engine never crashes and never says "eligible" without a category.

Unknown answers are "maybe": a final answer (anything but ``incomplete``) must not change when
the unknown answers are filled in, whatever they are.
"""

import datetime
import json
from dataclasses import fields, replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tremplin.rules.engine import Situation, Status, evaluate
from tremplin.rules.facts import (
    CERTIFICATES,
    CHILDREN_MAX,
    COMMUTE_KM_MAX,
    HOURS_PER_WEEK_MAX,
    MONTHS_MAX,
    PERCENT_MAX,
    WEEKS_MAX,
)

DATES = st.dates(datetime.date(1990, 1, 1), datetime.date(2040, 12, 31))
VALUES = {
    "on_date": DATES,
    "birth_date": st.dates(datetime.date(1920, 1, 1), datetime.date(2040, 12, 31)),
    "forem_registered": st.booleans(),
    "months_registered_last_24": st.integers(0, MONTHS_MAX),
    "highest_certificate": st.sampled_from(CERTIFICATES),
    "disability_recognised": st.booleans(),
    "incapacity_percent": st.integers(0, PERCENT_MAX),
    "integration_income": st.booleans(),
    "equivalent_social_aid": st.booleans(),
    "justice_measure": st.booleans(),
    "sickness_benefit": st.booleans(),
    "foreign_origin": st.booleans(),
    "reentering_labour_market": st.booleans(),
    "planned_hours_per_week": st.decimals(0, HOURS_PER_WEEK_MAX, places=2),
    "planned_weeks": st.integers(0, WEEKS_MAX),
    "commute_km": st.decimals(0, COMMUTE_KM_MAX, places=2),
    "children_in_childcare": st.integers(0, CHILDREN_MAX),
}
assert set(VALUES) == {f.name for f in fields(Situation)}

situations = st.builds(Situation, **{name: st.none() | s for name, s in VALUES.items()})


@settings(max_examples=400, deadline=None)
@given(situations)
def test_never_crashes_and_never_eligible_without_category(situation):
    result = evaluate(situation)
    answer = result.as_dict()
    json.dumps(answer)
    assert result.status in set(Status)
    assert (result.status == Status.ELIGIBLE) == bool(result.categories)
    assert (result.status == Status.DEROGATION_POSSIBLE) == (result.derogation is not None)
    if result.status == Status.INCOMPLETE:
        assert result.missing
    else:
        assert not result.missing
    assert "identity" in result.documents
    estimated = answer["allowance"]["estimated_gross_eur"]
    assert estimated is None or estimated >= 0


@settings(max_examples=300, deadline=None)
@given(situations, st.data())
def test_a_final_answer_does_not_change_when_unknowns_are_filled_in(situation, data):
    before = evaluate(situation)
    if before.status == Status.INCOMPLETE:
        return
    filled = {
        name: data.draw(strategy, label=name)
        for name, strategy in VALUES.items()
        if getattr(situation, name) is None and name != "on_date"
    }
    after = evaluate(replace(situation, **filled))
    assert after.status == before.status
    if before.status == Status.ELIGIBLE:
        assert {c.code for c in before.categories} <= {c.code for c in after.categories}


@settings(max_examples=200, deadline=None)
@given(
    st.dates(datetime.date(2001, 1, 1), datetime.date(2040, 12, 31)),
    st.decimals(Decimal("0.5"), HOURS_PER_WEEK_MAX, places=1),
    st.integers(1, WEEKS_MAX),
)
def test_allowance_is_between_the_lowest_and_highest_rate(on_date, hours, weeks):
    allowance = evaluate(
        Situation(on_date=on_date, planned_hours_per_week=hours, planned_weeks=weeks)
    ).allowance
    total_hours = hours * weeks
    assert total_hours * Decimal("0.99") - Decimal("0.01") <= allowance.estimated_gross_eur
    assert allowance.estimated_gross_eur <= total_hours * 2 + Decimal("0.01")
