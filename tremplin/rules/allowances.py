"""What a trainee would receive: the training allowance, travel and childcare costs.

All three are estimates: the Forem pays on the hours actually followed and on real costs.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin.rules.parameters import Confidence, get_parameter, parameter

CENT = Decimal("0.01")


def _money(amount: Decimal | None) -> float | None:
    return None if amount is None else float(amount.quantize(CENT, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class AllowancePeriod:
    start: datetime.date
    end: datetime.date  # exclusive
    hourly_rate_eur: Decimal
    hours: Decimal
    legal_reference: str

    def as_dict(self) -> dict:
        return {
            "from": self.start.isoformat(),
            "until": (self.end - datetime.timedelta(days=1)).isoformat(),
            "hourly_rate_eur": _money(self.hourly_rate_eur),
            "hours": _money(self.hours),
            "legal_reference": self.legal_reference,
        }


@dataclass(frozen=True)
class Allowance:
    hourly_rate_eur: Decimal | None
    estimated_gross_eur: Decimal | None
    planned_hours: Decimal | None
    legal_reference: str
    source: str
    confidence: str
    periods: tuple[AllowancePeriod, ...] = ()

    def as_dict(self) -> dict:
        return {
            "estimation": True,
            "hourly_rate_eur": _money(self.hourly_rate_eur),
            "estimated_gross_eur": _money(self.estimated_gross_eur),
            "planned_hours": _money(self.planned_hours),
            "legal_reference": self.legal_reference,
            "source": self.source,
            "confidence": self.confidence,
            "periods": [p.as_dict() for p in self.periods],
        }


def training_allowance(
    on_date: datetime.date, hours_per_week: Decimal | None, weeks: int | None
) -> Allowance:
    """Gross allowance for ``hours_per_week`` during ``weeks`` weeks from ``on_date``.

    If the hourly rate changes during the training, hours are spread evenly over the days
    and each day is paid at the rate in force that day.
    """
    rates = get_parameter("allowance.hourly_rate")
    current = rates.at(on_date)
    if current is None:
        return Allowance(None, None, None, "", "", str(Confidence.TO_CONFIRM))
    reference = {
        "legal_reference": current.reference,
        "source": current.source,
        "confidence": str(current.confidence),
    }
    if hours_per_week is None or weeks is None:
        return Allowance(current.value, None, None, **reference)
    hours_per_week = Decimal(hours_per_week)
    end = on_date + datetime.timedelta(weeks=weeks)
    periods = []
    total = Decimal(0)
    for start, stop, in_force in rates.periods(on_date, end):
        days = (stop - start).days
        hours = hours_per_week * days / 7
        total += in_force.value * hours_per_week * days / 7
        periods.append(AllowancePeriod(start, stop, in_force.value, hours, in_force.reference))
    return Allowance(
        current.value,
        total,
        hours_per_week * weeks,
        periods=tuple(periods) if len(periods) > 1 else (),
        **reference,
    )


@dataclass(frozen=True)
class CostEstimate:
    applies: bool | None
    explanation: str
    legal_reference: str
    confidence: str
    estimated_eur: Decimal | None = None

    def as_dict(self) -> dict:
        return {
            "estimation": True,
            "applies": self.applies,
            "estimated_eur": _money(self.estimated_eur),
            "explanation": self.explanation,
            "legal_reference": self.legal_reference,
            "confidence": self.confidence,
        }


def travel_costs(on_date: datetime.date, commute_km: Decimal | None) -> CostEstimate:
    rule = parameter("travel.reimbursed", on_date)
    applies = None if commute_km is None else commute_km > 0
    if rule is None or not rule.value:
        return CostEstimate(applies, _("Pas de règle connue à cette date."), "", "to_confirm")
    explanation = _(
        "Le Forem rembourse une partie de vos trajets entre chez vous et le centre. "
        "Tremplin ne connaît pas encore le barème exact : nous ne donnons pas de montant. "
        "Gardez vos tickets ou votre abonnement."
    )
    return CostEstimate(applies, explanation, rule.reference, str(rule.confidence))


def childcare_costs(on_date: datetime.date, children: int | None) -> CostEstimate:
    young = parameter("childcare.share_non_school_age", on_date)
    school = parameter("childcare.share_school_age", on_date)
    applies = None if children is None else children > 0
    if young is None or school is None:
        return CostEstimate(applies, _("Pas de règle connue à cette date."), "", "to_confirm")
    explanation = _(
        "Le Forem peut rembourser une partie des frais de garde de vos enfants : "
        "%(young)s pour un enfant qui ne va pas encore à l'école, %(school)s pour un enfant "
        "à l'école. Ces chiffres datent de 2001 et sont à confirmer. Gardez vos factures."
    ) % {"young": formatting.percent(young.value, 0), "school": formatting.percent(school.value, 0)}
    confidence = (
        "verified" if young.confidence == school.confidence == Confidence.VERIFIED else "to_confirm"
    )
    return CostEstimate(applies, explanation, young.reference, confidence)
