"""Personal data of the intake models, for the register of processing (decision 0805)."""

from tremplin.audit.register import (
    CENTRE_TEAM,
    CONSENT,
    MISSION,
    SOCIAL_TEAM,
    SPECIAL_BASIS,
    Personal,
)

FILE = "file_without_contract"  # then trainee_identity / trainee_records once under contract
INTAKE = "accueil, candidature et orientation"


def _p(category, retention=FILE, seen_by=CENTRE_TEAM, special=False, basis=MISSION):
    return Personal(category, INTAKE, basis, retention, seen_by, special)


IDENTITY = _p("identité")
CONTACT = _p("coordonnées")
SOCIO = _p("situation socio-professionnelle")
PATH = _p("parcours d'accueil")
FREE_TEXT = _p("texte libre", special=True, basis=MISSION + " ; " + SPECIAL_BASIS)
DIFFICULTY = _p(
    "difficultés, santé, dettes (art. 9)",
    seen_by=SOCIAL_TEAM,
    special=True,
    basis=SPECIAL_BASIS,
)
BOOKING = Personal(
    "inscription à une séance", "organiser la séance", CONSENT, "booking", CENTRE_TEAM
)

CLASSIFICATION = {
    "intake.SessionBooking": {
        "id": None,
        "session": None,
        "status": None,
        "attendance": None,
        "first_name": BOOKING,
        "last_name": BOOKING,
        "email": BOOKING,
        "phone": BOOKING,
        "postal_code": BOOKING,
        "language": BOOKING,
        "consent_given_at": BOOKING,
        "consent_version": BOOKING,
        "created_at": BOOKING,
        "cancelled_at": BOOKING,
        "promoted_at": BOOKING,
        "reminder_sent_at": BOOKING,
    },
    "intake.Person": {
        "id": None,
        "holding_centre": None,
        "created_at": None,
        "updated_at": None,
        "created_from_booking": None,
        "first_name": IDENTITY,
        "last_name": IDENTITY,
        "birth_date": IDENTITY,
        "niss": _p("numéro de registre national", seen_by="coordination et service social"),
        "niss_hash": _p("empreinte du NISS (recherche de doublons)"),
        "email": CONTACT,
        "phone": CONTACT,
        "street": CONTACT,
        "postal_code": CONTACT,
        "municipality": CONTACT,
        "gender": SOCIO,
        "nationality_group": SOCIO,
        "highest_certificate": SOCIO,
        "forem_registration_date": SOCIO,
        "income_at_entry": SOCIO,
    },
    "intake.Candidacy": {
        "id": None,
        "person": None,
        "training": None,
        "source": PATH,
        "status": PATH,
        "version": None,
        "session": None,
        "booking": None,
        "interview_at": PATH,
        "refusal_reason": PATH,
        "decision_message": FREE_TEXT,
        "withdrawal_reason": PATH,
        "admitted_at": PATH,
        "by_derogation": PATH,
        "created_at": PATH,
        "updated_at": None,
    },
    "intake.CandidacyTransition": {
        "id": None,
        "candidacy": None,
        "name": PATH,
        "from_status": PATH,
        "to_status": PATH,
        "by": None,
        "by_label": PATH,
        "reason": FREE_TEXT,
        "at": PATH,
    },
    "intake.Referral": {
        "id": None,
        "person": None,
        "candidacy": None,
        "prescriber": None,
        "prescriber_organisation": None,
        "consent_method": PATH,
        "consent_given_on": PATH,
        "consent_recorded_by": None,
        "reason": FREE_TEXT,
        "barriers_shared": PATH,
        "barriers": DIFFICULTY,
        "link_generation": None,
        "link_sent_at": PATH,
        "answered_at": PATH,
        "created_at": PATH,
        "team": None,
    },
    "intake.ReferralEligibility": {
        "referral": None,
        "checked_by": None,
        "checked_at": PATH,
        "situation": SOCIO,
        "status": PATH,
        "categories": SOCIO,
        "documents": PATH,
        "rules_version": None,
    },
    "intake.OutcomeConsent": {
        "id": None,
        "referral": None,
        "given_on": PATH,
        "recorded_by": None,
        "recorded_at": PATH,
        "withdrawn_on": PATH,
        "withdrawal_recorded_by": None,
    },
    "intake.Interview": {
        "id": None,
        "candidacy": None,
        "interviewer": None,
        "held_on": PATH,
        "motivation": FREE_TEXT,
        "professional_project": FREE_TEXT,
        "updated_at": None,
        **{
            f"{topic}{suffix}": DIFFICULTY
            for topic in (
                "french",
                "basic_skills",
                "digital_skills",
                "mobility",
                "childcare",
                "housing",
                "health",
                "administrative",
                "debts",
            )
            for suffix in ("", "_notes")
        },
    },
    "intake.EligibilityCheck": {
        "id": None,
        "candidacy": None,
        "checked_by": None,
        "checked_at": PATH,
        "situation": SOCIO,
        "status": PATH,
        "categories": SOCIO,
        "result": SOCIO,
        "rules_version": None,
    },
    "intake.EligibilityEvidence": {
        "id": None,
        "eligibility_check": None,
        "document_type": SOCIO,
        "document_date": SOCIO,
    },
    "intake.PersonMerge": {
        "id": None,
        "kept": None,
        "merged_id": None,
        "moved": PATH,
        "by": None,
        "at": None,
    },
}

WITHOUT_PERSONAL_DATA = {
    "intake.DerogationQuota": "places par dérogation d'un centre pour une année",
    "intake.MessageOptOut": (
        "empreinte à clé d'une adresse (pseudonyme, sans l'adresse) et nom du message refusé ; "
        "gardée tant que le refus vaut (à confirmer avec le DPO)"
    ),
}
