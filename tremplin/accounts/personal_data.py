"""Personal data of the accounts, for the register of processing (decision 0805)."""

from tremplin.audit.register import CONTRACT_WITH_MEMBER, PLATFORM, Personal

MEMBER = Personal(
    "membre du personnel ou partenaire",
    "accès à la plateforme et traçabilité",
    CONTRACT_WITH_MEMBER,
    "unused_account",
    PLATFORM,
)

CLASSIFICATION = {
    "accounts.User": {
        "id": None,
        "password": None,
        "is_superuser": None,
        "is_staff": None,
        "is_active": None,
        "first_name": MEMBER,
        "last_name": MEMBER,
        "email": MEMBER,
        "last_login": MEMBER,
        "date_joined": MEMBER,
    },
    "accounts.Membership": {
        "id": None,
        "user": None,
        "organisation": None,
        "role": MEMBER,
        "is_active": MEMBER,
        "created_at": MEMBER,
    },
    "accounts.TeamMembership": {
        "id": None,
        "team": None,
        "user": MEMBER,
    },
}

WITHOUT_PERSONAL_DATA = {
    "accounts.Organisation": "organisation et son e-mail de contact",
    "accounts.Team": "nom d'une équipe de conseillers et conseillères d'un organisme prescripteur",
}
