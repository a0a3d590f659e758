"""What a prescriber learns after "contrat signé" (docs/privacy.md, "à confirmer avec le DPO").

What happens in training can affect a person's benefits, so the prescriber learns it only while
the person's agreement stands (``OutcomeConsent``): started, suspended, ended early, completed,
exit towards a job or a training. Without it the prescriber reads "En formation" and nothing
more. The reason of an interruption (health, family…) is never shown to a prescriber.

Lists call ``with_outcome`` on their referral queryset: two prefetches, whatever the number of
rows.
"""

import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin.intake.models import OutcomeConsent
from tremplin.intake.states import CandidacyStatus
from tremplin.training.models import Contract, ExitReason

TOWARDS_JOB = frozenset({ExitReason.JOB, ExitReason.SOCIAL_ENTERPRISE})
TOWARDS_TRAINING = frozenset(
    {
        ExitReason.FOREM_TRAINING,
        ExitReason.IFAPME,
        ExitReason.PROMOTION_SOCIALE,
        ExitReason.VALIDATION,
        ExitReason.OTHER_CISP,
    }
)


def with_outcome(referrals):
    """Prefetch what ``outcome`` reads: the candidacy's contracts with their exit, and the
    standing agreement."""
    return referrals.prefetch_related(
        Prefetch(
            "candidacy__contracts",
            queryset=Contract.objects.select_related("exit").order_by("-start_date"),
            to_attr="contracts_for_prescriber",
        ),
        Prefetch(
            "outcome_consents",
            queryset=OutcomeConsent.objects.standing(),
            to_attr="standing_consents",
        ),
    )


def standing_consent(referral) -> OutcomeConsent | None:
    consents = getattr(referral, "standing_consents", None)
    if consents is None:
        consents = list(referral.outcome_consents.standing())
    return consents[0] if consents else None


def _contracts(referral) -> list[Contract]:
    contracts = getattr(referral.candidacy, "contracts_for_prescriber", None)
    if contracts is None:
        contracts = list(
            referral.candidacy.contracts.select_related("exit").order_by("-start_date")
        )
    return contracts


def _exit_of(contract):
    try:
        return contract.exit
    except Contract.exit.RelatedObjectDoesNotExist:
        return None


def _detail(contract: Contract, today: datetime.date) -> str:
    exit_ = _exit_of(contract)
    if exit_ is not None:
        if exit_.reason in TOWARDS_JOB:
            return _("Sortie vers un emploi le %(day)s") % {"day": formatting.day(exit_.date)}
        if exit_.reason in TOWARDS_TRAINING:
            return _("Sortie vers une autre formation le %(day)s") % {
                "day": formatting.day(exit_.date)
            }
        if exit_.reason == ExitReason.COMPLETED:
            return _("Formation terminée le %(day)s") % {"day": formatting.day(exit_.date)}
        return _("Formation arrêtée avant la fin, le %(day)s") % {"day": formatting.day(exit_.date)}
    if contract.status == Contract.Status.ENDED:
        end = contract.actual_end_date or contract.planned_end_date
        if end < contract.planned_end_date:
            return _("Formation arrêtée avant la fin, le %(day)s") % {"day": formatting.day(end)}
        return _("Formation terminée le %(day)s") % {"day": formatting.day(end)}
    if contract.status == Contract.Status.SUSPENDED:
        return _("Formation suspendue")
    if contract.start_date > today:
        return _("Contrat signé, la formation commence le %(day)s") % {
            "day": formatting.day(contract.start_date)
        }
    return _("En formation depuis le %(day)s") % {"day": formatting.day(contract.start_date)}


def outcome(referral, today: datetime.date) -> str:
    """What the prescriber may read after "contrat signé"; "" before the contract."""
    if referral.candidacy.status != CandidacyStatus.CONTRACT_SIGNED:
        return ""
    contracts = _contracts(referral)
    if not contracts or standing_consent(referral) is None:
        return _("En formation")
    return _detail(contracts[0], today)
