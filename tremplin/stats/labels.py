"""Labels of the codes kept in the facts (dimensions and categories), in the active language."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tremplin.directory.enums import LegalForm, Objective, Sector
from tremplin.stats.models import AgeBand, ExitKind, RegistrationBand

DIMENSION_LABELS = {
    "province": _("Province"),
    "ibefe": _("Bassin IBEFE"),
    "objective": _("Objectif"),
    "method": _("Méthode"),
    "sector": _("Secteur"),
}

METHOD_SHORT = {"DEFI": "DéFI", "EFT": "EFT"}
CENTRE_METHODS = {"DEFI": _("DéFI seulement"), "EFT": _("EFT seulement"), "both": _("DéFI et EFT")}

UNKNOWN = _("Non renseigné")


def choices(enum) -> dict:
    return dict(enum.choices)


def dimension_labels() -> dict[str, dict[str, str]]:
    """``{dimension: {code: label}}`` for the breakdowns (provinces and IBEFE from the
    territory tables)."""
    from tremplin.territory.models import IbefeArea, Province

    return {
        "province": {p.nis_code: p.name_fr for p in Province.objects.all()} | {"": UNKNOWN},
        "ibefe": {a.code: a.name for a in IbefeArea.objects.all()} | {"": UNKNOWN},
        "objective": choices(Objective),
        "method": METHOD_SHORT,
        "sector": choices(Sector),
    }


def profile_labels() -> dict[str, tuple[str, dict]]:
    """Profile at entry: ``{attribute: (title, {code: label})}``; "" is "not filled in"."""
    from tremplin.intake.models import Certificate, Gender, IncomeAtEntry, NationalityGroup

    return {
        "age_band": (_("Âge à l'entrée"), choices(AgeBand)),
        "gender": (_("Genre"), choices(Gender) | {"": UNKNOWN}),
        "certificate": (_("Diplôme le plus élevé"), choices(Certificate) | {"": UNKNOWN}),
        "registration_band": (
            _("Durée d'inscription comme demandeur ou demandeuse d'emploi"),
            choices(RegistrationBand),
        ),
        "income_at_entry": (_("Revenu à l'entrée"), choices(IncomeAtEntry) | {"": UNKNOWN}),
        "nationality_group": (_("Nationalité"), choices(NationalityGroup) | {"": UNKNOWN}),
    }


def exit_reason_labels(kind: str | None = None) -> dict:
    from tremplin.training.models import INTERRUPTIONS, ExitReason

    if kind == ExitKind.INTERRUPTION:
        return {v: label for v, label in ExitReason.choices if v in INTERRUPTIONS}
    return choices(ExitReason)


def situation_labels() -> dict:
    from tremplin.training.models import Situation

    return choices(Situation)


def legal_form_labels() -> dict:
    return choices(LegalForm)


# --- the files: what each indicator, measure and breakdown code of the CSV and XLSX means ------

INDICATOR_LABELS = {
    "centres": _("Centres actifs"),
    "trainings": _("Filières suivies"),
    "people_under_contract": _("Stagiaires sous contrat"),
    "hours": _("Heures de formation"),
    "interruptions": _("Interruptions"),
    "exits": _("Sorties"),
    "situation_6_months": _("Situation six mois après la sortie"),
    "satisfaction": _("Satisfaction des stagiaires"),
    "staff_training": _("Formation continue du personnel"),
}

# The measures of the report (the keys of a cell's value in the JSON and the API).
MEASURE_LABELS = {
    "people": _("Personnes"),
    "contracts": _("Contrats"),
    "followed": _("Heures suivies"),
    "assimilated": _("Heures assimilées"),
    "total": _("Heures suivies et assimilées"),
    "interruptions": _("Interruptions"),
    "exits": _("Sorties"),
    "positive": _("Sorties positives"),
    "answers": _("Réponses au suivi"),
    "in_job_or_training": _("En emploi ou en formation"),
    "share": _("Part en emploi ou en formation"),
    "hours": _("Heures de formation"),
    "by_method": _("Centres"),
    "by_legal_form": _("Centres"),
}

# ``people`` is the key of every count, but it counts centres, filières or survey answers in
# these indicators: what a reader is told it counts.
COUNTED_BY_INDICATOR = {
    "centres": _("Centres"),
    "trainings": _("Filières"),
    "satisfaction": _("Réponses à l'enquête"),
}

BREAKDOWN_LABELS = {
    "total": _("Ensemble"),
    "categorie": _("Catégorie"),
    "by_method": _("Méthode agréée"),
    "by_legal_form": _("Forme juridique"),
    "theme": _("Thème"),
    "role": _("Fonction"),
}


def indicator_label(indicator: str, report: dict) -> str:
    """``profile_at_entry.gender`` → « Profil à l'entrée : genre »."""
    if indicator.startswith("profile_at_entry."):
        title = report["profile_at_entry"][indicator.split(".", 1)[1]]["title"]
        return gettext("Profil à l'entrée : %(title)s") % {"title": title[:1].lower() + title[1:]}
    return str(INDICATOR_LABELS.get(indicator, indicator))


def measure_label(indicator: str, measure: str) -> str:
    """What a measure of an indicator counts, in the reader's language."""
    from tremplin.training.models import SCORE_QUESTIONS

    if measure == "people" and indicator in COUNTED_BY_INDICATOR:
        return str(COUNTED_BY_INDICATOR[indicator])
    scores = {f"mean_{key}": label for key, label in SCORE_QUESTIONS}
    if measure in scores:
        return gettext("Note moyenne : %(question)s") % {"question": scores[measure]}
    return str(MEASURE_LABELS.get(measure, measure))


def breakdown_label(breakdown: str) -> str:
    return str(BREAKDOWN_LABELS.get(breakdown, breakdown))
