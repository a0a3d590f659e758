"""A small three-valued evaluator for the declarative conditions of ``categories.yaml``.

``True`` / ``False`` / ``None`` (unknown), with Kleene logic: ``all`` is false as soon as one
part is false, ``any`` is true as soon as one part is true. An undecided result carries the
facts whose answers could decide it.
"""

import datetime
from dataclasses import dataclass

from tremplin.rules.facts import Facts, certificate_rank
from tremplin.rules.parameters import parameter


@dataclass(frozen=True)
class Outcome:
    value: bool | None
    missing: tuple[str, ...] = ()


def resolve(operand, on_date: datetime.date, overrides=None):
    if isinstance(operand, dict) and "parameter" in operand:
        name = operand["parameter"]
        if overrides and name in overrides:
            return overrides[name]
        return parameter(name, on_date).value
    return operand


def _compare(operator: str, actual, expected) -> bool:
    if operator == "is":
        return actual == expected
    if operator == "gte":
        return actual >= expected
    if operator == "at_most":
        return certificate_rank(actual) <= certificate_rank(expected)
    raise ValueError(f"Unknown operator {operator!r}")


def leaf_operator(condition: dict) -> str:
    (operator,) = (key for key in condition if key != "fact")
    return operator


def _merge_missing(outcomes) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for outcome in outcomes:
        if outcome.value is None:
            seen.update(dict.fromkeys(outcome.missing))
    return tuple(seen)


def evaluate_condition(condition: dict, facts: Facts) -> Outcome:
    if "all" in condition:
        parts = [evaluate_condition(c, facts) for c in condition["all"]]
        if any(p.value is False for p in parts):
            return Outcome(False)
        if all(p.value is True for p in parts):
            return Outcome(True)
        return Outcome(None, _merge_missing(parts))
    if "any" in condition:
        parts = [evaluate_condition(c, facts) for c in condition["any"]]
        if any(p.value is True for p in parts):
            return Outcome(True)
        if all(p.value is False for p in parts):
            return Outcome(False)
        return Outcome(None, _merge_missing(parts))
    name = condition["fact"]
    actual = facts.get(name)
    if actual is None:
        return Outcome(None, facts.sources(name))
    operator = leaf_operator(condition)
    expected = resolve(condition[operator], facts.on_date, facts.overrides)
    return Outcome(bool(_compare(operator, actual, expected)))
