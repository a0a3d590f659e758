"""The directory holds organisations, not people (decision 0805)."""

WITHOUT_PERSONAL_DATA = {
    "directory.Centre": "fiche publique d'un centre (téléphone et e-mail du centre)",
    "directory.AgrementChange": "changement d'agrément demandé par un membre (voir accounts)",
    "directory.Site": "adresse d'un lieu de formation",
    "directory.Training": "offre de formation publique",
    "directory.InfoSession": "séance d'information publique",
    "directory.SearchCard": "copie des données publiques d'un centre pour la recherche",
    "directory.SearchEntry": "copie des formations publiques d'un centre pour la recherche",
    "directory.SearchPlace": "copie de l'adresse publique d'un lieu de formation pour la recherche",
}

# The federation's directory file lists centres, not people; who sent and applied it are member
# ids (their data is in accounts.User, like every ``*_by`` field).
CLASSIFICATION = {
    "directory.DirectoryImport": {
        "id": None,
        "file_name": None,
        "files": None,
        "sha256": None,
        "uploaded_by": None,
        "uploaded_at": None,
        "report": None,
        "applied_by": None,
        "applied_at": None,
    },
}
