"""What a referral keeps besides the referral itself:

- ``ReferralEligibility``: the facts the counsellor checked with the simulator, the engine's
  answer and the proofs it asks for, shown to the centre so that nobody types them again;
- ``OutcomeConsent``: the person's agreement that the prescriber learns what happens after
  the training contract (started, suspended, ended early, completed, exit). Given at the
  referral or later, withdrawable; each agreement is a dated row (docs/privacy.md).
"""

import datetime
import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CHECK_STATUSES = ["eligible", "derogation_possible", "not_eligible", "incomplete"]


@pghistory.track()
class ReferralEligibility(models.Model):
    referral = models.OneToOneField(
        "intake.Referral",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="eligibility",
        verbose_name=_("orientation"),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("vérifiée par"),
    )
    checked_at = models.DateTimeField(_("vérifiée le"), default=timezone.now)
    situation = models.JSONField(_("faits donnés par la personne"))
    status = models.CharField(_("résultat"), max_length=30)
    categories = models.JSONField(_("catégories remplies"), default=list)
    documents = models.JSONField(_("preuves à apporter"), default=list)
    rules_version = models.CharField(_("version des règles"), max_length=40)

    class Meta:
        verbose_name = _("éligibilité vérifiée à l'orientation")
        verbose_name_plural = _("éligibilités vérifiées à l'orientation")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CHECK_STATUSES),
                name="referraleligibility_known_status",
                violation_error_message=_("Résultat de vérification inconnu."),
            ),
        ]

    def __str__(self):
        return f"{self.referral_id} — {self.status}"


class OutcomeConsentQuerySet(models.QuerySet):
    def standing(self):
        """Agreements not withdrawn."""
        return self.filter(withdrawn_on__isnull=True)


@pghistory.track()
class OutcomeConsent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(
        "intake.Referral",
        on_delete=models.CASCADE,
        related_name="outcome_consents",
        verbose_name=_("orientation"),
    )
    given_on = models.DateField(_("accord donné le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("accord noté par"),
    )
    recorded_at = models.DateTimeField(_("noté le"), default=timezone.now)
    withdrawn_on = models.DateField(_("accord retiré le"), null=True, blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retrait noté par"),
    )

    objects = OutcomeConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-recorded_at"]
        verbose_name = _("accord pour la suite après le contrat")
        verbose_name_plural = _("accords pour la suite après le contrat")
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(withdrawn_on__isnull=True),
                name="outcomeconsent_one_standing",
                violation_error_message=_("La personne a déjà donné cet accord."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="outcomeconsent_withdrawn_after_given",
                violation_error_message=_(
                    "L'accord ne peut pas être retiré avant d'avoir été donné."
                ),
            ),
            models.CheckConstraint(
                condition=Q(given_on__gt=datetime.date(1900, 1, 1)),
                name="outcomeconsent_date_plausible",
                violation_error_message=_("La date de l'accord n'est pas plausible."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawal_recorded_by__isnull=False),
                name="outcomeconsent_withdrawal_recorded_by",
                violation_error_message=_("Indiquez qui a noté le retrait."),
            ),
        ]

    def __str__(self):
        return f"{self.referral_id} — {self.given_on}"
