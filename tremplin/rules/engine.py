"""Eligibility of a person for a CISP, and what they would receive.

Python API (used by the public simulator, the REST API, the management command and, later,
the candidate file of a centre)::

    from tremplin.rules.engine import Situation, evaluate

    result = evaluate(Situation(on_date=date(2024, 3, 1), birth_date=date(1990, 5, 1),
                                forem_registered=True, highest_certificate="CEB"))
    result.status        # "eligible" | "derogation_possible" | "not_eligible" | "incomplete"
    result.categories    # tuple of CategoryMatch (code, label, legal_reference, ...)
    result.missing       # tuple of Situation field names still needed to decide
    result.as_dict()     # the JSON answer of POST /api/v1/eligibility/
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils import timezone

from tremplin.rules.allowances import (
    Allowance,
    CostEstimate,
    childcare_costs,
    training_allowance,
    travel_costs,
)
from tremplin.rules.conditions import Outcome, evaluate_condition
from tremplin.rules.facts import Facts, Situation, certificate_rank
from tremplin.rules.loader import raw_categories, rules_version
from tremplin.rules.parameters import parameter
from tremplin.rules.texts import ADVICE, CATEGORY_LABELS, DOCUMENT_LABELS, FACT_LABELS

__all__ = ["Result", "Situation", "Status", "evaluate"]


class Status(StrEnum):
    ELIGIBLE = "eligible"
    DEROGATION_POSSIBLE = "derogation_possible"
    NOT_ELIGIBLE = "not_eligible"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Rule:
    code: str
    valid_from: datetime.date
    legal_reference: str
    source: str
    confidence: str
    documents: tuple[str, ...]
    conditions: dict

    @classmethod
    def from_yaml(cls, data: dict) -> "Rule":
        return cls(
            code=data["code"],
            valid_from=data["valid_from"],
            legal_reference=data["legal_reference"],
            source=data.get("source", ""),
            confidence=data["confidence"],
            documents=tuple(data.get("documents", ())),
            conditions=data["conditions"],
        )

    @property
    def label(self) -> str:
        return str(CATEGORY_LABELS[self.code])

    def in_force(self, on_date: datetime.date) -> bool:
        return self.valid_from <= on_date


def category_rules() -> list[Rule]:
    return [Rule.from_yaml(c) for c in raw_categories()["categories"]]


def derogation_rule() -> Rule:
    return Rule.from_yaml(raw_categories()["derogation"])


@dataclass(frozen=True)
class CategoryMatch:
    code: str
    label: str
    legal_reference: str
    source: str
    confidence: str

    @classmethod
    def of(cls, rule: Rule) -> "CategoryMatch":
        return cls(rule.code, rule.label, rule.legal_reference, rule.source, rule.confidence)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "legal_reference": self.legal_reference,
            "source": self.source,
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Result:
    on_date: datetime.date
    status: Status
    categories: tuple[CategoryMatch, ...]
    derogation: CategoryMatch | None
    missing: tuple[str, ...]
    documents: tuple[str, ...]
    advice: tuple[str, ...]
    allowance: Allowance
    travel: CostEstimate
    childcare: CostEstimate
    rules_version: str

    def as_dict(self) -> dict:
        return {
            "on_date": self.on_date.isoformat(),
            "status": str(self.status),
            "categories": [c.as_dict() for c in self.categories],
            "derogation": self.derogation.as_dict() if self.derogation else None,
            "missing": list(self.missing),
            "missing_labels": [str(FACT_LABELS[name]) for name in self.missing],
            "documents": [
                {"code": code, "label": str(DOCUMENT_LABELS[code])} for code in self.documents
            ],
            "advice": [{"code": code, "message": str(ADVICE[code])} for code in self.advice],
            "allowance": self.allowance.as_dict(),
            "travel": self.travel.as_dict(),
            "childcare": self.childcare.as_dict(),
            "rules_version": self.rules_version,
        }


def _ordered_missing(outcomes: list[Outcome]) -> tuple[str, ...]:
    wanted = {name for o in outcomes if o.value is None for name in o.missing}
    return tuple(name for name in Situation.field_names() if name in wanted)


def _documents(rules: list[Rule]) -> tuple[str, ...]:
    codes = list(raw_categories().get("common_documents", []))
    for rule in rules:
        codes.extend(rule.documents)
    return tuple(dict.fromkeys(codes))


def _refusal_advice(situation: Situation, facts: Facts) -> tuple[str, ...]:
    if facts.get("not_subject_to_compulsory_schooling") is False:
        return ("compulsory_schooling",)
    certificate = situation.highest_certificate
    ceiling = parameter("certificates.max_derogation", facts.on_date)
    if certificate is not None and certificate_rank(certificate) > certificate_rank(ceiling.value):
        return ("too_many_diplomas",)
    return ("register_forem",)


def _is_long(situation: Situation, on_date: datetime.date) -> bool:
    limit = parameter("durations.max_training_hours", on_date)
    hours, weeks = situation.planned_hours_per_week, situation.planned_weeks
    if limit is None or limit.value is None or hours is None or weeks is None:
        return False
    return Decimal(hours) * weeks > limit.value


def evaluate(situation: Situation) -> Result:
    """Decide eligibility and estimate allowances. Never raises on a validated situation."""
    on_date = situation.on_date or timezone.localdate()
    facts = Facts(situation, on_date)
    rules = [r for r in category_rules() if r.in_force(on_date)]
    derogation = derogation_rule()
    outcomes = {rule.code: evaluate_condition(rule.conditions, facts) for rule in rules}
    derogation_outcome = (
        evaluate_condition(derogation.conditions, facts)
        if derogation.in_force(on_date)
        else Outcome(False)
    )

    met = [rule for rule in rules if outcomes[rule.code].value is True]
    open_outcomes = [o for o in outcomes.values() if o.value is None]
    missing: tuple[str, ...] = ()
    derogation_match = None
    if met:
        status = Status.ELIGIBLE
        documents = _documents(met)
        advice = ("next_step", "long_training") if _is_long(situation, on_date) else ("next_step",)
    elif not rules and not derogation.in_force(on_date):
        status, documents, advice = Status.NOT_ELIGIBLE, _documents([]), ("before_decree",)
    elif open_outcomes or derogation_outcome.value is None:
        status = Status.INCOMPLETE
        missing = _ordered_missing([*open_outcomes, derogation_outcome])
        documents = _documents([])
        advice = ("answer_missing",)
        if derogation_outcome.value is True:
            advice += ("derogation_fallback",)
    elif derogation_outcome.value is True:
        status = Status.DEROGATION_POSSIBLE
        derogation_match = CategoryMatch.of(derogation)
        documents = _documents([derogation])
        advice = ("derogation",)
    else:
        status = Status.NOT_ELIGIBLE
        documents = _documents([])
        advice = _refusal_advice(situation, facts)

    return Result(
        on_date=on_date,
        status=status,
        categories=tuple(CategoryMatch.of(rule) for rule in met),
        derogation=derogation_match,
        missing=missing,
        documents=documents,
        advice=advice,
        allowance=training_allowance(
            on_date, situation.planned_hours_per_week, situation.planned_weeks
        ),
        travel=travel_costs(on_date, situation.commute_km),
        childcare=childcare_costs(on_date, situation.children_in_childcare),
        rules_version=rules_version(),
    )
