"""What the training contract and the attestation say, filled from what Tremplin knows
(docs/decisions/0655).

The clauses come from the federation's versioned template (``ContractTemplate``); the parties,
training, dates, schedule, hours and allowance come from the contract and the rules parameters.
The contract prints its terms as signed; each change since has its amendment (decision 0658).
"""

import datetime

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin.rules.texts import PARAMETER_LABELS
from tremplin.training import parameters
from tremplin.training.amendments import Amendment, amendments_of, signed_end_date
from tremplin.training.contract_templates import clauses_of, version_label
from tremplin.training.contracts import planned_hours
from tremplin.training.models import AttendanceDay, Contract, format_hours
from tremplin.training.periods import ZERO


def person_address(person) -> str:
    place = " ".join(
        part
        for part in (person.postal_code, person.municipality.name_fr if person.municipality else "")
        if part
    )
    return ", ".join(part for part in (person.street, place) if part)


def parties_context(contract: Contract) -> dict:
    """What the parties block (``training/pdf/_parties.html``) and « Fait à … » need."""
    site = contract.training.site
    return {
        "contract": contract,
        "site_address": site.address,
        "person_address": person_address(contract.person),
        "place": site.postal_code.locality or site.postal_code.municipality.name_fr,
    }


def signing_day(contract: Contract) -> datetime.date | None:
    return timezone.localdate(contract.signed_at) if contract.signed_at else None


def copy_line(contract: Contract, today: datetime.date) -> str:
    """What this print is when it is not the paper the parties sign: a copy of the contract
    signed on …, or of one whose signing date Tremplin does not have (a centre's import), with
    the day it ended if it did (decision 0659). "" for the paper to sign: a signed contract
    printed until its first day (the signing day, if later), not ended."""
    signed = signing_day(contract)
    ended = contract.actual_end_date
    if signed is not None and ended is None and today <= max(signed, contract.start_date):
        return ""
    values = {"today": formatting.day(today), "signed": formatting.day(signed)}
    if signed is None:
        line = _(
            "Copie imprimée le %(today)s. La date de signature de ce contrat n'est pas "
            "enregistrée dans Tremplin."
        )
    else:
        line = _("Copie imprimée le %(today)s du contrat signé le %(signed)s.")
    line %= values
    if ended is None:
        return line
    if ended < contract.planned_end_date:
        end = _("Fin du contrat : le %(end)s, avant la date de fin prévue.")
    else:
        end = _("Fin du contrat : le %(end)s.")
    return f"{line} {end % {'end': formatting.day(ended)}}"


def contract_context(contract: Contract, today: datetime.date | None = None) -> dict:
    """The PDF template's context: the terms as signed (the planned end before any extension,
    the hours it planned, no suspension), and the dates of the amendments since. A contract
    without the version it was signed with (signed before the first one, or imported) is
    printed with the current version and says so in one sentence (decision 0659). A print made
    after the signing day, or of an ended contract, says it is a copy; « Fait à … » has the
    signing date only when Tremplin knows it."""
    today = today or timezone.localdate()
    rate = parameters.in_force(parameters.HOURLY_RATE, contract.start_date)
    clauses = clauses_of(contract)
    amendments = amendments_of(contract)
    end = signed_end_date(contract, amendments)
    return {
        **parties_context(contract),
        "template": clauses.printed,
        "clauses_version": version_label(clauses.printed) if clauses.printed else "",
        "clauses_reprinted": clauses.reprint_sentence(),
        "planned_end_date": end,
        "weekly": contract.schedule_display(),
        "hours_per_week": format_hours(contract.hours_per_week),
        "total_hours": format_hours(
            planned_hours(contract.weekly_schedule, contract.start_date, end)
        ),
        "amended": amended_line(amendments),
        "rate": rate,
        "rate_display": formatting.money(rate.value) if rate else "",
        "rate_label": PARAMETER_LABELS[parameters.HOURLY_RATE],
        "signed_on": signing_day(contract),
        "copy_line": copy_line(contract, today),
    }


def amended_line(amendments: list[Amendment]) -> str:
    """« Modifié par avenant le 3 février 2023 (prolongation), le … (suspension). », or ""."""
    if not amendments:
        return ""
    dates = ", ".join(
        _("le %(date)s (%(what)s)")
        % {"date": formatting.day(a.changed_on), "what": a.label.lower()}
        for a in amendments
    )
    return _("Modifié par avenant %(dates)s.") % {"dates": dates}


def amendment_context(contract: Contract, amendment: Amendment) -> dict:
    """The amendment PDF's context: the parties, which contract, what changes, when."""
    clauses = clauses_of(contract)
    return {
        **parties_context(contract),
        "amendment": amendment,
        "changes": amendment.sentences(),
        "signed_on": signing_day(contract),
        "clauses": clauses,
        "clauses_version": version_label(clauses.printed) if clauses.signed_with else "",
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
    return {
        **parties_context(contract),
        "exit": exit_,
        "totals": totals,
        "by_month": hours_by_month(contract),
        "born": born_phrase(contract.person),
        "issued_on": today or timezone.localdate(),
    }
