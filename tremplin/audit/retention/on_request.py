"""Erasure on request (RGPD art. 17): a coordinator erases a person the centre holds, with the
legal holds explained and recorded (decision 0804).

Without a contract, the file is erased at once. With ended contracts, the subsidy evidence
(contracts, attendance, statements, exits) must be kept until the end of the control period:
the person is pseudonymised now and the records are erased at that date by ``apply_retention``.
While a contract runs, the request is refused: the exit must be recorded first.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin.audit.models import AccessLog, ErasureRecord
from tremplin.audit.retention import journal
from tremplin.audit.retention.erase import erase_person, pseudonymise_person
from tremplin.audit.retention.schedule import RULES, add_months
from tremplin.refusals import Refused
from tremplin.training.models import Contract

RUNNING = (Contract.Status.ACTIVE, Contract.Status.SUSPENDED)


class ErasureRefused(Refused):
    """The file cannot be erased now (a contract is running)."""


@dataclass
class ErasurePlan:
    action: str  # ErasureRecord.Action
    holds: list[str] = field(default_factory=list)
    keep_until: datetime.date | None = None


def plan_erasure(person) -> ErasurePlan:
    """What an erasure request does to ``person`` and why some data must stay."""
    contracts = Contract.objects.filter(person=person)
    if contracts.filter(status__in=RUNNING).exists():
        raise ErasureRefused(
            _(
                "Un contrat de formation est en cours : enregistrez d'abord la sortie, "
                "puis effacez le dossier."
            ),
            code="contract_running",
        )
    last_end = contracts.aggregate(last=Max(Coalesce("actual_end_date", "planned_end_date")))[
        "last"
    ]
    log_hold = _access_log_hold(person)
    if last_end is None:
        return ErasurePlan(action=ErasureRecord.Action.ERASED, holds=log_hold)
    rule = RULES["trainee_records"]
    keep_until = add_months(last_end, rule.months)
    hold = _(
        "Les heures de formation, les contrats, les relevés et la sortie doivent être gardés "
        "jusqu'au %(date)s pour le contrôle des subsides (délai %(confidence)s) : ils sont "
        "pseudonymisés maintenant (plus de nom, de NISS, de coordonnées ni de texte libre) et "
        "seront effacés à cette date."
    ) % {"date": formatting.day(keep_until), "confidence": rule.confidence}
    return ErasurePlan(
        action=ErasureRecord.Action.PSEUDONYMISED, holds=[hold, *log_hold], keep_until=keep_until
    )


def _access_log_hold(person) -> list[str]:
    """The access log stays for security (ids, dates, pages: no name or content)."""
    last = AccessLog.objects.about_person(person).aggregate(last=Max("accessed_at"))["last"]
    if last is None:
        return []
    rule = RULES["access_log"]
    until = add_months(timezone.localdate(last), rule.months)
    return [
        _(
            "Le journal des consultations (qui a ouvert le dossier, quand et sur quelle page ; "
            "ni nom ni contenu du dossier) est gardé jusqu'au %(date)s pour la sécurité "
            "(délai %(confidence)s), puis effacé."
        )
        % {"date": formatting.day(until), "confidence": rule.confidence}
    ]


def erase_on_request(person, *, by, organisation, reason: str) -> ErasureRecord:
    """Apply the plan for ``person`` and record it (who asked, why, the holds explained)."""
    if not reason.strip():
        raise ErasureRefused(_("Indiquez la demande (date, par qui, comment)."), code="no_reason")
    plan = plan_erasure(person)
    with transaction.atomic():
        if plan.action == ErasureRecord.Action.ERASED:
            erase_person(person)
        else:
            pseudonymise_person(person)
        record, _created = ErasureRecord.objects.update_or_create(
            kind=ErasureRecord.Kind.PERSON,
            object_id=str(person.pk),
            action=plan.action,
            defaults={
                "rule": "request",
                "reason": "\n".join([reason.strip(), *plan.holds]),
                "requested_by": by,
                "organisation": organisation,
                "applied_at": timezone.now(),
            },
        )
        transaction.on_commit(lambda: journal.append([record]))
    return record
