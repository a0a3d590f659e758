"""The eligibility check of a candidacy, made with the rules engine.

The person's file gives what it knows (birth date, certificate, Forem registration, income at
entry); the staff member answers the rest and lists the documents seen. The engine's answer is
stored with the facts used and the version of the rules (``EligibilityCheck``).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tremplin.intake.models import (
    Candidacy,
    EligibilityCheck,
    EligibilityEvidence,
    Person,
    ReferralEligibility,
)
from tremplin.intake.workflow import touch
from tremplin.rules.engine import Situation, evaluate

# Facts the staff answer on the form (the others come from the person file).
ASKED_FACTS = (
    "forem_registered",
    "months_registered_last_24",
    "highest_certificate",
    "integration_income",
    "equivalent_social_aid",
    "disability_recognised",
    "incapacity_percent",
    "justice_measure",
    "sickness_benefit",
    "foreign_origin",
    "reentering_labour_market",
)


def facts_from_person(person: Person, today: datetime.date) -> dict:
    """What the file already says, as initial answers of the form."""
    facts = {"highest_certificate": person.highest_certificate or None}
    if person.forem_registration_date:
        facts["forem_registered"] = True
        months = (today.year - person.forem_registration_date.year) * 12 + (
            today.month - person.forem_registration_date.month
        )
        facts["months_registered_last_24"] = max(0, min(24, months))
    if person.income_at_entry:
        facts["integration_income"] = person.income_at_entry == "integration_income"
    return facts


def facts_for_check(candidacy: Candidacy, today: datetime.date) -> dict:
    """What the file says, completed by the facts the prescriber checked with the person at
    the referral (they are not asked again)."""
    facts = facts_from_person(candidacy.person, today)
    kept = ReferralEligibility.objects.filter(referral__candidacy=candidacy).first()
    if kept is not None:
        for name in ASKED_FACTS:
            if kept.situation.get(name) is not None and facts.get(name) is None:
                facts[name] = kept.situation[name]
    return facts


def as_json(situation: Situation) -> dict:
    def plain(value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    return {name: plain(getattr(situation, name)) for name in Situation.field_names()}


def record_check(
    candidacy: Candidacy, by, answers: dict, evidence: list[tuple[str, datetime.date]]
) -> EligibilityCheck:
    """Evaluate and store. ``answers`` holds ``ASKED_FACTS`` (None for unknown);
    ``evidence`` the (document type, document date) pairs seen."""
    today = timezone.localdate()
    facts = {name: answers.get(name) for name in ASKED_FACTS}
    situation = Situation.from_dict(
        {**facts, "on_date": today, "birth_date": candidacy.person.birth_date}
    )
    result = evaluate(situation)
    with transaction.atomic():
        check = EligibilityCheck.objects.create(
            candidacy=candidacy,
            checked_by=by,
            situation=as_json(situation),
            status=str(result.status),
            categories=[category.code for category in result.categories],
            result=result.as_dict(),
            rules_version=result.rules_version,
        )
        EligibilityEvidence.objects.bulk_create(
            EligibilityEvidence(eligibility_check=check, document_type=kind, document_date=day)
            for kind, day in evidence
        )
        touch(candidacy)
    return check
