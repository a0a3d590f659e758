"""Reference lists of the directory (codes are part of the public API contract)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    ASBL = "asbl", _("ASBL")
    CPAS = "cpas", _("CPAS")
    CPAS_ASSOCIATION = "cpas_association", _("Association de CPAS")


class Federation(models.TextChoices):
    ACFI = "acfi", _("ACFI")
    AID = "aid", _("AID")
    ALEAP = "aleap", _("ALEAP")
    CAIPS = "caips", _("CAIPS")
    LIRE_ET_ECRIRE = "lire_et_ecrire", _("Lire et Écrire")


class Method(models.TextChoices):
    DEFI = "DEFI", _("DéFI (cours et exercices pratiques)")
    EFT = "EFT", _("EFT (formation par le travail)")


class Objective(models.TextChoices):
    ORIENTATION = "orientation", _("Orientation professionnelle")
    FORMATION_BASE = "formation_base", _("Formation de base")
    FORMATION_PROFESSIONNALISANTE = (
        "formation_professionnalisante",
        _("Formation à un métier"),
    )


class Sector(models.TextChoices):
    CONSTRUCTION = "construction", _("Construction et rénovation")
    HORECA = "horeca", _("Cuisine, restaurant et hôtel (horeca)")
    CARE = "care", _("Aide aux personnes et soins")
    CLEANING = "cleaning", _("Nettoyage et entretien")
    LOGISTICS = "logistics", _("Magasin, transport et logistique")
    GREEN = "green", _("Espaces verts, environnement et maraîchage")
    RETAIL = "retail", _("Vente et commerce")
    OFFICE = "office", _("Secrétariat et travail de bureau")
    DIGITAL = "digital", _("Informatique et numérique")
    TEXTILE = "textile", _("Couture et textile")
    LITERACY = "literacy", _("Alphabétisation (lire, écrire, calculer)")
    FLE = "fle", _("Français langue étrangère (FLE)")
    BASIC_SKILLS = "basic_skills", _("Remise à niveau")
    PERSONAL_DEVELOPMENT = "personal_development", _("Développement personnel")
    ORIENTATION = "orientation", _("Choix d'un métier")


class Public(models.TextChoices):
    YOUNG = "young", _("Jeunes de 18 à 25 ans")
    WOMEN = "women", _("Femmes")
    NEWCOMERS = "newcomers", _("Personnes arrivées récemment en Belgique")
    DISABILITY = "disability", _("Personnes en situation de handicap")
    OVER_45 = "over_45", _("Personnes de plus de 45 ans")
    NO_DIPLOMA = "no_diploma", _("Personnes sans diplôme du secondaire")


class Language(models.TextChoices):
    """Languages in which the team can explain and help, besides French."""

    EN = "en", _("Anglais")
    NL = "nl", _("Néerlandais")
    DE = "de", _("Allemand")
    AR = "ar", _("Arabe")
    ES = "es", _("Espagnol")
    IT = "it", _("Italien")
    PT = "pt", _("Portugais")
    TR = "tr", _("Turc")
    RO = "ro", _("Roumain")
    UK = "uk", _("Ukrainien")
    RU = "ru", _("Russe")
    FA = "fa", _("Persan (dari, farsi)")
    SIGN = "lsfb", _("Langue des signes (LSFB)")


class FrenchLevel(models.TextChoices):
    NONE = "none", _("Aucun niveau demandé")
    ORAL = "oral", _("Comprendre et parler un peu le français")
    A2 = "A2", _("Niveau A2 (conversation simple)")
    B1 = "B1", _("Niveau B1 (lire et écrire des textes simples)")
    B2 = "B2", _("Niveau B2 (à l'aise à l'écrit)")
