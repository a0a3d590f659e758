"""What the training contract and the attestation say, filled from what Tremplin knows
(docs/decisions/0655).

The clauses come from the federation's versioned template (``ContractTemplate``); the parties,
training, dates, schedule, hours and allowance come from the contract and the rules parameters.
"""

import datetime

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin.rules.texts import PARAMETER_LABELS
from tremplin.training import parameters
from tremplin.training.models import AttendanceDay, Contract, ContractTemplate, format_hours
from tremplin.training.periods import ZERO


def person_address(person) -> str:
    place = " ".join(
        part
        for part in (person.postal_code, person.municipality.name_fr if person.municipality else "")
        if part
    )
    return ", ".join(part for part in (person.street, place) if part)


def contract_context(contract: Contract, today: datetime.date | None = None) -> dict:
    """The PDF template's context. A contract signed before templates existed is printed with
    the current version (and says which)."""
    site = contract.training.site
    signed_on = timezone.localdate(contract.signed_at) if contract.signed_at else None
    rate = parameters.in_force(parameters.HOURLY_RATE, contract.start_date)
    template = contract.template or ContractTemplate.objects.current()
    return {
        "contract": contract,
        "template": template,
        "weekly": contract.schedule_display(),
        "hours_per_week": format_hours(contract.hours_per_week),
        "total_hours": format_hours(
            contract.planned_hours_between(contract.start_date, contract.planned_end_date)
        ),
        "site_address": site.address,
        "person_address": person_address(contract.person),
        "rate": rate,
        "rate_display": formatting.money(rate.value) if rate else "",
        "rate_label": PARAMETER_LABELS[parameters.HOURLY_RATE],
        "place": site.postal_code.locality or site.postal_code.municipality.name_fr,
        "signed_on": signed_on or today or timezone.localdate(),
    }


def born_phrase(person) -> str:
    """« née le … » / « né le … » from the recorded gender, else a neutral wording: never a
    middle-dot form on a document."""
    if person.birth_date is None:
        return _("date de naissance inconnue")
    day = formatting.day(person.birth_date)
    if person.gender == "female":
        return _("née le %(day)s") % {"day": day}
    if person.gender == "male":
        return _("né le %(day)s") % {"day": day}
    return _("date de naissance : %(day)s") % {"day": day}


def hours_by_month(contract: Contract) -> list[dict]:
    """The hours followed and assimilées of each month of the contract, from the register
    (one query). Trainings have no modules in Tremplin: the attestation shows the months
    instead of inventing modules (decision 0657)."""
    return list(
        AttendanceDay.objects.filter(contract=contract)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(followed=Sum("hours_followed"), assimilated=Sum("hours_assimilated"))
        .exclude(followed=ZERO, assimilated=ZERO)
        .order_by("month")
    )


def attestation_context(contract: Contract, exit_, totals: dict, today=None) -> dict:
    site = contract.training.site
    return {
        "contract": contract,
        "exit": exit_,
        "totals": totals,
        "by_month": hours_by_month(contract),
        "born": born_phrase(contract.person),
        "site_address": site.address,
        "place": site.postal_code.locality or site.postal_code.municipality.name_fr,
        "issued_on": today or timezone.localdate(),
    }
