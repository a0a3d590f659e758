"""Personal data of the training models, for the register of processing (decision 0805)."""

from tremplin.audit.register import (
    CENTRE_AND_TRAINER,
    CENTRE_TEAM,
    LEGAL_DUTY,
    MISSION,
    SOCIAL_TEAM,
    SPECIAL_BASIS,
    Personal,
)

EVIDENCE = Personal(
    "contrat, présences et heures",
    "preuve des heures subsidiées et suivi de la formation",
    LEGAL_DUTY,
    "trainee_records",
    CENTRE_AND_TRAINER,
)
MONEY = Personal(
    "frais (déplacement, garde d'enfants)",
    "indemnités du stagiaire",
    LEGAL_DUTY,
    "trainee_records",
    CENTRE_TEAM,
)
EXIT = Personal(
    "sortie et suite du parcours",
    "sortie, attestation, rapport d'activité",
    LEGAL_DUTY,
    "trainee_records",
    CENTRE_TEAM,
)
FREE_TEXT = Personal(
    "texte libre",
    "suivi de la formation",
    MISSION + " ; " + SPECIAL_BASIS,
    "trainee_identity",
    CENTRE_TEAM,
    special=True,
)
SOCIAL = Personal(
    "suivi social (difficultés, démarches)",
    "accompagnement social",
    SPECIAL_BASIS,
    "trainee_identity",
    SOCIAL_TEAM,
    special=True,
)
FOLLOWUP = Personal(
    "situation 6 mois après la sortie",
    "suivi à 6 mois et statistiques",
    MISSION,
    "trainee_records",
    CENTRE_TEAM,
)

# A centre's own import (decision 1005): the uploaded file holds persons, contracts and
# attendance (absence reasons may be medical); the dry-run report quotes cells and names the
# existing files a row resembles. Erased once applied (report reduced to counts and warnings)
# or a day after the upload.
IMPORT_UPLOAD = Personal(
    "fichier importé par le centre et rapport de l'essai (personnes, contrats, présences)",
    "reprendre les données d'un centre qui arrive sur Tremplin",
    MISSION + " ; " + SPECIAL_BASIS,
    "import_upload",
    "coordination du centre",
    special=True,
)

CLASSIFICATION = {
    "training.AttendanceDay": {
        "id": None,
        "contract": None,
        "day": EVIDENCE,
        "hours_followed": EVIDENCE,
        "hours_assimilated": EVIDENCE,
        "reason": EVIDENCE,
        "unjustified_absence_hours": EVIDENCE,
        "updated_by": None,
        "updated_at": None,
    },
    "training.Contract": {
        **dict.fromkeys(
            [
                "hours_mon",
                "hours_tue",
                "hours_wed",
                "hours_thu",
                "hours_fri",
                "hours_sat",
                "hours_sun",
                "start_date",
                "planned_end_date",
                "actual_end_date",
                "hours_per_week",
                "forem_reference",
                "status",
                "signed_at",
            ],
            EVIDENCE,
        ),
        **dict.fromkeys(
            [
                "commute_km",
                "travel_verified",
                "childcare_monthly_cost",
                "childcare_school_age",
                "childcare_verified",
            ],
            MONEY,
        ),
        **dict.fromkeys(
            [
                "id",
                "person",
                "training",
                "centre",
                "candidacy",
                "group",
                "signed_by",
                "created_at",
                "template",
            ],
            None,
        ),
    },
    "training.ContractSuspension": {
        "id": None,
        "contract": None,
        "starts_on": EVIDENCE,
        "ends_on": EVIDENCE,
        "planned_ends_on": EVIDENCE,
        "reason": FREE_TEXT,
        "created_by": None,
        "created_at": None,
        "cancelled_at": EVIDENCE,
        "cancelled_by": None,
    },
    "training.ContractExtension": {
        "id": None,
        "contract": None,
        "previous_end_date": EVIDENCE,
        "new_end_date": EVIDENCE,
        "limit_override": None,
        "created_by": None,
        "created_at": None,
    },
    "training.ContractLimitOverride": {
        "id": None,
        "contract": None,
        "parameter": None,
        "limit_hours": None,
        "total_hours": EVIDENCE,
        "legal_reference": None,
        "reason": FREE_TEXT,
        "created_by": None,
        "created_at": None,
    },
    "training.Exit": {
        "id": None,
        "contract": None,
        "date": EXIT,
        "reason": EXIT,
        "job_contract_type": EXIT,
        "next_step": FREE_TEXT,
        "partner": FREE_TEXT,
        "interview_note": FREE_TEXT,
        "created_by": None,
        "created_at": None,
    },
    "training.FollowUp": {
        "id": None,
        "exit": None,
        "due_on": FOLLOWUP,
        "token_hash": None,
        "expires_at": None,
        "sent_at": FOLLOWUP,
        "channel": FOLLOWUP,
        "answered_at": FOLLOWUP,
        "answered_via": FOLLOWUP,
        "situation": FOLLOWUP,
        "job_contract_type": FOLLOWUP,
        "training_provider": FOLLOWUP,
        "comment": FREE_TEXT,
        "recorded_by": None,
    },
    "training.SocialFollowUp": {
        "id": None,
        "contract": None,
        "referent": SOCIAL,
        "created_at": None,
    },
    "training.SocialNote": {
        "id": None,
        "follow_up": None,
        "date": SOCIAL,
        "kind": SOCIAL,
        "text": SOCIAL,
        "author": None,
        "created_at": None,
        "withheld_reason": SOCIAL,
        "withheld_by": None,
        "withheld_at": None,
    },
    "training.Barrier": {
        "id": None,
        "follow_up": None,
        "kind": SOCIAL,
        "detail": SOCIAL,
        "noted_on": SOCIAL,
        "solved_on": SOCIAL,
    },
    "training.SocialAction": {
        "id": None,
        "follow_up": None,
        "description": SOCIAL,
        "due_on": SOCIAL,
        "done_on": SOCIAL,
        "created_by": None,
    },
}

WITHOUT_PERSONAL_DATA = {
    "training.AbsenceReason": "liste des motifs d'absence",
    "training.ContractTemplate": "clauses du contrat publiées par la fédération (version, texte)",
    "training.AttendanceWeek": "verrou d'une semaine d'un groupe (qui l'a verrouillée : un membre)",
    "training.Group": "groupe de formation et son formateur (un membre, voir accounts.User)",
    "training.SurveyInvitation": "lien d'enquête anonyme d'un centre",
    "training.SatisfactionResponse": (
        "réponse anonyme à l'enquête (mois, notes) ; la réponse libre peut contenir un nom : "
        "à confirmer avec le DPO"
    ),
}

CLASSIFICATION.update(
    {
        "training.CentreImport": {
            "id": None,
            "centre": None,
            "file_name": IMPORT_UPLOAD,
            "sha256": None,
            "status": None,
            "uploaded_by": None,
            "uploaded_at": None,
            "mapping": None,  # column indexes
            "confirmed_matches": IMPORT_UPLOAD,  # the centre's references of matched persons
            "report": IMPORT_UPLOAD,
            "applied_by": None,
            "applied_at": None,
            "created_rows": None,  # ids of the rows created
            "undone_by": None,
            "undone_at": None,
        },
        "training.CentreImportFile": {
            "id": None,
            "centre_import": None,
            "name": IMPORT_UPLOAD,
            "file": IMPORT_UPLOAD,
            "size": None,
        },
        "training.CentreImportMapping": {
            "id": None,
            "centre": None,
            "mapping": None,  # the centre's sheet titles and column headers
            "updated_by": None,
            "updated_at": None,
        },
    }
)
