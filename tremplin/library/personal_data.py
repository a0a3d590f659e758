"""The sector's document library holds no personal data (decision 0805)."""

WITHOUT_PERSONAL_DATA = {
    "library.Document": "document de référence du secteur",
    "library.DocumentVersion": "version d'un document (auteur : un membre)",
    "library.DocumentFollow": "organisation qui suit un document",
}
