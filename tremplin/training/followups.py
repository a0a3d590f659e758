"""The 6-month follow-up: created six months after each exit, sent by e-mail with a personal,
single-use link that expires; staff may record an answer taken by phone instead.

``send_due_followups`` is idempotent: a follow-up exists at most once per exit (database
constraint) and is sent at most once.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.intake import messages
from tremplin.refusals import Refused
from tremplin.training.models import Exit, FollowUp
from tremplin.training.periods import add_months
from tremplin.training.tokens import hash_token, new_token

FOLLOW_UP_AFTER_MONTHS = 6
LINK_VALIDITY = datetime.timedelta(days=30)


def follow_up_url(raw_token: str) -> str:
    return messages.absolute_url(reverse("public:followup_answer", args=[raw_token]))


def contact_of(person) -> tuple[str, str]:
    return getattr(person, "email", "") or "", getattr(person, "phone", "") or ""


def channel_for(person) -> str:
    """E-mail when the person left one, else SMS to their phone, else nothing."""
    email, phone = contact_of(person)
    if email:
        return FollowUp.Channel.EMAIL
    return FollowUp.Channel.SMS if phone else FollowUp.Channel.NONE


def deliver(follow_up: FollowUp, raw_token: str) -> None:
    """Send the link once the transaction commits, on the follow-up's channel only."""
    exit_ = follow_up.exit
    person = exit_.contract.person
    email, phone = contact_of(person)
    by_sms = follow_up.channel == FollowUp.Channel.SMS
    context = {
        "person": person,
        "centre": exit_.contract.centre,
        "url": follow_up_url(raw_token),
        "expires_at": timezone.localtime(follow_up.expires_at),
    }
    messages.FollowUpSixMonths(
        "" if by_sms else email, context, phone=phone if by_sms else "", language="fr"
    ).send_after_commit()


@dataclass
class SendReport:
    created: int = 0
    sent: int = 0
    without_contact: int = 0


def due_exits(today: datetime.date):
    """Exits at least six months old without a follow-up yet."""
    cutoff = add_months(today, -FOLLOW_UP_AFTER_MONTHS)
    return Exit.objects.filter(date__lte=cutoff, follow_up__isnull=True).select_related(
        "contract__person", "contract__centre"
    )


def send_due_followups(today: datetime.date, dry_run: bool = False, log=print) -> SendReport:
    report = SendReport()
    would_send = 0
    for exit_ in due_exits(today):
        channel = channel_for(exit_.contract.person)
        log(_("Suivi à six mois créé pour la sortie du %(date)s.") % {"date": exit_.date})
        report.created += 1
        would_send += channel != FollowUp.Channel.NONE
        if not dry_run:
            FollowUp.objects.get_or_create(
                exit=exit_,
                defaults={
                    "due_on": add_months(exit_.date, FOLLOW_UP_AFTER_MONTHS),
                    "channel": channel,
                },
            )
    unsent = FollowUp.objects.unanswered().filter(sent_at__isnull=True)
    if dry_run:
        report.sent = would_send + unsent.exclude(channel=FollowUp.Channel.NONE).count()
        return report
    for follow_up in unsent.select_related("exit__contract__person", "exit__contract__centre"):
        if follow_up.channel == FollowUp.Channel.NONE:
            report.without_contact += 1
            continue
        with transaction.atomic():
            locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
            if locked.sent_at is not None:
                continue
            raw, hashed = new_token()
            follow_up.token_hash = hashed
            follow_up.expires_at = timezone.now() + LINK_VALIDITY
            follow_up.sent_at = timezone.now()
            follow_up.save(update_fields=["token_hash", "expires_at", "sent_at"])
            deliver(follow_up, raw)
        report.sent += 1
    return report


class LinkProblem(Refused):
    """A personal link that cannot be used (forged, used, expired): the page is gone (410)."""

    status = 410

    def __init__(self, message):
        super().__init__(message, "link")


def follow_up_for_token(raw_token: str, for_update: bool = False) -> FollowUp:
    """The follow-up of a link, if it may still be answered; else ``LinkProblem`` in French."""
    found = FollowUp.objects.select_related("exit__contract__centre")
    if for_update:
        found = found.select_for_update(of=("self",))
    follow_up = found.filter(token_hash=hash_token(raw_token)).first()
    if follow_up is None:
        raise LinkProblem(_("Ce lien n'est pas valable. Vérifiez qu'il est complet."))
    if follow_up.is_answered:
        raise LinkProblem(_("Vous avez déjà répondu. Merci ! Ce lien ne peut servir qu'une fois."))
    if follow_up.expires_at is None or follow_up.expires_at <= timezone.now():
        raise LinkProblem(_("Ce lien a expiré. Le centre vous contactera peut-être par téléphone."))
    return follow_up


def record_answer(follow_up: FollowUp, *, via, by=None, **answer) -> FollowUp:
    follow_up.situation = answer["situation"]
    follow_up.job_contract_type = (
        answer.get("job_contract_type", "") if answer["situation"] == "job" else ""
    )
    follow_up.training_provider = (
        answer.get("training_provider", "") if answer["situation"] == "training" else ""
    )
    follow_up.comment = answer.get("comment", "")
    follow_up.answered_at = timezone.now()
    follow_up.answered_via = via
    follow_up.recorded_by = by
    follow_up.save()
    return follow_up


def answer_by_link(raw_token: str, **answer) -> FollowUp:
    """Single use: the row is locked, checked again, then answered."""
    with transaction.atomic():
        follow_up = follow_up_for_token(raw_token, for_update=True)
        return record_answer(follow_up, via=FollowUp.AnsweredVia.LINK, **answer)


def answer_by_phone(follow_up: FollowUp, *, by, **answer) -> FollowUp:
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.is_answered:
            raise LinkProblem(_("Une réponse est déjà enregistrée pour ce suivi."))
        return record_answer(locked, via=FollowUp.AnsweredVia.PHONE, by=by, **answer)
