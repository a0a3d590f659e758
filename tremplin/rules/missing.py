"""Which unknown answers could still change the outcome.

Three-valued evaluation says *that* a situation is undecided; it over-reports *why* (when the
birth date is unknown, every category is open, but only the birth date matters if the person
otherwise qualifies). We build the decision tree a counsellor would follow: take the first
open question in questionnaire order, try each representative answer, stop a branch as soon
as its answer is final (a final answer never changes when more is known). A question counts
as missing when the answer is still open where it is asked.
"""

import datetime
from dataclasses import replace

from tremplin.rules.conditions import leaf_operator, resolve
from tremplin.rules.facts import CERTIFICATES, Situation
from tremplin.rules.loader import raw_categories

BOOLEAN_FACTS = {
    "forem_registered",
    "disability_recognised",
    "integration_income",
    "equivalent_social_aid",
    "justice_measure",
    "sickness_benefit",
    "foreign_origin",
    "reentering_labour_market",
}


def representative_answers(name: str, on_date: datetime.date) -> list:
    """One answer per class of answers the rules can tell apart."""
    if name in BOOLEAN_FACTS:
        return [True, False]
    if name == "highest_certificate":
        return list(CERTIFICATES)
    if name == "birth_date":
        # Someone clearly of age, and someone still of school age.
        return [
            on_date.replace(year=on_date.year - 40, day=1),
            on_date.replace(day=1, year=on_date.year - 10),
        ]
    # Numbers: zero, and each threshold the rules in force compare them with.
    return sorted({0, *thresholds(name, on_date)})


def _leaves(condition: dict):
    for key in ("all", "any"):
        if key in condition:
            for part in condition[key]:
                yield from _leaves(part)
            return
    yield condition


def thresholds(name: str, on_date: datetime.date) -> set:
    content = raw_categories()
    found = set()
    for rule in [*content["categories"], content["derogation"]]:
        if rule["valid_from"] > on_date:
            continue
        for leaf in _leaves(rule["conditions"]):
            if leaf["fact"] == name and leaf_operator(leaf) == "gte":
                found.add(resolve(leaf["gte"], on_date))
    return found


def questions_that_matter(situation: Situation, on_date: datetime.date, decide) -> tuple[str, ...]:
    matter: set[str] = set()

    def reachable(current: Situation) -> frozenset:
        decision = decide(current, on_date)
        if not decision.open_facts:
            return frozenset({decision.status})
        name = decision.open_facts[0]
        branches = [
            reachable(replace(current, **{name: answer}))
            for answer in representative_answers(name, on_date)
        ]
        outcomes = frozenset().union(*branches)
        if len(outcomes) > 1:
            matter.add(name)
        return outcomes

    reachable(situation)
    return tuple(name for name in Situation.field_names() if name in matter)
