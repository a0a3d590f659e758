"""Exit from training: close the contract, record the reason and next step, invite to the
anonymous satisfaction survey."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tremplin.refusals import Refused
from tremplin.training.contracts import end_contract
from tremplin.training.models import Exit, ExitReason, SurveyInvitation
from tremplin.training.tokens import new_token

SURVEY_LINK_VALIDITY = datetime.timedelta(days=30)
JOB_NEEDS_CONTRACT_TYPE = gettext_lazy("Pour un emploi, indiquez le type de contrat.")


def record_exit(contract, *, by, date, reason, job_contract_type="", **details) -> Exit:
    """End ``contract`` on ``date`` and record its exit (one transaction)."""
    if reason == ExitReason.JOB and not job_contract_type:
        raise Refused(JOB_NEEDS_CONTRACT_TYPE, "job_needs_contract_type", "job_contract_type")
    if reason != ExitReason.JOB:
        job_contract_type = ""
    with transaction.atomic():
        end_contract(contract, end_date=date)
        return Exit.objects.create(
            contract=contract,
            date=date,
            reason=reason,
            job_contract_type=job_contract_type,
            created_by=by,
            **details,
        )


def invite_to_survey(centre, training) -> str:
    """A single-use link token for the anonymous survey (not tied to the person)."""
    raw, hashed = new_token()
    SurveyInvitation.objects.create(
        centre=centre,
        training=training,
        token_hash=hashed,
        expires_at=timezone.now() + SURVEY_LINK_VALIDITY,
    )
    return raw
