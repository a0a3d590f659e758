"""Training contracts: sign (from an admitted candidacy), suspend, resume, extend.

The end of a contract is recorded with its exit (``tremplin.training.exits``). Every rule
raises ``Refused`` (``tremplin.refusals``) with a French message and the form field it is about.

Confidence drives enforcement: beyond a *verified* maximum training duration a contract is
refused; beyond one still *to confirm* (today's 2,100 h) the centre is warned and may go on by
writing a reason (``limit_reason``), kept in ``ContractLimitOverride``.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.refusals import Conflict, Refused
from tremplin.rules.parameters import Confidence, ParameterValue
from tremplin.training import parameters
from tremplin.training.models import (
    AttendanceDay,
    Contract,
    ContractExtension,
    ContractLimitOverride,
    ContractSuspension,
    ContractTemplate,
    format_hours,
)
from tremplin.training.periods import ZERO


def planned_hours(schedule, start: datetime.date, end: datetime.date) -> Decimal:
    """Hours a weekly ``schedule`` (7 values, Monday first) plans from ``start`` to ``end``."""
    if end < start:
        return ZERO
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    total = sum((Decimal(h) for h in schedule), ZERO) * weeks
    for offset in range(rest):
        total += Decimal(schedule[(start.weekday() + offset) % 7])
    return total


def hours_done_by(person, exclude_contract=None) -> Decimal:
    """Training hours (followed + assimilées) of ``person`` in all their contracts."""
    rows = AttendanceDay.objects.filter(contract__person=person)
    if exclude_contract is not None:
        rows = rows.exclude(contract=exclude_contract)
    totals = rows.aggregate(f=Sum("hours_followed"), a=Sum("hours_assimilated"))
    return (totals["f"] or ZERO) + (totals["a"] or ZERO)


END_BEFORE_START = gettext_lazy("La date de fin doit être après la date de début.")
SECOND_CONTRACT = gettext_lazy("Cette personne a déjà un contrat en cours dans ce centre.")
NOT_ADMITTED = gettext_lazy("Seule une candidature admise peut recevoir un contrat.")


@dataclass(frozen=True)
class LimitExceeded:
    """The planned hours go beyond a maximum still to confirm: a warning, not a refusal."""

    limit: ParameterValue
    maximum: Decimal
    total: Decimal
    message: str


def check_terms(
    person, start: datetime.date, end: datetime.date, schedule, contract=None
) -> LimitExceeded | None:
    """A contract ends after it starts and stays within the maximum training duration
    (parameter ``durations.max_training_hours``, counting hours done in other contracts).
    Beyond a verified maximum: refused. Beyond one to confirm: returns the warning."""
    if end <= start:
        raise Refused(END_BEFORE_START, "end_before_start", "planned_end_date")
    limit = parameters.in_force(parameters.MAX_TRAINING_HOURS, start)
    if limit is None or limit.value is None:
        return None
    maximum = Decimal(limit.value)
    done = hours_done_by(person, exclude_contract=contract)
    planned = planned_hours(schedule, start, end)
    if done + planned <= maximum:
        return None
    values = {
        "planned": format_hours(planned),
        "done": format_hours(done),
        "max": format_hours(maximum),
        "reference": limit.reference,
    }
    if limit.confidence == Confidence.VERIFIED:
        raise Refused(
            _(
                "Ce contrat prévoit %(planned)s h ; avec les %(done)s h déjà suivies, la "
                "durée maximale de formation (%(max)s h) serait dépassée. Choisissez une "
                "date de fin plus proche ou moins d'heures par semaine."
            )
            % values,
            "max_duration",
            "planned_end_date",
        )
    message = _(
        "Attention : ce contrat prévoit %(planned)s h ; avec les %(done)s h déjà suivies, il "
        "dépasse la durée maximale de formation de %(max)s h. Cette limite est à confirmer "
        "(%(reference)s) : vous pouvez continuer en écrivant la raison."
    )
    return LimitExceeded(limit, maximum, done + planned, message % values)


def require_reason(exceeded: LimitExceeded | None, reason: str) -> None:
    """Going beyond a limit to confirm needs a reason; nothing is saved without one."""
    if exceeded is not None and not reason.strip():
        raise Refused(exceeded.message, "limit_to_confirm", "limit_reason")


def record_override(
    contract, exceeded: LimitExceeded | None, reason: str, by
) -> ContractLimitOverride | None:
    if exceeded is None:
        return None
    return ContractLimitOverride.objects.create(
        contract=contract,
        parameter=exceeded.limit.name,
        limit_hours=exceeded.maximum,
        total_hours=exceeded.total,
        legal_reference=exceeded.limit.reference[:300],
        reason=reason.strip(),
        created_by=by,
    )


def check_schedule(hours_per_week, schedule) -> None:
    total = sum((Decimal(h) for h in schedule), ZERO)
    if total != Decimal(hours_per_week):
        raise Refused(
            _("L'horaire de la semaine totalise %(total)s h, pas %(hours)s h.")
            % {"total": format_hours(total), "hours": format_hours(hours_per_week)},
            "schedule_total",
            "hours_per_week",
        )


def current_contract_exists(person, centre, contract=None) -> bool:
    found = Contract.objects.current().filter(person=person, centre=centre)
    if contract is not None:
        found = found.exclude(pk=contract.pk)
    return found.exists()


def sign_contract(*, person, training, by, candidacy=None, **terms) -> Contract:
    """Create the contract and, for a contract signed from a candidacy, move the candidacy to
    ``contract_signed`` (``tremplin.intake.workflow.transition``) in the same transaction:
    both happen or neither. ``terms``: start_date, planned_end_date, hours_per_week, schedule
    (7 values) and optionally group, forem_reference, commute_km, childcare fields,
    ``expected_version`` (the candidacy version the form showed) and ``limit_reason`` (why
    the centre goes beyond a maximum duration still to confirm)."""
    from tremplin.intake import workflow

    expected_version = terms.pop("expected_version", None)
    reason = terms.pop("limit_reason", "") or ""
    schedule = terms.pop("schedule")
    if candidacy is not None and candidacy.status != workflow.CandidacyStatus.ADMITTED:
        raise Refused(NOT_ADMITTED, "not_admitted")
    check_schedule(terms["hours_per_week"], schedule)
    exceeded = check_terms(person, terms["start_date"], terms["planned_end_date"], schedule)
    require_reason(exceeded, reason)
    if current_contract_exists(person, training.centre):
        raise Refused(SECOND_CONTRACT, "second_contract")
    contract = Contract(
        person=person,
        training=training,
        centre=training.centre,
        candidacy=candidacy,
        signed_at=timezone.now(),
        signed_by=by,
        template=ContractTemplate.objects.current(),
        **terms,
    )
    contract.set_weekly_schedule(schedule)
    try:
        with transaction.atomic():
            contract.save()
            record_override(contract, exceeded, reason, by)
            if candidacy is not None:
                signed = workflow.transition(
                    candidacy, "sign_contract", by=by, expected_version=expected_version
                )
                contract.told = signed.told  # who was told the contract is signed
    except IntegrityError as error:
        if "contract_one_current_per_person_centre" in str(error):
            raise Refused(SECOND_CONTRACT, "second_contract") from error
        raise
    return contract


def _hours_encoded_between(contract, start, end) -> bool:
    return (
        AttendanceDay.objects.filter(contract=contract, day__range=(start, end))
        .exclude(hours_followed=0, hours_assimilated=0, unjustified_absence_hours=0)
        .exists()
    )


def suspend(contract, *, starts_on, ends_on, reason, by, today=None) -> ContractSuspension:
    today = today or timezone.localdate()
    if contract.status == Contract.Status.ENDED:
        raise Refused(_("Ce contrat est terminé."), "contract_ended")
    if ends_on < starts_on:
        raise Refused(_("La suspension doit finir après son début."), "suspension_dates", "ends_on")
    if starts_on < contract.start_date or ends_on > contract.end_date:
        raise Refused(
            _("La suspension doit se trouver entre le début et la fin du contrat."),
            "suspension_dates",
            "starts_on",
        )
    overlapping = contract.suspensions.in_force().filter(
        starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if overlapping.exists():
        raise Refused(
            _("Une suspension couvre déjà une partie de ces jours."),
            "suspension_overlap",
            "starts_on",
        )
    if _hours_encoded_between(contract, starts_on, ends_on):
        raise Refused(
            _("Des heures sont déjà encodées pendant cette période."), "hours_encoded", "starts_on"
        )
    with transaction.atomic():
        suspension = ContractSuspension.objects.create(
            contract=contract, starts_on=starts_on, ends_on=ends_on, reason=reason, created_by=by
        )
        if starts_on <= today <= ends_on:
            contract.status = Contract.Status.SUSPENDED
            contract.save(update_fields=["status"])
    return suspension


def resume(contract, *, by, today=None) -> None:
    """End the current suspension yesterday: the trainee is back from today. The end first
    written is kept (``planned_ends_on``): its amendment says it was cut short. A suspension
    that starts today is cancelled, not deleted: its amendment may already be signed, so the
    row stays with who cancelled it and when, and nothing counts it (decision 0659)."""
    if contract.status == Contract.Status.ENDED:
        raise Refused(_("Ce contrat est terminé."), "contract_ended")
    today = today or timezone.localdate()
    with transaction.atomic():
        current = contract.suspensions.in_force().filter(starts_on__lte=today, ends_on__gte=today)
        for suspension in current:
            if suspension.starts_on == today:
                suspension.cancelled_at = timezone.now()
                suspension.cancelled_by = by
                suspension.save(update_fields=["cancelled_at", "cancelled_by"])
            else:
                suspension.planned_ends_on = suspension.planned_ends_on or suspension.ends_on
                suspension.ends_on = today - datetime.timedelta(days=1)
                suspension.save(update_fields=["ends_on", "planned_ends_on"])
        contract.status = Contract.Status.ACTIVE
        contract.save(update_fields=["status"])


ALREADY_EXTENDED = gettext_lazy(
    "Ce contrat vient d'être prolongé par quelqu'un d'autre. Rechargez la page."
)


def extend(contract, *, planned_end_date, by, limit_reason="") -> Contract:
    """Move the planned end later. The contract keeps the current end; the change is a
    ``ContractExtension`` row (the end before and after), so the contract prints the end it
    was signed with and the extension has its own amendment (docs/decisions/0658)."""
    if contract.status == Contract.Status.ENDED:
        raise Refused(_("Ce contrat est terminé."), "contract_ended")
    if planned_end_date <= contract.planned_end_date:
        raise Refused(
            _("La nouvelle date de fin doit être après l'actuelle."),
            "end_before_current",
            "planned_end_date",
        )
    exceeded = check_terms(
        contract.person,
        contract.start_date,
        planned_end_date,
        contract.weekly_schedule,
        contract=contract,
    )
    require_reason(exceeded, limit_reason or "")
    previous_end_date = contract.planned_end_date
    try:
        with transaction.atomic():
            contract.planned_end_date = planned_end_date
            contract.save(update_fields=["planned_end_date"])
            ContractExtension.objects.create(
                contract=contract,
                previous_end_date=previous_end_date,
                new_end_date=planned_end_date,
                limit_override=record_override(contract, exceeded, limit_reason or "", by),
                created_by=by,
            )
    except IntegrityError as error:
        contract.planned_end_date = previous_end_date
        if "extension_one_per_previous_end" in str(error):
            raise Conflict(ALREADY_EXTENDED, "already_extended", "planned_end_date") from error
        raise
    return contract


def end_contract(contract, *, end_date) -> None:
    """Close the contract on ``end_date`` (used by the exit). No hours may remain after it."""
    if contract.status == Contract.Status.ENDED:
        raise Refused(_("Ce contrat est déjà terminé."), "contract_ended")
    if end_date < contract.start_date:
        raise Refused(
            _("La sortie ne peut pas précéder le début du contrat."), "exit_before_start", "date"
        )
    if end_date > contract.planned_end_date:
        raise Refused(
            _("La sortie ne peut pas dépasser la fin prévue : prolongez d'abord le contrat."),
            "exit_after_planned_end",
            "date",
        )
    if _hours_encoded_between(contract, end_date + datetime.timedelta(days=1), datetime.date.max):
        raise Refused(_("Des heures sont encodées après cette date."), "hours_after_exit", "date")
    contract.actual_end_date = end_date
    contract.status = Contract.Status.ENDED
    contract.save(update_fields=["actual_end_date", "status"])
