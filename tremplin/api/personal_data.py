"""API tokens belong to an organisation (decision 0805)."""

WITHOUT_PERSONAL_DATA = {
    "api.ApiToken": "jeton d'un centre (empreinte, droits, dates) ; le membre : voir accounts.User",
}
