import datetime
from decimal import Decimal

import pytest

from tremplin.rules.engine import category_rules, derogation_rule
from tremplin.rules.loader import rules_version
from tremplin.rules.parameters import Confidence, all_parameters, get_parameter, parameter
from tremplin.rules.texts import CATEGORY_LABELS, DOCUMENT_LABELS, PARAMETER_LABELS


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        (datetime.date(2001, 6, 1), Decimal("0.99")),
        (datetime.date(2002, 1, 1), Decimal("1.00")),
        (datetime.date(2022, 12, 31), Decimal("1.00")),
        (datetime.date(2023, 1, 1), Decimal("2.00")),
        (datetime.date(2030, 1, 1), Decimal("2.00")),
    ],
)
def test_hourly_rate_in_force(day, rate):
    found = parameter("allowance.hourly_rate", day)
    assert found.value == rate
    assert found.reference


def test_rate_of_2023_is_verified_with_its_amending_order():
    found = parameter("allowance.hourly_rate", datetime.date(2023, 1, 1))
    assert found.confidence == Confidence.VERIFIED
    assert "1er décembre 2022" in found.reference
    assert found.source.startswith("https://")


def test_no_value_before_the_first_known_one():
    assert parameter("allowance.hourly_rate", datetime.date(1999, 1, 1)) is None


def test_unknown_parameter_is_an_error():
    with pytest.raises(KeyError):
        parameter("allowance.nope", datetime.date(2024, 1, 1))


def test_every_value_has_a_reference_and_a_confidence():
    for param in all_parameters().values():
        assert param.values, param.name
        for entry in param.values:
            assert entry.reference, param.name
            assert entry.confidence in Confidence


def test_every_parameter_and_category_and_document_has_a_label():
    assert set(all_parameters()) <= set(PARAMETER_LABELS)
    rules = [*category_rules(), derogation_rule()]
    assert {r.code for r in rules} <= set(CATEGORY_LABELS)
    assert {d for r in rules for d in r.documents} <= set(DOCUMENT_LABELS)


def test_parameters_used_by_rules_have_a_value_whenever_the_rule_is_in_force():
    def referenced(condition):
        if "all" in condition or "any" in condition:
            for part in condition.get("all", condition.get("any")):
                yield from referenced(part)
        else:
            for operand in condition.values():
                if isinstance(operand, dict):
                    yield operand["parameter"]

    for rule in [*category_rules(), derogation_rule()]:
        for name in referenced(rule.conditions):
            assert get_parameter(name).at(rule.valid_from) is not None, (rule.code, name)


def test_rules_version_is_a_stable_short_hash():
    assert len(rules_version()) == 12
    assert rules_version() == rules_version()
