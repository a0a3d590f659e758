"""Run every situation of ``tremplin/rules/cases/*.yaml`` through the engine."""

from decimal import Decimal

import pytest
import yaml

from tremplin.rules.engine import Situation, evaluate
from tremplin.rules.loader import CASES_DIR

DECIMAL_FIELDS = {"planned_hours_per_week", "commute_km"}


def load_cases():
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return cases


CASES = load_cases()


def situation_of(case) -> Situation:
    data = dict(case["input"], on_date=case["date"])
    for name in DECIMAL_FIELDS & data.keys():
        data[name] = Decimal(str(data[name]))
    unknown = set(data) - set(Situation.field_names())
    assert not unknown, f"Unknown input fields {unknown}"
    return Situation.from_dict(data)


def test_there_are_at_least_forty_cases_with_unique_names():
    names = [param.values[0]["name"] for param in CASES]
    assert len(names) >= 40
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES)
def test_case(case):
    answer = evaluate(situation_of(case)).as_dict()
    expected = case["expected"]
    assert answer["status"] == expected["status"]
    if "categories" in expected:
        assert [c["code"] for c in answer["categories"]] == expected["categories"]
    if "missing" in expected:
        assert answer["missing"] == expected["missing"]
    if "derogation" in expected:
        assert (answer["derogation"] is not None) == expected["derogation"]
    if "documents" in expected:
        assert [d["code"] for d in answer["documents"]] == expected["documents"]
    if "advice" in expected:
        assert [a["code"] for a in answer["advice"]] == expected["advice"]
    if "to_confirm" in expected:
        assert [c["code"] for c in answer["to_confirm"]] == expected["to_confirm"]
    for key, value in expected.get("allowance", {}).items():
        assert answer["allowance"][key] == value, key


def test_every_category_and_the_derogation_are_covered_by_a_case():
    met = set()
    for param in CASES:
        answer = evaluate(situation_of(param.values[0]))
        met.update(c.code for c in answer.categories)
        if answer.derogation:
            met.add(answer.derogation.code)
    assert met == {"A", "B", "C", "D1", "D2", "D3", "D4", "D5", "D6", "DEROGATION"}


def test_every_status_is_covered_by_a_case():
    statuses = {param.values[0]["expected"]["status"] for param in CASES}
    assert statuses == {"eligible", "derogation_possible", "not_eligible", "incomplete"}
