"""Anonymised fact tables for the sector statistics (decision record 0701).

They hold no name, NISS, e-mail, phone or exact date: a birth year, codes, year-months, and a
random ``person_key`` that stands for a person (so people are counted once however many
contracts) without pointing at them once their file is erased. They have no foreign key to the
person or the contract, so they survive the erasure of personal data and past years' figures
stay stable. ``manage.py refresh_stats`` builds them in SQL (``tremplin.stats.refresh``).
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    UNDER_25 = "under_25", _("Moins de 25 ans")
    FROM_25_TO_34 = "25_34", _("25 à 34 ans")
    FROM_35_TO_44 = "35_44", _("35 à 44 ans")
    FROM_45_TO_54 = "45_54", _("45 à 54 ans")
    OVER_55 = "55_plus", _("55 ans et plus")
    UNKNOWN = "unknown", _("Non renseigné")


class RegistrationBand(models.TextChoices):
    """How long the person had been registered at the Forem as a job seeker at entry."""

    UNDER_6 = "under_6", _("Moins de 6 mois")
    FROM_6_TO_11 = "6_11", _("6 à 11 mois")
    FROM_12_TO_23 = "12_23", _("12 à 23 mois")
    OVER_24 = "24_plus", _("24 mois et plus")
    NOT_REGISTERED = "not_registered", _("Pas inscrit ou inscrite ou non renseigné")


class ExitKind(models.TextChoices):
    POSITIVE = "positive", _("Sortie positive (emploi ou formation)")
    COMPLETED = "completed", _("Fin de formation sans suite connue")
    INTERRUPTION = "interruption", _("Interruption")


class PersonKey(models.Model):
    """The random key that stands for a person in the facts.

    Deleted with the person (``CASCADE``): after the erasure, the facts keep a key that leads
    nowhere. Never derived from the NISS or the name.
    """

    person = models.OneToOneField(
        "intake.Person", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    # Shared by the files of the same human in several centres (same NISS), else its own.
    key = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)

    class Meta:
        verbose_name = _("clé statistique d'une personne")
        verbose_name_plural = _("clés statistiques des personnes")

    def __str__(self):
        return str(self.key)


class FactQuerySet(models.QuerySet):
    def for_centre(self, centre):
        return self.filter(centre=centre)


class TrainingFact(models.Model):
    """What every fact keeps of the training at the time: its centre, kind, and the province
    and IBEFE area of its site."""

    centre = models.ForeignKey(
        "directory.Centre", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    training = models.ForeignKey("directory.Training", on_delete=models.PROTECT, related_name="+")
    objective = models.CharField(max_length=40)
    method = models.CharField(max_length=4)
    sector = models.CharField(max_length=30)
    province_code = models.CharField(max_length=5, blank=True)
    ibefe_code = models.CharField(max_length=40, blank=True)

    class Meta:
        abstract = True


class ContractFactQuerySet(FactQuerySet):
    def under_contract_in(self, year: int):
        """Contracts running at some point of ``year`` (month precision matches day precision
        at year boundaries)."""
        return self.filter(start_month__year__lte=year).filter(
            Q(end_month__year__gte=year) | Q(end_month__isnull=True)
        )

    def exited_in(self, year: int):
        return self.filter(exit_month__year=year)


class ContractFact(TrainingFact):
    """One row per training contract, anonymised."""

    contract_id = models.UUIDField(
        unique=True, help_text=_("Identifiant du contrat à la construction (sans lien).")
    )
    person_key = models.UUIDField(db_index=True)
    # Where the person lived at entry.
    residence_province_code = models.CharField(max_length=5, blank=True)
    residence_ibefe_code = models.CharField(max_length=40, blank=True)
    # The person at entry.
    birth_year = models.PositiveSmallIntegerField(null=True)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    gender = models.CharField(max_length=20, blank=True)
    certificate = models.CharField(max_length=40, blank=True)
    registration_band = models.CharField(max_length=20, choices=RegistrationBand.choices)
    income_at_entry = models.CharField(max_length=30, blank=True)
    nationality_group = models.CharField(max_length=30, blank=True)
    # Year-months (first day of the month), never an exact date.
    start_month = models.DateField()
    end_month = models.DateField(null=True, help_text=_("Mois de fin réelle ou prévue."))
    exit_month = models.DateField(null=True)
    exit_kind = models.CharField(max_length=20, choices=ExitKind.choices, blank=True)
    exit_reason = models.CharField(max_length=30, blank=True)
    followup_answered = models.BooleanField(default=False)
    followup_situation = models.CharField(max_length=20, blank=True)
    refreshed_at = models.DateTimeField()

    objects = ContractFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("fait statistique : contrat")
        verbose_name_plural = _("faits statistiques : contrats")
        indexes = [
            models.Index(fields=["start_month", "end_month"], name="contractfact_period"),
            models.Index(fields=["centre", "start_month"], name="contractfact_centre"),
            models.Index(fields=["exit_month"], name="contractfact_exit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_month__day=1)
                & (Q(end_month__isnull=True) | Q(end_month__day=1))
                & (Q(exit_month__isnull=True) | Q(exit_month__day=1)),
                name="contractfact_months_only",
                violation_error_message=_("Les faits ne gardent que des mois, jamais un jour."),
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900),
                name="contractfact_birth_year_plausible",
                violation_error_message=_("L'année de naissance n'est pas plausible."),
            ),
        ]

    def __str__(self):
        return f"{self.contract_id} {self.start_month:%Y-%m}"


class HoursFactQuerySet(FactQuerySet):
    def in_year(self, year: int):
        return self.filter(month__year=year)


class HoursFact(TrainingFact):
    """Hours of one contract in one month, summed from the attendance register."""

    contract_id = models.UUIDField()
    person_key = models.UUIDField()
    month = models.DateField()
    hours_followed = models.DecimalField(max_digits=9, decimal_places=2)
    hours_assimilated = models.DecimalField(max_digits=9, decimal_places=2)

    objects = HoursFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("fait statistique : heures d'un mois")
        verbose_name_plural = _("faits statistiques : heures par mois")
        indexes = [
            models.Index(fields=["month"], name="hoursfact_month"),
            models.Index(fields=["centre", "month"], name="hoursfact_centre_month"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["contract_id", "month"],
                name="hoursfact_one_row_per_contract_month",
                violation_error_message=_("Ce mois est déjà compté pour ce contrat."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="hoursfact_month_first_day",
                violation_error_message=_("Le mois est enregistré au premier jour."),
            ),
            models.CheckConstraint(
                condition=Q(hours_followed__gte=0, hours_assimilated__gte=0),
                name="hoursfact_hours_not_negative",
                violation_error_message=_("Les heures ne peuvent pas être négatives."),
            ),
        ]

    def __str__(self):
        return f"{self.contract_id} {self.month:%Y-%m}"


# The formats of the public key figures (the page offers them; docs/decisions/0703).
PUBLIC_FORMATS = ("csv", "xlsx", "pdf", "json")


class PublishedFile(models.Model):
    """A file of the public key figures, laid out once when the facts are rebuilt
    (``refresh_stats``, the demo world), so that a visitor downloads it at once instead of
    waiting seconds for the PDF (docs/decisions/0703). Aggregates only, small cells already
    suppressed: the same bytes as ``exports.render`` gives for the sector report."""

    year = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=8)
    language = models.CharField(max_length=8)
    content = models.BinaryField()
    content_type = models.CharField(max_length=100)
    file_name = models.CharField(max_length=120)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the content (the ETag).")
    built_at = models.DateTimeField()

    class Meta:
        verbose_name = _("fichier publié des chiffres clés")
        verbose_name_plural = _("fichiers publiés des chiffres clés")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "format", "language"], name="publishedfile_one_per_year_format"
            ),
            models.CheckConstraint(
                condition=Q(format__in=PUBLIC_FORMATS),
                name="publishedfile_public_format",
            ),
            models.CheckConstraint(
                condition=Q(digest__regex=r"^[0-9a-f]{64}$"), name="publishedfile_digest_sha256"
            ),
        ]

    def __str__(self):
        return self.file_name
