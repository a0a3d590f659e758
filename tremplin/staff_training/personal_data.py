"""Continuing training of the sector's staff, for the register of processing (decision 0805).
Retention: rule ``staff_training_registration`` (5 years after the session, à confirmer)."""

from tremplin.audit.register import CONTRACT_WITH_MEMBER, Personal

REGISTRATION = Personal(
    "inscription d'un membre à une formation continue",
    "organiser la formation, attester la présence",
    CONTRACT_WITH_MEMBER,
    "staff_training_registration",
    "fédération (organisatrice) ; coordination de l'organisation du membre",
)

CLASSIFICATION = {
    "staff_training.Registration": {
        "id": None,
        "session": None,
        "user": REGISTRATION,
        "organisation": None,
        "role": REGISTRATION,
        "status": REGISTRATION,
        "attendance": REGISTRATION,
        "requested_at": REGISTRATION,
        "decided_at": REGISTRATION,
        "decided_by": None,
        "refusal_reason": REGISTRATION,
        "promoted_at": REGISTRATION,
        "cancelled_at": REGISTRATION,
        "reminder_sent_at": REGISTRATION,
    }
}

WITHOUT_PERSONAL_DATA = {
    "staff_training.Module": "offre de formation (le nom du formateur est public)",
    "staff_training.Session": "séance d'une formation (lieu, dates ; formateur : un membre)",
    "staff_training.SurveyInvitation": "lien d'enquête anonyme",
    "staff_training.SurveyResponse": "réponse anonyme (la réponse libre : à confirmer avec le DPO)",
}
