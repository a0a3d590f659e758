"""Referrals by prescribers (Forem, CPAS counsellors), and the magic link of centres that are
not active on Tremplin.

A referral needs the person's consent (how, when, who recorded it) and a reason. It creates
(or reuses) the person's file in the centre and a candidacy in the centre's inbox. A centre whose
organisation is not active on the platform gets an e-mail with a signed link, valid
``LINK_MAX_AGE``; the prescriber can renew it, which makes the previous link unusable.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin.accounts.models import ReferralSharing, Team
from tremplin.audit.niss import niss_digest
from tremplin.intake import messages
from tremplin.intake.duplicates import find_duplicates
from tremplin.intake.eligibility_checks import as_json
from tremplin.intake.models import (
    Candidacy,
    OutcomeConsent,
    Person,
    Referral,
    ReferralEligibility,
)
from tremplin.intake.person import candidacy_context
from tremplin.intake.states import ACTIVE_STATES, CandidacyStatus, Source, WithdrawalReason
from tremplin.intake.workflow import TransitionRefused, transition
from tremplin.refusals import Refused
from tremplin.rules.engine import Situation, evaluate

LINK_SALT = "tremplin.intake.referral.centre-link"
LINK_MAX_AGE = datetime.timedelta(days=8)
# How old the person's agreement to a referral may be when the counsellor records it. Not a
# legal rule: the agreement is given at the interview where the referral is prepared, and is
# recorded then or in the following weeks; an older date is almost always a year typed wrong
# (« 2000 », « 2016 ») and would make the agreement look older than the referral. A year leaves
# room for a paper signed long before the counsellor found the right training.
CONSENT_MAX_AGE = datetime.timedelta(days=365)


class ReferralRefused(Refused):
    """A referral, or a centre's answer to it, that cannot be done."""


@dataclass(frozen=True)
class PersonData:
    first_name: str
    last_name: str
    birth_date: datetime.date
    niss: str = ""
    email: str = ""
    phone: str = ""
    postal_code: str = ""


@dataclass(frozen=True)
class Consent:
    method: str
    given_on: datetime.date
    recorded_by: object  # the user who recorded it


def person_for(training, data: PersonData) -> Person:
    """The centre's existing file of the person (same name and birth date, case and accents
    ignored), completed with what was missing; or a new file.

    A NISS the centre holds on a file with another name or birth date is refused: the
    counsellor never sees, nor refers, a file they did not describe (a mistyped or borrowed
    number would otherwise open someone else's file to them)."""
    centre = training.centre
    found = find_duplicates(
        centre,
        first_name=data.first_name,
        last_name=data.last_name,
        birth_date=data.birth_date,
        niss=data.niss,
    )
    existing = found.filter(
        first_name__unaccent__iexact=data.first_name.strip(),
        last_name__unaccent__iexact=data.last_name.strip(),
        birth_date=data.birth_date,
    ).first()
    if data.niss:
        holder = found.filter(niss_hash=niss_digest(data.niss)).first()
        if holder is not None and (existing is None or holder.pk != existing.pk):
            raise ReferralRefused(
                _(
                    "Le centre a déjà un dossier avec ce numéro de registre national, sous un "
                    "autre nom ou avec une autre date de naissance. Vérifiez le numéro avec la "
                    "personne ; s'il est juste, envoyez l'orientation sans le numéro : le "
                    "centre fera le lien."
                ),
                "niss_elsewhere",
            )
    if existing is None:
        person = Person(holding_centre=centre, **data.__dict__)
        person.full_clean()
        person.save()
        return person
    filled = [
        name
        for name in ("niss", "email", "phone", "postal_code")
        if not getattr(existing, name) and getattr(data, name)
    ]
    for name in filled:
        setattr(existing, name, getattr(data, name))
    existing.clean_fields(exclude=[f.name for f in Person._meta.fields if f.name not in filled])
    existing.save()
    return existing


def places_left(training) -> int:
    """The training's places minus its current (active or suspended) contracts."""
    contract = apps.get_model("training", "Contract")
    return training.places - contract.objects.filter(training=training).current().count()


def check_open(training) -> None:
    """Refuse a training that no longer takes referrals (closed, or its centre unpublished)."""
    if not training.is_active or not training.centre.is_published:
        raise ReferralRefused(
            _(
                "Cette formation est fermée : elle ne reçoit plus d'orientation. "
                "Cherchez une autre formation dans l'annuaire."
            ),
            "closed",
        )


def _already_referred(candidacy: Candidacy, prescriber, organisation) -> ReferralRefused:
    """Why the person cannot be referred again to the training of ``candidacy``."""
    earlier = Referral.objects.filter(candidacy=candidacy).select_related("prescriber").first()
    if earlier is not None and earlier.prescriber_organisation_id == organisation.pk:
        if earlier.prescriber_id == prescriber.pk:
            message = _("Vous avez déjà orienté cette personne vers cette formation le %(day)s.")
        else:
            message = _(
                "%(colleague)s, de votre organisme, a déjà orienté cette personne vers cette "
                "formation le %(day)s. Suivez cette orientation plutôt que d'en créer une autre."
            )
        return ReferralRefused(
            message
            % {
                "colleague": earlier.prescriber,
                "day": formatting.day(earlier.created_at),
            },
            "colleague_duplicate",
        )
    return ReferralRefused(
        _("Cette personne a déjà une candidature en cours pour cette formation."), "duplicate"
    )


def create_referral(
    *,
    prescriber,
    organisation,
    training,
    person: PersonData,
    consent: Consent,
    reason: str,
    barriers_shared: bool = False,
    barriers: str = "",
    even_if_full: bool = False,
    team: Team | None = None,
    eligibility: Situation | None = None,
    outcome_consent: bool = False,
) -> Referral:
    """Refer ``person`` to ``training``: all or nothing (the person's file, the candidacy and
    the referral are created together, or nothing is written).

    A closed training is refused. A full training (no place left) is refused unless
    ``even_if_full``: the counsellor was told and refers for the next intake. ``team``: the
    team that follows the referral (see ``teams_of``). ``eligibility``: the facts checked with
    the simulator, kept with the referral. ``outcome_consent``: the person agreed, on the day
    of the referral's consent, that the prescriber learns what follows the contract."""
    check_open(training)
    if team is not None and team not in teams_of(prescriber, organisation):
        raise ReferralRefused(_("Vous ne faites pas partie de cette équipe."), "team")
    if not even_if_full and places_left(training) <= 0:
        raise ReferralRefused(
            _(
                "Cette formation est complète pour le moment. Si la personne veut attendre une "
                "place, cochez « Orienter quand même » : le centre la gardera pour la prochaine "
                "entrée."
            ),
            "full",
        )
    if not consent.method:
        raise ReferralRefused(_("Indiquez comment la personne a donné son accord."), "consent")
    consent_day_problem = check_consent_day(consent.given_on)
    if consent_day_problem:
        raise ReferralRefused(consent_day_problem, "consent")
    if not reason.strip():
        raise ReferralRefused(_("Expliquez pourquoi vous orientez cette personne."), "reason")
    if barriers.strip() and not barriers_shared:
        raise ReferralRefused(
            _("Ne notez les difficultés que si la personne accepte de les partager."), "barriers"
        )
    with transaction.atomic():
        file = person_for(training, person)
        current = Candidacy.objects.filter(
            person=file, training=training, status__in=ACTIVE_STATES
        ).first()
        if current is not None:
            raise _already_referred(current, prescriber, organisation)
        candidacy = Candidacy.objects.create(
            person=file, training=training, source=Source.REFERRAL, status=CandidacyStatus.NEW
        )
        referral = Referral.objects.create(
            person=file,
            candidacy=candidacy,
            prescriber=prescriber,
            prescriber_organisation=organisation,
            consent_method=consent.method,
            consent_given_on=consent.given_on,
            consent_recorded_by=consent.recorded_by,
            reason=reason.strip(),
            barriers_shared=barriers_shared,
            barriers=barriers.strip() if barriers_shared else "",
            team=team,
        )
        if eligibility is not None:
            keep_eligibility(referral, eligibility, prescriber)
        if outcome_consent:
            record_outcome_consent(referral, consent.given_on, consent.recorded_by)
        if not training.centre.organisation.is_active_on_platform:
            send_centre_link(referral)
    return referral


def check_consent_day(day: datetime.date, today: datetime.date | None = None) -> str:
    """Why ``day`` cannot be the day the person agreed to the referral (in the future, or more
    than ``CONSENT_MAX_AGE`` ago), or an empty string."""
    today = today or timezone.localdate()
    if day > today:
        return _("La date de l'accord ne peut pas être dans le futur.")
    if day < today - CONSENT_MAX_AGE:
        return _(
            "La date de l'accord a plus d'un an (avant le %(day)s) : vérifiez l'année. "
            "Si l'accord est aussi ancien, demandez à la personne de le redonner."
        ) % {"day": formatting.day(today - CONSENT_MAX_AGE)}
    return ""


def teams_of(prescriber, organisation) -> list[Team]:
    """The teams that may follow ``prescriber``'s referrals in ``organisation``: none when the
    organisation shares referrals with everyone."""
    if organisation.referral_sharing != ReferralSharing.TEAMS:
        return []
    return list(Team.objects.filter(organisation=organisation, memberships__user=prescriber))


def keep_eligibility(referral: Referral, situation: Situation, by) -> ReferralEligibility:
    """Evaluate the facts checked with the simulator and keep them with the referral."""
    result = evaluate(situation)
    return ReferralEligibility.objects.create(
        referral=referral,
        checked_by=by,
        situation=as_json(situation),
        status=str(result.status),
        categories=[category.code for category in result.categories],
        documents=list(result.documents),
        rules_version=result.rules_version,
    )


# --- The person's agreement about what follows the contract (docs/privacy.md) ----------------


def _check_day(day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ReferralRefused(_("La date de l'accord ne peut pas être dans le futur."), "consent")


def record_outcome_consent(referral: Referral, given_on: datetime.date, by) -> OutcomeConsent:
    """The person agrees, from ``given_on``, that the prescriber learns what follows the
    contract. Not before the person agreed to the referral itself (a year typed wrong, « 1999 »,
    was kept and read as an agreement older than the referral)."""
    _check_day(given_on)
    if given_on < referral.consent_given_on:
        raise ReferralRefused(
            _(
                "L'accord ne peut pas dater d'avant le %(day)s, jour où la personne a accepté "
                "l'orientation."
            )
            % {"day": formatting.day(referral.consent_given_on)},
            "consent",
        )
    if referral.outcome_consents.standing().exists():
        raise ReferralRefused(_("La personne a déjà donné cet accord."), "consent")
    return OutcomeConsent.objects.create(referral=referral, given_on=given_on, recorded_by=by)


def withdraw_outcome_consent(referral: Referral, withdrawn_on: datetime.date, by) -> None:
    _check_day(withdrawn_on)
    with transaction.atomic():
        standing = referral.outcome_consents.standing().select_for_update().first()
        if standing is None:
            raise ReferralRefused(_("La personne n'a pas donné cet accord."), "consent")
        if withdrawn_on < standing.given_on:
            raise ReferralRefused(
                _("L'accord ne peut pas être retiré avant le %(day)s, jour où il a été donné.")
                % {"day": formatting.day(standing.given_on)},
                "consent",
            )
        standing.withdrawn_on = withdrawn_on
        standing.withdrawal_recorded_by = by
        standing.save(update_fields=["withdrawn_on", "withdrawal_recorded_by"])


# --- The prescriber withdraws the referral (the person changed their mind) ----------------


def withdraw_referral(
    referral: Referral, by, reason: str, note: str = "", expected_version=None
) -> Candidacy:
    """The prescriber withdraws ``referral`` before the centre signs a contract: the
    candidacy goes to « withdrawn » through the workflow (step ``withdraw_referral``, the
    reason kept on the candidacy, the note in the step), and the centre cannot act on it any
    more. ``expected_version``: the candidacy's version the confirmation page showed."""
    with transaction.atomic():
        candidacy = Candidacy.objects.select_for_update().get(pk=referral.candidacy_id)
        check_withdrawable(candidacy)
        if reason == WithdrawalReason.OTHER and not note.strip():
            raise ReferralRefused(
                _("Pour « Autre raison », expliquez-la dans la note."), "note", "note"
            )
        try:
            return transition(
                candidacy,
                "withdraw_referral",
                by,
                note.strip(),
                expected_version,
                withdrawal_reason=reason,
            )
        except TransitionRefused as error:
            raise ReferralRefused(error.message, error.code, error.field) from error


def check_withdrawable(candidacy: Candidacy) -> None:
    """Refuse, with the reason, to withdraw a referral whose candidacy is no longer active."""
    if candidacy.status == CandidacyStatus.WITHDRAWN:
        raise ReferralRefused(_("Cette orientation est déjà retirée."), "already_withdrawn")
    if candidacy.status == CandidacyStatus.CONTRACT_SIGNED:
        raise ReferralRefused(
            _(
                "Le centre a déjà signé un contrat de formation avec la personne : "
                "l'orientation ne peut plus être retirée. Si la personne arrête, le centre "
                "met fin au contrat."
            ),
            "contract",
        )
    if candidacy.status not in ACTIVE_STATES:
        raise ReferralRefused(
            _("Cette candidature est déjà clôturée (%(status)s) : rien à retirer.")
            % {"status": candidacy.get_status_display()},
            "closed",
        )


# --- Magic link for centres without an account ---------------------------------------------


def centre_token(referral: Referral) -> str:
    value = f"{referral.pk}:{referral.link_generation}"
    return signing.TimestampSigner(salt=LINK_SALT).sign(value)


def centre_email(referral: Referral) -> str:
    centre = referral.candidacy.training.centre
    return centre.email or centre.organisation.email


def send_centre_link(referral: Referral, now=None) -> bool:
    """E-mail the centre a fresh link (the previous one stops working)."""
    email = centre_email(referral)
    if not email:
        return False
    now = now or timezone.now()
    Referral.objects.filter(pk=referral.pk).update(
        link_generation=referral.link_generation + 1, link_sent_at=now
    )
    referral.link_generation += 1
    referral.link_sent_at = now
    url = messages.absolute_url(reverse("public:referral_answer", args=[centre_token(referral)]))
    messages.ReferralToInactiveCentre(
        email,
        {
            **candidacy_context(referral.candidacy),
            "referral": referral,
            "answer_url": url,
            "expires_on": timezone.localdate(now + LINK_MAX_AGE),
            "prescriber_name": f"{referral.prescriber} ({referral.prescriber_organisation})",
        },
    ).send_after_commit()
    return True


def renew_link(referral: Referral) -> bool:
    if referral.answered_at is not None:
        raise ReferralRefused(_("Le centre a déjà répondu : plus besoin de lien."), "answered")
    if referral.candidacy.training.centre.organisation.is_active_on_platform:
        raise ReferralRefused(
            _("Ce centre utilise Tremplin : il voit l'orientation dans son espace."), "active"
        )
    return send_centre_link(referral)


def referral_for_token(token: str) -> Referral:
    """The referral of a centre link. Refuse forged, replaced, expired and used links."""
    try:
        value = signing.TimestampSigner(salt=LINK_SALT).unsign(
            token, max_age=LINK_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired as error:
        raise ReferralRefused(
            _(
                "Ce lien a expiré (il est valable 8 jours). Demandez un nouveau lien à la "
                "personne qui a fait l'orientation."
            ),
            "expired",
        ) from error
    except signing.BadSignature as error:
        raise ReferralRefused(
            _("Ce lien n'est pas valable. Vérifiez qu'il est complet."), "invalid"
        ) from error
    pk, _sep, generation = value.rpartition(":")
    referral = (
        Referral.objects.select_related(
            "person", "candidacy__training__centre", "prescriber", "prescriber_organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if referral is None or str(referral.link_generation) != generation:
        raise ReferralRefused(
            _("Ce lien a été remplacé par un plus récent. Utilisez le dernier e-mail reçu."),
            "replaced",
        )
    if referral.answered_at is not None:
        raise ReferralRefused(_("Vous avez déjà répondu à cette orientation. Merci !"), "answered")
    if referral.candidacy.withdrawal_reason:
        raise ReferralRefused(
            _(
                "Le prescripteur a retiré cette orientation : la personne ne souhaite plus "
                "cette formation. Vous n'avez rien à faire."
            ),
            "withdrawn",
        )
    return referral


def answer_by_link(referral: Referral, accept: bool, *, refusal_reason="", message="") -> list:
    """The centre answers through the link: invite the person to an information session
    (the centre gives the date in ``message``) or refuse with a reason. Return who was told
    and how (``messages.Delivery``)."""
    label = _("%(centre)s (par lien e-mail)") % {"centre": referral.candidacy.training.centre}
    with transaction.atomic():
        try:
            if accept:
                done = transition(referral.candidacy, "invite", None, message, by_label=label)
            else:
                done = transition(
                    referral.candidacy,
                    "refuse",
                    None,
                    by_label=label,
                    refusal_reason=refusal_reason,
                    decision_message=message,
                )
        except TransitionRefused as error:
            raise ReferralRefused(error.message, error.code) from error
        Referral.objects.filter(pk=referral.pk).update(answered_at=timezone.now())
    return done.told
