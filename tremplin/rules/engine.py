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
import functools
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext

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
from tremplin.rules.missing import questions_that_matter
from tremplin.rules.parameters import Confidence, all_parameters, parameter
from tremplin.rules.texts import (
    ADVICE,
    BEING_CHECKED,
    CATEGORY_LABELS,
    DOCUMENT_LABELS,
    FACT_LABELS,
    PARAMETER_LABELS,
)

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


@functools.cache
def category_rules() -> tuple[Rule, ...]:
    return tuple(Rule.from_yaml(c) for c in raw_categories()["categories"])


@functools.cache
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
class PendingCheck:
    """A rule or value to confirm that the answer rests on: another reading of it would
    change the answer, or the answer only comes from categories still to confirm."""

    code: str  # a category code (B, D1, DEROGATION) or a parameter name
    label: str
    legal_reference: str
    source: str
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "legal_reference": self.legal_reference,
            "source": self.source,
            "note": gettext(self.note) if self.note else "",
            "message": str(BEING_CHECKED),
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
    to_confirm: tuple[PendingCheck, ...] = ()

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
            "to_confirm": [check.as_dict() for check in self.to_confirm],
            "rules_version": self.rules_version,
        }


def _documents(rules: list[Rule]) -> tuple[str, ...]:
    codes = list(raw_categories().get("common_documents", []))
    for rule in rules:
        codes.extend(rule.documents)
    return tuple(dict.fromkeys(codes))


def proofs_by_category(status: str, categories: list[str], on_date: datetime.date) -> list[dict]:
    """The proofs a centre will ask for, per category: those met when the person is eligible,
    the derogation's when it is possible, every category in force while answers are missing
    (the person brings what fits), none when the person is not eligible."""
    if status == Status.ELIGIBLE:
        rules = [rule for rule in category_rules() if rule.code in categories]
    elif status == Status.DEROGATION_POSSIBLE:
        rules = [derogation_rule()]
    elif status == Status.INCOMPLETE:
        rules = [rule for rule in category_rules() if rule.in_force(on_date)]
    else:
        rules = []
    return [
        {
            "code": rule.code,
            "label": rule.label,
            "documents": [str(DOCUMENT_LABELS[code]) for code in _documents([rule])],
        }
        for rule in rules
    ]


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


@dataclass(frozen=True)
class Decision:
    """The three-valued verdict for one situation, before documents and advice."""

    status: Status
    met: tuple[Rule, ...]
    derogation: Outcome
    open_facts: tuple[str, ...]  # unknown facts of the rules still undecided


def decide(situation: Situation, on_date: datetime.date, overrides=None) -> Decision:
    """``overrides``: another reading of some parameters, ``{name: value}``."""
    facts = Facts(situation, on_date, overrides)
    rules = [r for r in category_rules() if r.in_force(on_date)]
    derogation = derogation_rule()
    outcomes = [evaluate_condition(rule.conditions, facts) for rule in rules]
    derogation_outcome = (
        evaluate_condition(derogation.conditions, facts)
        if derogation.in_force(on_date)
        else Outcome(False)
    )
    met = tuple(rule for rule, o in zip(rules, outcomes, strict=True) if o.value is True)
    undecided = [o for o in outcomes if o.value is None]
    if derogation_outcome.value is None:
        undecided.append(derogation_outcome)
    open_facts = {name for o in undecided for name in o.missing}
    ordered = tuple(name for name in Situation.field_names() if name in open_facts)
    if met:
        status = Status.ELIGIBLE
    elif undecided:
        status = Status.INCOMPLETE
    elif derogation_outcome.value is True:
        status = Status.DEROGATION_POSSIBLE
    else:
        status = Status.NOT_ELIGIBLE
    return Decision(status, met, derogation_outcome, ordered if status == Status.INCOMPLETE else ())


def other_readings(on_date: datetime.date):
    """``(value in force, another reading)`` for every value to confirm that declares
    ``alternatives`` in its YAML entry."""
    for param in all_parameters().values():
        current = param.at(on_date)
        if current is not None and current.confidence == Confidence.TO_CONFIRM:
            for reading in current.alternatives:
                yield current, reading


def pending_checks(
    situation: Situation, on_date: datetime.date, decision: Decision
) -> tuple[PendingCheck, ...]:
    """What a final answer rests on that is still to confirm: categories to confirm when no
    verified category is met (or the derogation), and every value to confirm whose other
    reading would change the answer."""
    if decision.status == Status.INCOMPLETE:
        return ()
    rules = []
    if decision.status == Status.ELIGIBLE and all(
        rule.confidence == Confidence.TO_CONFIRM for rule in decision.met
    ):
        rules = list(decision.met)
    elif decision.status == Status.DEROGATION_POSSIBLE:
        rules = [derogation_rule()]
    checks = {
        rule.code: PendingCheck(rule.code, rule.label, rule.legal_reference, rule.source)
        for rule in rules
    }
    for value, reading in other_readings(on_date):
        if value.name in checks:
            continue
        if decide(situation, on_date, {value.name: reading}).status != decision.status:
            checks[value.name] = PendingCheck(
                value.name,
                str(PARAMETER_LABELS[value.name]),
                value.reference,
                value.source,
                value.note,
            )
    return tuple(checks.values())


def evaluate(situation: Situation) -> Result:
    """Decide eligibility and estimate allowances. Never raises on a validated situation."""
    on_date = situation.on_date or timezone.localdate()
    facts = Facts(situation, on_date)
    decision = decide(situation, on_date)
    derogation = derogation_rule()
    status = decision.status
    missing: tuple[str, ...] = ()
    derogation_match = None
    to_confirm = pending_checks(situation, on_date, decision)
    if status == Status.ELIGIBLE:
        documents = _documents(list(decision.met))
        advice = ("next_step", "long_training") if _is_long(situation, on_date) else ("next_step",)
    elif status == Status.INCOMPLETE:
        missing = questions_that_matter(situation, on_date, decide) or decision.open_facts
        documents = _documents([])
        advice = ("answer_missing",)
        if decision.derogation.value is True:
            advice += ("derogation_fallback",)
    elif status == Status.DEROGATION_POSSIBLE:
        derogation_match = CategoryMatch.of(derogation)
        documents = _documents([derogation])
        advice = ("derogation",)
    elif not any(r.in_force(on_date) for r in [*category_rules(), derogation]):
        documents, advice = _documents([]), ("before_decree",)
    else:
        documents = _documents([])
        advice = _refusal_advice(situation, facts)

    if to_confirm:
        advice += ("being_checked",)
    return Result(
        on_date=on_date,
        status=status,
        categories=tuple(CategoryMatch.of(rule) for rule in decision.met),
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
        to_confirm=to_confirm,
    )
