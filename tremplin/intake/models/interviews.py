"""The individual interview and the eligibility checks of a candidacy."""

import datetime
import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin import formatting
from tremplin.intake.models.candidacies import Candidacy


class NeedLevel(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Pas abordé")
    NO_NEED = "no_need", _("Pas de besoin")
    SOME_SUPPORT = "some_support", _("Besoin d'un appui")
    MAJOR_BARRIER = "major_barrier", _("Frein important")


# The needs assessment of an interview: (field name, label). Each has a level and notes.
NEEDS = (
    ("french", _("Français")),
    ("basic_skills", _("Savoirs de base (lire, écrire, calculer)")),
    ("digital_skills", _("Numérique")),
    ("mobility", _("Mobilité")),
    ("childcare", _("Garde d'enfants")),
    ("housing", _("Logement")),
    ("health", _("Santé")),
    ("administrative", _("Situation administrative")),
    ("debts", _("Dettes")),
)


def need_level_field(label):
    return models.CharField(
        label, max_length=20, choices=NeedLevel.choices, default=NeedLevel.NOT_ASSESSED
    )


def need_notes_field(label):
    return models.TextField(_("%(need)s : notes") % {"need": label}, blank=True)


@pghistory.track()
class Interview(models.Model):
    """The individual interview of a candidacy: motivation, project, needs assessment.

    The notes of the needs are social notes: only who holds ``Capability.SEE_SOCIAL_NOTES``
    sees them; the levels are visible to the centre staff.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidacy = models.OneToOneField(Candidacy, on_delete=models.CASCADE, related_name="interview")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("entretien mené par"),
    )
    held_on = models.DateField(_("date de l'entretien"))
    motivation = models.TextField(_("motivation"), blank=True)
    professional_project = models.TextField(_("projet professionnel"), blank=True)
    french = need_level_field(NEEDS[0][1])
    french_notes = need_notes_field(NEEDS[0][1])
    basic_skills = need_level_field(NEEDS[1][1])
    basic_skills_notes = need_notes_field(NEEDS[1][1])
    digital_skills = need_level_field(NEEDS[2][1])
    digital_skills_notes = need_notes_field(NEEDS[2][1])
    mobility = need_level_field(NEEDS[3][1])
    mobility_notes = need_notes_field(NEEDS[3][1])
    childcare = need_level_field(NEEDS[4][1])
    childcare_notes = need_notes_field(NEEDS[4][1])
    housing = need_level_field(NEEDS[5][1])
    housing_notes = need_notes_field(NEEDS[5][1])
    health = need_level_field(NEEDS[6][1])
    health_notes = need_notes_field(NEEDS[6][1])
    administrative = need_level_field(NEEDS[7][1])
    administrative_notes = need_notes_field(NEEDS[7][1])
    debts = need_level_field(NEEDS[8][1])
    debts_notes = need_notes_field(NEEDS[8][1])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("entretien")
        verbose_name_plural = _("entretiens")

    def __str__(self):
        return f"{self.candidacy} — {self.held_on}"

    def needs(self) -> list[dict]:
        """Each need with its label, level (code and label) and notes, in order."""
        return [
            {
                "code": code,
                "label": label,
                "level": getattr(self, code),
                "level_label": NeedLevel(getattr(self, code)).label,
                "notes": getattr(self, f"{code}_notes"),
            }
            for code, label in NEEDS
        ]


class EvidenceType(models.TextChoices):
    """Documents seen for the eligibility check (codes of ``tremplin.rules.texts``)."""

    IDENTITY = "identity", _("Carte d'identité ou titre de séjour")
    FOREM_ATTESTATION = "forem_attestation", _("Attestation d'inscription au Forem")
    FOREM_HISTORY = "forem_history", _("Historique d'inscription au Forem")
    DIPLOMA = "diploma", _("Diplôme ou déclaration sur l'honneur")
    DISABILITY_DECISION = "disability_decision", _("Décision AViQ ou taux d'incapacité")
    MEDICAL_FITNESS = "medical_fitness", _("Attestation médicale d'aptitude")
    CPAS_ATTESTATION = "cpas_attestation", _("Attestation du CPAS (revenu d'intégration)")
    JUSTICE_DOCUMENT = "justice_document", _("Document de la justice")
    OTHER = "other", _("Autre document")


class EligibilityCheck(models.Model):
    """The eligibility of a candidacy, decided by the rules engine from the person's facts.

    Stores the facts given, the engine's answer and the version of the rules, so the decision
    can be traced later even if the rules change. The latest check of a candidacy counts.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="eligibility_checks"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("vérifiée par"),
    )
    checked_at = models.DateTimeField(_("vérifiée le"), default=timezone.now)
    situation = models.JSONField(_("faits utilisés"))
    status = models.CharField(_("résultat"), max_length=30)
    categories = models.JSONField(_("catégories remplies"), default=list)
    result = models.JSONField(_("réponse complète du moteur de règles"))
    rules_version = models.CharField(_("version des règles"), max_length=40)

    class Meta:
        ordering = ["-checked_at"]
        get_latest_by = "checked_at"
        verbose_name = _("vérification des conditions d'accès")
        verbose_name_plural = _("vérifications des conditions d'accès")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["eligible", "derogation_possible", "not_eligible", "incomplete"]
                ),
                name="eligibilitycheck_known_status",
                violation_error_message=_("Résultat de vérification inconnu."),
            ),
        ]

    def __str__(self):
        return f"{self.candidacy} — {self.status}"


class EligibilityEvidence(models.Model):
    """A document the centre saw for an eligibility check (its type and its date)."""

    eligibility_check = models.ForeignKey(
        EligibilityCheck, on_delete=models.CASCADE, related_name="evidence"
    )
    document_type = models.CharField(_("document vu"), max_length=30, choices=EvidenceType.choices)
    document_date = models.DateField(_("date du document"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("document vu")
        verbose_name_plural = _("documents vus")
        constraints = [
            models.CheckConstraint(
                condition=Q(document_date__gt=datetime.date(1900, 1, 1)),
                name="eligibilityevidence_date_plausible",
                violation_error_message=_("La date du document n'est pas plausible."),
            ),
        ]

    def __str__(self):
        return f"{self.get_document_type_display()} ({formatting.short_day(self.document_date)})"
