"""Personal data of the audit models, for the register of processing (decision 0805)."""

from tremplin.audit.register import Personal

LOG = Personal(
    "journal des consultations",
    "sécurité : qui a consulté quel dossier (RGPD art. 32)",
    "RGPD 6.1.c et art. 32",
    "access_log",
    "coordination du centre ; administration de la plateforme",
)
TOMBSTONE = Personal(
    "trace d'un effacement (identifiants seulement)",
    "prouver l'effacement et le rejouer",
    "RGPD 6.1.c (art. 17 et 5.2)",
    "trainee_records",
    "coordination du centre ; administration de la plateforme",
)

CLASSIFICATION = {
    "audit.AccessLog": {
        "id": None,
        "user": LOG,
        "organisation": None,
        "content_type": None,
        "object_id": LOG,
        "api_token": LOG,  # the token names its member (api.ApiToken.user)
        "view_name": LOG,
        "path": LOG,
        "ip_hash": LOG,
        "accessed_at": LOG,
    },
    "audit.ErasureRecord": {
        "id": None,
        "kind": None,
        "object_id": TOMBSTONE,
        "action": TOMBSTONE,
        "rule": None,
        "reason": TOMBSTONE,
        "requested_by": None,
        "organisation": None,
        "applied_at": TOMBSTONE,
    },
}

REQUEST = Personal(
    "demande d'accès d'une personne",
    "répondre dans le mois (RGPD art. 12.3 et 15)",
    "RGPD 6.1.c (art. 12 et 15)",
    "access_log",
    "coordination du centre",
)
CLASSIFICATION["audit.AccessRequest"] = {
    "id": None,
    "organisation": None,
    "person": REQUEST,
    "received_on": REQUEST,
    "how": REQUEST,
    "recorded_by": None,
    "answered_at": REQUEST,
    "answered_by": None,
    "document": REQUEST,
}

WITHOUT_PERSONAL_DATA = {
    "audit.RetentionRun": "rapport chiffré d'une application des délais (des nombres)",
}
