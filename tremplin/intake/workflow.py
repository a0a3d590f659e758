"""The candidacy workflow. ``transition(...)`` is the one way to change a candidacy's status.

States, sources and the transition table (name, from states, to state) are data in
``tremplin.intake.states``; this module applies them: it locks the candidacy, checks the
version the caller saw (optimistic concurrency), checks the transition is allowed, applies what
the transition needs (session, interview date, refusal reason, derogation quota), writes the
``CandidacyTransition`` log row and queues the messages to the person and the prescriber.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.intake import messages
from tremplin.intake.models import Candidacy, CandidacyTransition, DerogationQuota, Referral
from tremplin.intake.states import (
    ACTIVE_STATES,
    CLOSED_STATES,
    OPEN_STATES,
    STAFF_TRANSITIONS,
    TRANSITIONS,
    TRANSITIONS_BY_NAME,
    CandidacyStatus,
    RefusalReason,
    Source,
    Transition,
    WithdrawalReason,
    allowed_transitions,
)
from tremplin.refusals import Conflict, Refused

__all__ = [
    "ACTIVE_STATES",
    "CLOSED_STATES",
    "OPEN_STATES",
    "TRANSITIONS",
    "CandidacyStatus",
    "RefusalReason",
    "Source",
    "StaleCandidacy",
    "TransitionRefused",
    "expire_untouched",
    "staff_transitions",
    "touch",
    "transition",
    "transition_many",
]

# Decisions the prescriber who referred the person is told about.
PRESCRIBER_TOLD = {"admit", "put_on_waiting_list", "refuse", "sign_contract", "withdraw", "expire"}
# Decisions the person is told about, with the message class.
PERSON_TOLD = {
    "invite": messages.CandidacyInvited,
    "plan_interview": messages.InterviewPlanned,
    "admit": messages.CandidacyDecision,
    "put_on_waiting_list": messages.CandidacyDecision,
    "refuse": messages.CandidacyDecision,
    "expire": messages.CandidacyExpired,
}


class TransitionRefused(Refused):
    """A transition that cannot be done; ``message`` says why, in French."""


class StaleCandidacy(TransitionRefused, Conflict):
    """Someone else changed the candidacy since the caller's page was loaded."""


@dataclass(frozen=True)
class Details:
    """What some transitions need besides a reason."""

    session: object = None  # invite: the InfoSession (optional)
    interview_at: datetime.datetime | None = None  # plan_interview
    refusal_reason: str = ""  # refuse
    decision_message: str = ""  # refuse, admit, put_on_waiting_list: message to the person
    derogation: bool = False  # admit
    withdrawal_reason: str = ""  # withdraw_referral


def staff_transitions(candidacy: Candidacy) -> list[Transition]:
    """The buttons to show on the candidacy page."""
    return allowed_transitions(candidacy.status, STAFF_TRANSITIONS)


def transition(
    candidacy: Candidacy,
    name: str,
    by,
    reason: str = "",
    expected_version: int | None = None,
    *,
    by_label: str = "",
    now: datetime.datetime | None = None,
    **details,
) -> Candidacy:
    """Apply the transition ``name`` to ``candidacy`` on behalf of ``by`` (a user, or ``None``
    with ``by_label`` when nobody is logged in: the person, a centre through a link, the
    nightly command). Return the updated candidacy.

    ``expected_version`` is the version the caller's page showed; if the candidacy changed
    since, ``StaleCandidacy`` is raised and nothing is saved. Keyword ``details``: ``session``,
    ``interview_at``, ``refusal_reason``, ``decision_message``, ``derogation``.
    Raise ``TransitionRefused`` with a French message when the transition is not possible.
    """
    spec = TRANSITIONS_BY_NAME.get(name)
    if spec is None:
        raise TransitionRefused(_("Action inconnue : %(name)s.") % {"name": name}, "unknown")
    if by is None and not by_label:
        raise ValueError("Une étape dit toujours qui l'a faite (by ou by_label).")
    extra = Details(**details)
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Candidacy.objects.select_for_update(of=("self",))
            .select_related("training__centre", "person")
            .get(pk=candidacy.pk)
        )
        check_version(locked, expected_version)
        check_allowed(locked, spec)
        before = locked.status
        APPLY.get(name, lambda *args: None)(locked, extra, now)
        locked.status = spec.to_state
        locked.version += 1
        locked.updated_at = now
        locked.save()
        CandidacyTransition.objects.create(
            candidacy=locked,
            name=name,
            from_status=before,
            to_status=spec.to_state,
            by=by,
            by_label=by_label,
            reason=reason or extra.decision_message,
            at=now,
        )
        # Who was told and how (the registry's decision), for the confirmation of the page.
        locked.told = tell(locked, name)
    return locked


def check_version(candidacy: Candidacy, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != candidacy.version:
        raise StaleCandidacy(
            _(
                "Quelqu'un a modifié cette candidature pendant que vous la consultiez : elle "
                "est maintenant à l'étape « %(status)s ». Votre action n'a pas été enregistrée. "
                "Rechargez la page pour voir la situation à jour, puis recommencez si besoin."
            )
            % {"status": candidacy.get_status_display()},
            "stale",
        )


def check_allowed(candidacy: Candidacy, spec: Transition) -> None:
    if candidacy.status in spec.from_states:
        return
    # The prescriber's withdrawal is no action of the centre's: not suggested to it.
    possible = [
        str(t.label) for t in allowed_transitions(candidacy.status) if t.name != "withdraw_referral"
    ]
    message = _(
        "Action impossible : « %(action)s » ne se fait pas sur une candidature à l'étape "
        "« %(status)s »."
    ) % {"action": spec.label, "status": candidacy.get_status_display()}
    if possible:
        message += " " + _("Actions possibles : %(list)s.") % {"list": ", ".join(possible)}
    else:
        message += " " + _("Cette candidature est clôturée.")
    raise TransitionRefused(message, "not_allowed")


def apply_invite(candidacy: Candidacy, extra: Details, now) -> None:
    session = extra.session
    if session is None:
        return
    if session.centre_id != candidacy.training.centre_id:
        raise TransitionRefused(
            _("Cette séance n'est pas organisée par ce centre."), "session", "session"
        )
    if session.training_id not in (None, candidacy.training_id):
        raise TransitionRefused(
            _("Cette séance présente une autre formation."), "session", "session"
        )
    if session.status != "planned" or session.starts_at <= now:
        raise TransitionRefused(
            _("Cette séance est passée ou annulée. Choisissez une séance à venir."),
            "session",
            "session",
        )
    candidacy.session = session


def apply_plan_interview(candidacy: Candidacy, extra: Details, now) -> None:
    if extra.interview_at is None:
        raise TransitionRefused(
            _("Indiquez la date et l'heure de l'entretien."), "interview_at", "interview_at"
        )
    if extra.interview_at < now - datetime.timedelta(days=1):
        raise TransitionRefused(
            _("La date de l'entretien est déjà passée."), "interview_at", "interview_at"
        )
    candidacy.interview_at = extra.interview_at


def apply_refuse(candidacy: Candidacy, extra: Details, now) -> None:
    if extra.refusal_reason not in RefusalReason.values:
        raise TransitionRefused(
            _("Choisissez la raison du refus dans la liste."), "reason", "refusal_reason"
        )
    if extra.refusal_reason == RefusalReason.OTHER and not extra.decision_message.strip():
        raise TransitionRefused(
            _("Pour « Autre raison », expliquez-la dans le message à la personne."),
            "message",
            "decision_message",
        )
    candidacy.refusal_reason = extra.refusal_reason
    candidacy.decision_message = extra.decision_message.strip()


def apply_waiting_list(candidacy: Candidacy, extra: Details, now) -> None:
    candidacy.decision_message = extra.decision_message.strip()


def apply_admit(candidacy: Candidacy, extra: Details, now) -> None:
    check = candidacy.eligibility_checks.order_by("-checked_at").first()
    if check is None:
        raise TransitionRefused(
            _("Vérifiez d'abord les conditions d'accès (bloc « Conditions d'accès »)."),
            "no_check",
        )
    if extra.derogation:
        if check.status == "eligible":
            raise TransitionRefused(
                _("La personne remplit les conditions : pas besoin de dérogation."),
                "derogation",
                "derogation",
            )
        if check.status != "derogation_possible":
            raise TransitionRefused(
                _(
                    "Une dérogation n'est possible que si la vérification le permet "
                    "(diplôme au plus le CESS). Ici, le résultat est : %(status)s."
                )
                % {"status": check_status_label(check.status)},
                "derogation",
                "derogation",
            )
        use_derogation_place(candidacy, now)
    elif check.status != "eligible":
        raise TransitionRefused(
            _(
                "La dernière vérification dit : %(status)s. Admettez la personne par "
                "dérogation si c'est possible, complétez la vérification ou refusez."
            )
            % {"status": check_status_label(check.status)},
            "not_eligible",
        )
    candidacy.admitted_at = now
    candidacy.by_derogation = extra.derogation
    candidacy.decision_message = extra.decision_message.strip()


def check_status_label(status: str) -> str:
    return {
        "eligible": _("conditions remplies"),
        "derogation_possible": _("admission possible par dérogation"),
        "not_eligible": _("conditions non remplies"),
        "incomplete": _("informations manquantes"),
    }.get(status, status)


def use_derogation_place(candidacy: Candidacy, now) -> None:
    """Take one derogation place of the centre's quota for the year, or refuse. The quota row
    is locked so two admissions at once cannot both take the last place."""
    year = timezone.localtime(now).year
    centre = candidacy.training.centre
    quota = (
        DerogationQuota.objects.select_for_update()
        .filter(centre=centre, year=year)
        .with_used()
        .first()
    )
    if quota is None:
        raise TransitionRefused(
            _(
                "Le centre n'a pas de quota de dérogations pour %(year)s. La coordination "
                "peut l'indiquer dans la boîte des candidatures."
            )
            % {"year": year},
            "quota",
        )
    if quota.used >= quota.places:
        raise TransitionRefused(
            _(
                "Le quota de dérogations du centre pour %(year)s est atteint "
                "(%(used)s sur %(places)s). Admission par dérogation impossible."
            )
            % {"year": year, "used": quota.used, "places": quota.places},
            "quota",
        )


def apply_withdraw_referral(candidacy: Candidacy, extra: Details, now) -> None:
    if extra.withdrawal_reason not in WithdrawalReason.values:
        raise TransitionRefused(
            _("Choisissez la raison du retrait dans la liste."), "reason", "withdrawal_reason"
        )
    candidacy.withdrawal_reason = extra.withdrawal_reason


APPLY = {
    "invite": apply_invite,
    "plan_interview": apply_plan_interview,
    "refuse": apply_refuse,
    "put_on_waiting_list": apply_waiting_list,
    "admit": apply_admit,
    "withdraw_referral": apply_withdraw_referral,
}


def tell(candidacy: Candidacy, name: str) -> list[messages.Delivery]:
    """Queue the messages of a transition (sent after commit); return who is told and how."""
    from tremplin.intake.person import candidacy_context, candidacy_message

    told = []
    message_class = PERSON_TOLD.get(name)
    if message_class is not None:
        message = candidacy_message(message_class, candidacy)
        told.append(message.send_after_commit(candidacy.person.full_name))
    if name in PRESCRIBER_TOLD:
        referral = Referral.objects.filter(candidacy=candidacy).select_related("prescriber").first()
        # An author who left the organisation is not told any more (docs/privacy.md).
        if referral is not None and is_followed_by(referral, referral.prescriber):
            update = messages.ReferralUpdate(
                referral.prescriber.email,
                {
                    **candidacy_context(candidacy),
                    "referral": referral,
                    "action": name,
                    "prescriber_url": messages.absolute_url(reverse("prescriber:referral_list")),
                },
            )
            told.append(update.send_after_commit(str(referral.prescriber)))
    return told


def is_followed_by(referral: Referral, user) -> bool:
    return Referral.objects.visible_to(user).filter(pk=referral.pk).exists()


def touch(candidacy: Candidacy, now=None) -> None:
    """Something happened to the candidacy outside a transition (interview written,
    eligibility checked): it is not untouched any more."""
    now = now or timezone.now()
    Candidacy.objects.filter(pk=candidacy.pk).update(updated_at=now)
    candidacy.updated_at = now


def transition_many(candidacies, name: str, by, reason: str = "", **details):
    """Apply one transition to several candidacies, each on its own. Return
    ``(done, refused)``: the candidacies changed, and ``(candidacy, message)`` pairs."""
    done, refused = [], []
    for candidacy in candidacies:
        try:
            done.append(transition(candidacy, name, by, reason, **details))
        except TransitionRefused as error:
            refused.append((candidacy, error.message))
    return done, refused


def expire_after() -> datetime.timedelta:
    """How long an open candidacy may stay untouched before it expires (setting
    ``TREMPLIN_CANDIDACY_EXPIRE_AFTER_DAYS``, 60 days by default)."""
    return datetime.timedelta(days=getattr(settings, "TREMPLIN_CANDIDACY_EXPIRE_AFTER_DAYS", 60))


def expire_untouched(*, now=None, dry_run: bool = False) -> list[Candidacy]:
    """Expire the open candidacies untouched for ``expire_after()``. Idempotent: a second run
    finds nothing more to do. Each candidacy goes through ``transition`` (log, messages)."""
    now = now or timezone.now()
    due = list(
        Candidacy.objects.untouched_since(now - expire_after())
        .select_related("person", "training")
        .order_by("updated_at")
    )
    if dry_run:
        return due
    expired = []
    for candidacy in due:
        try:
            expired.append(
                transition(
                    candidacy,
                    "expire",
                    None,
                    _("Sans suite depuis %(days)s jours.") % {"days": expire_after().days},
                    expected_version=candidacy.version,
                    by_label=_("Tremplin (expiration automatique)"),
                    now=now,
                )
            )
        except TransitionRefused:
            continue  # changed meanwhile: not untouched any more
    return expired
