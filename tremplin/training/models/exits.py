"""Exits from training, the 6-month follow-up and the anonymous satisfaction survey."""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability, centres_where


class ExitReason(models.TextChoices):
    """Reference list of exit reasons: positive exits first, then interruptions."""

    JOB = "job", _("Emploi")
    FOREM_TRAINING = "forem_training", _("Formation qualifiante au Forem")
    IFAPME = "ifapme", _("Formation IFAPME")
    PROMOTION_SOCIALE = "promotion_sociale", _("Enseignement de promotion sociale")
    VALIDATION = "validation", _("Validation des compétences")
    OTHER_CISP = "other_cisp", _("Autre formation en CISP")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Entreprise d'insertion")
    COMPLETED = "completed", _("Fin de formation sans suite connue")
    HEALTH = "health", _("Interruption : santé")
    FAMILY = "family", _("Interruption : raisons familiales")
    MOVED = "moved", _("Interruption : déménagement")
    NO_CHILDCARE = "no_childcare", _("Interruption : pas de solution de garde")
    DROP_OUT = "drop_out", _("Interruption : abandon")
    EXCLUSION = "exclusion", _("Interruption : exclusion")
    INCARCERATION = "incarceration", _("Interruption : incarcération")
    OTHER = "other", _("Interruption : autre raison")


POSITIVE_EXITS = frozenset(
    {
        ExitReason.JOB,
        ExitReason.FOREM_TRAINING,
        ExitReason.IFAPME,
        ExitReason.PROMOTION_SOCIALE,
        ExitReason.VALIDATION,
        ExitReason.OTHER_CISP,
        ExitReason.SOCIAL_ENTERPRISE,
    }
)
INTERRUPTIONS = frozenset(
    {
        ExitReason.HEALTH,
        ExitReason.FAMILY,
        ExitReason.MOVED,
        ExitReason.NO_CHILDCARE,
        ExitReason.DROP_OUT,
        ExitReason.EXCLUSION,
        ExitReason.INCARCERATION,
        ExitReason.OTHER,
    }
)


class JobContractType(models.TextChoices):
    CDI = "cdi", _("Contrat à durée indéterminée (CDI)")
    CDD = "cdd", _("Contrat à durée déterminée (CDD)")
    INTERIM = "interim", _("Intérim")
    ARTICLE_60 = "article_60", _("Article 60 (CPAS)")
    TITRES_SERVICES = "titres_services", _("Titres-services")
    SELF_EMPLOYED = "self_employed", _("Travail indépendant")
    OTHER = "other", _("Autre contrat")


class ExitQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(contract__centre__in=centres_where(user, Capability.RECORD_EXITS))

    def positive(self):
        return self.filter(reason__in=POSITIVE_EXITS)

    def interruptions(self):
        return self.filter(reason__in=INTERRUPTIONS)


@pghistory.track()
class Exit(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contract = models.OneToOneField(
        "training.Contract", on_delete=models.PROTECT, related_name="exit"
    )
    date = models.DateField(_("date de sortie"))
    reason = models.CharField(_("motif de sortie"), max_length=30, choices=ExitReason.choices)
    job_contract_type = models.CharField(
        _("type de contrat de travail"), max_length=20, choices=JobContractType.choices, blank=True
    )
    next_step = models.CharField(_("étape suivante (passerelle)"), max_length=300, blank=True)
    partner = models.CharField(_("partenaire"), max_length=200, blank=True)
    interview_note = models.TextField(_("entretien de sortie"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExitQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("sortie")
        verbose_name_plural = _("sorties")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="job") | ~Q(job_contract_type=""),
                name="exit_job_has_contract_type",
                violation_error_message=_("Pour un emploi, indiquez le type de contrat."),
            ),
        ]

    def __str__(self):
        return f"{self.contract} — {self.get_reason_display()}"

    @property
    def is_positive(self) -> bool:
        return self.reason in POSITIVE_EXITS


class Situation(models.TextChoices):
    JOB = "job", _("Je travaille")
    TRAINING = "training", _("Je suis en formation ou aux études")
    JOB_SEEKER = "job_seeker", _("Je cherche du travail")
    OTHER = "other", _("Autre situation")


class TrainingProvider(models.TextChoices):
    FOREM = "forem", _("Forem")
    IFAPME = "ifapme", _("IFAPME")
    PROMOTION_SOCIALE = "promotion_sociale", _("Promotion sociale")
    CISP = "cisp", _("Un autre CISP")
    OTHER = "other", _("Autre")


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(exit__contract__centre__in=centres_where(user, Capability.RECORD_EXITS))

    def unanswered(self):
        return self.filter(answered_at__isnull=True)

    def answered(self):
        return self.filter(answered_at__isnull=False)


@pghistory.track(exclude=["token_hash"])
class FollowUp(models.Model):
    """The 6-month follow-up of an exit: a single-use link, or an answer taken by phone."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        NONE = "none", _("Aucun moyen de contact")

    class AnsweredVia(models.TextChoices):
        LINK = "link", _("Lien personnel")
        PHONE = "phone", _("Appel téléphonique")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    exit = models.OneToOneField(Exit, on_delete=models.CASCADE, related_name="follow_up")
    due_on = models.DateField(_("prévu le"))
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    expires_at = models.DateTimeField(_("le lien expire le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices, blank=True)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    answered_via = models.CharField(
        _("réponse par"), max_length=10, choices=AnsweredVia.choices, blank=True
    )
    situation = models.CharField(
        _("situation"), max_length=20, choices=Situation.choices, blank=True
    )
    job_contract_type = models.CharField(
        _("type de contrat"), max_length=20, choices=JobContractType.choices, blank=True
    )
    training_provider = models.CharField(
        _("organisme de formation"), max_length=20, choices=TrainingProvider.choices, blank=True
    )
    comment = models.TextField(_("remarque"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("encodé par"),
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("suivi à six mois")
        verbose_name_plural = _("suivis à six mois")
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | (~Q(situation="") & ~Q(answered_via="")),
                name="followup_answer_complete",
                violation_error_message=_("Une réponse indique la situation."),
            ),
            models.CheckConstraint(
                condition=~Q(answered_via="phone") | Q(recorded_by__isnull=False),
                name="followup_phone_answer_has_recorder",
                violation_error_message=_("Une réponse par téléphone indique qui l'a encodée."),
            ),
        ]

    def __str__(self):
        return f"{self.exit} — {self.due_on}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
