"""Labels of the codes kept in the facts (dimensions and categories), in the active language."""

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
