"""Travel and childcare on the monthly statement: what the centre declares (kilometres, days),
and an amount only from a verified parameter (docs/rules.md)."""

import dataclasses
import datetime
from decimal import Decimal
from unittest import mock

import pytest

from tests.training.factories import AttendanceDayFactory, ContractFactory
from tremplin.rules.parameters import Confidence, parameter
from tremplin.training.statements import statement_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    contract = ContractFactory(
        commute_km=Decimal("12"), childcare_monthly_cost=Decimal("200"), childcare_school_age=True
    )
    for day in (5, 6, 7):
        AttendanceDayFactory(contract=contract, day=datetime.date(2022, 12, day))
    return contract


def test_days_and_kilometres_to_declare_and_no_childcare_amount_from_a_value_to_confirm(contract):
    statement = statement_for(contract, 2022, 12)
    assert statement.days_present == 3
    assert statement.travel_km == Decimal("72")  # 12 km × 2 × 3 days
    assert statement.childcare_days == 3
    assert statement.childcare_estimate is None  # the 2001 shares are to confirm


def test_an_amount_once_the_childcare_share_is_verified(contract):
    share = parameter("childcare.share_school_age", datetime.date(2022, 12, 31))
    verified = dataclasses.replace(share, confidence=Confidence.VERIFIED)
    with mock.patch("tremplin.training.parameters.in_force", return_value=verified):
        statement = statement_for(contract, 2022, 12)
    assert statement.childcare_estimate == Decimal("160.00")  # 80 % of 200 €


def test_no_childcare_days_without_declared_childcare():
    contract = ContractFactory()
    AttendanceDayFactory(contract=contract)
    statement = statement_for(contract, 2022, 12)
    assert statement.childcare_days is None and statement.travel_km is None
