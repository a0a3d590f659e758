"""Statistics facts hold no identity (decision 0701); the person key is a random link."""

from tremplin.audit.register import MISSION, Personal

KEY = Personal(
    "clé aléatoire d'une personne",
    "compter une personne une fois dans les statistiques",
    MISSION,
    "trainee_records",
    "personne (utilisée par le calcul des statistiques)",
)

CLASSIFICATION = {"stats.PersonKey": {"person": KEY, "key": KEY}}

WITHOUT_PERSONAL_DATA = {
    "stats.ContractFact": "fait anonymisé : année de naissance, codes, mois ; clé aléatoire",
    "stats.HoursFact": "heures d'un mois par contrat, sans identité",
    "stats.PublishedFile": "fichier public des chiffres clés du secteur : agrégats, petites "
    "cases masquées",
}
