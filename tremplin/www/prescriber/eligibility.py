"""The eligibility simulator inside the referral form.

The questions are the public simulator's own steps (``eligibility_forms.STEPS``), shown on
the referral page with a prefix each; the birth date and the postal code come from the
referral form, the training's hours and weeks and the distance from the chosen result, so
nothing is asked twice. The answers travel only in the page's POST and are stored with the
referral when it is sent (``ReferralEligibility``), never elsewhere.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.rules.engine import Result, evaluate, proofs_by_category
from tremplin.rules.texts import FACT_LABELS, STATUS_LABELS
from tremplin.www.centre.candidacies.forms import EligibilityForm
from tremplin.www.public.eligibility_forms import (
    CertificateStep,
    CostsStep,
    DisabilityStep,
    ForemStep,
    MonthsStep,
    SituationsStep,
    TrainingStep,
    situation_from_answers,
)

STEPS = (
    ForemStep,
    MonthsStep,
    CertificateStep,
    DisabilityStep,
    SituationsStep,
    TrainingStep,
    CostsStep,
)
CHECKED = "eligibility_checked"  # a hidden field: the counsellor asked for the check


def step_forms(data, training, distance_km) -> list:
    """The questions, bound to ``data`` when given, else prefilled from the training."""
    initial = {
        TrainingStep: {
            "planned_hours_per_week": training.hours_per_week,
            "planned_weeks": training.duration_weeks,
        },
        CostsStep: {"commute_km": distance_km} if distance_km is not None else {},
    }
    return [
        step(data, prefix=f"e{index}", initial=initial.get(step, {}))
        for index, step in enumerate(STEPS)
    ]


def situation(forms, birth_date: datetime.date | None, postal_code: str):
    """The engine's situation from valid step forms and the referral form's person."""
    answers = {"birth_date": birth_date.isoformat() if birth_date else None}
    answers["postal_code"] = postal_code or None
    for form in forms:
        answers.update(form.answers())
    return situation_from_answers(answers, timezone.localdate())


def summary(status: str, categories: list[str], missing=(), on_date=None) -> dict:
    """What the counsellor and the centre read of a check: the verdict, the categories, the
    missing answers and the proofs to bring, per category."""
    on_date = on_date or timezone.localdate()
    return {
        "status": status,
        "status_label": STATUS_LABELS[status],
        "proofs": proofs_by_category(status, categories, on_date),
        "missing": [FACT_LABELS[name] for name in missing],
    }


def result_summary(result: Result) -> dict:
    return summary(
        str(result.status),
        [category.code for category in result.categories],
        result.missing,
        result.on_date,
    )


def check(forms, birth_date, postal_code) -> dict:
    return result_summary(evaluate(situation(forms, birth_date, postal_code)))


def _shown(value, field) -> str:
    if value is None:
        return _("Pas de réponse")
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    return str(dict(getattr(field, "choices", ())).get(value, value))


def kept(eligibility) -> dict:
    """A kept check (``ReferralEligibility``) as the centre and the prescriber read it: the
    facts with the centre's own labels, the verdict and the proofs."""
    fields = EligibilityForm.base_fields
    facts = [
        (fields[name].label, _shown(eligibility.situation.get(name), fields[name]))
        for name in fields
        if name in eligibility.situation
    ]
    return {
        **summary(
            eligibility.status,
            eligibility.categories,
            on_date=timezone.localdate(eligibility.checked_at),
        ),
        "facts": facts,
        "eligibility": eligibility,
    }
