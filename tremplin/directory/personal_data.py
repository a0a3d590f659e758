"""The directory holds organisations, not people (decision 0805)."""

WITHOUT_PERSONAL_DATA = {
    "directory.Centre": "fiche publique d'un centre (téléphone et e-mail du centre)",
    "directory.AgrementChange": "changement d'agrément demandé par un membre (voir accounts)",
    "directory.Site": "adresse d'un lieu de formation",
    "directory.Training": "offre de formation publique",
    "directory.InfoSession": "séance d'information publique",
    "directory.DirectoryImport": "import de l'annuaire par la fédération (fichier de centres)",
}
