"""The candidacy workflow as data: states, sources, refusal reasons and the transition table.

Pure data, no model import, so that ``tremplin.intake.models`` can use the choices. The code
that applies a transition is ``tremplin.intake.workflow.transition``.
"""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _


class CandidacyStatus(models.TextChoices):
    NEW = "new", _("Nouvelle")
    INVITED = "invited", _("Invitée à une séance d'information")
    ATTENDED = "attended", _("Présente à la séance")
    INTERVIEW_PLANNED = "interview_planned", _("Entretien prévu")
    INTERVIEWED = "interviewed", _("Entretien fait")
    ADMITTED = "admitted", _("Admise")
    WAITING_LIST = "waiting_list", _("Liste d'attente")
    REFUSED = "refused", _("Refusée")
    CONTRACT_SIGNED = "contract_signed", _("Contrat signé")
    WITHDRAWN = "withdrawn", _("Retirée par la personne")
    EXPIRED = "expired", _("Expirée (sans suite)")


S = CandidacyStatus

# A candidacy still waiting for something from the centre or the person.
OPEN_STATES = (
    S.NEW,
    S.INVITED,
    S.ATTENDED,
    S.INTERVIEW_PLANNED,
    S.INTERVIEWED,
    S.WAITING_LIST,
)
# Open, or admitted and waiting for the contract: the person can still withdraw.
ACTIVE_STATES = (*OPEN_STATES, S.ADMITTED)
CLOSED_STATES = (S.REFUSED, S.CONTRACT_SIGNED, S.WITHDRAWN, S.EXPIRED)
# Steps a candidacy can be at without the person ever getting past the invitation: a
# booking's candidacy that never left them holds only what the booking gave (decision 0551).
UNPROGRESSED_STATES = (S.NEW, S.INVITED, S.WITHDRAWN, S.EXPIRED)


class Source(models.TextChoices):
    BOOKING = "booking", _("Inscription à une séance d'information")
    ONLINE = "online", _("Candidature en ligne")
    REFERRAL = "referral", _("Orientation par un prescripteur")
    WALK_IN = "walk_in", _("Venue spontanée au centre")


class RefusalReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("Conditions d'accès non remplies")
    TRAINING_FULL = "training_full", _("Plus de place dans la formation")
    PROJECT_MISMATCH = "project_mismatch", _("La formation ne correspond pas au projet")
    FRENCH_LEVEL = "french_level", _("Niveau de français insuffisant pour cette formation")
    NO_SHOW = "no_show", _("Absence à la séance ou à l'entretien, sans nouvelles")
    OTHER_SOLUTION = "other_solution", _("Une autre solution convient mieux")
    OTHER = "other", _("Autre raison (expliquée dans le message)")


class WithdrawalReason(models.TextChoices):
    """Why the prescriber withdraws a referral (the person told them)."""

    CHANGED_MIND = "changed_mind", _("La personne a changé d'avis")
    OTHER_TRAINING = "other_training", _("La personne a trouvé une autre formation")
    JOB = "job", _("La personne a trouvé un emploi")
    SITUATION = "situation", _("La situation de la personne a changé (santé, famille, logement)")
    MISTAKE = "mistake", _("Orientation envoyée par erreur")
    OTHER = "other", _("Autre raison (expliquée dans la note)")


# The status shown for a candidacy the prescriber withdrew (status ``withdrawn``, with a
# ``withdrawal_reason``): the person did not withdraw it themselves on the platform.
WITHDRAWN_BY_PRESCRIBER = _("Orientation retirée par le prescripteur")


class Transition(NamedTuple):
    name: str
    from_states: tuple[str, ...]
    to_state: str
    label: object  # lazy translated text for the button


TRANSITIONS = [
    Transition("invite", (S.NEW, S.INVITED, S.WAITING_LIST), S.INVITED, _("Inviter à une séance")),
    Transition("attend", (S.INVITED,), S.ATTENDED, _("Présente à la séance")),
    Transition(
        "plan_interview",
        (S.NEW, S.ATTENDED, S.INTERVIEW_PLANNED),
        S.INTERVIEW_PLANNED,
        _("Fixer l'entretien"),
    ),
    Transition("interview", (S.INTERVIEW_PLANNED,), S.INTERVIEWED, _("Entretien fait")),
    Transition("admit", (S.INTERVIEWED, S.WAITING_LIST), S.ADMITTED, _("Admettre")),
    Transition(
        "put_on_waiting_list", (S.INTERVIEWED,), S.WAITING_LIST, _("Mettre en liste d'attente")
    ),
    Transition("refuse", OPEN_STATES, S.REFUSED, _("Refuser")),
    Transition("sign_contract", (S.ADMITTED,), S.CONTRACT_SIGNED, _("Contrat signé")),
    Transition("withdraw", ACTIVE_STATES, S.WITHDRAWN, _("Retrait de la personne")),
    # The prescriber withdraws their referral (intake.referrals.withdraw_referral), never a
    # button of the centre.
    Transition("withdraw_referral", ACTIVE_STATES, S.WITHDRAWN, _("Retrait par le prescripteur")),
    Transition("expire", OPEN_STATES, S.EXPIRED, _("Expirer")),
]

TRANSITIONS_BY_NAME = {t.name: t for t in TRANSITIONS}

# Transitions a centre triggers with a button on the candidacy page. ``sign_contract`` goes
# through the training contract form; ``expire`` is done by the nightly command.
STAFF_TRANSITIONS = (
    "invite",
    "attend",
    "plan_interview",
    "interview",
    "admit",
    "put_on_waiting_list",
    "refuse",
    "withdraw",
)


def allowed_transitions(status: str, names=None) -> list[Transition]:
    """The transitions possible from ``status`` (limited to ``names`` if given), in order."""
    return [
        t for t in TRANSITIONS if status in t.from_states and (names is None or t.name in names)
    ]
