"""A centre went on beyond a legal limit that is still to confirm (such a limit only warns):
the limit, the hours, who decided and why. Written by ``tremplin.training.contracts``."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.training.models.contracts import Contract


class ContractLimitOverride(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contract = models.ForeignKey(
        Contract,
        on_delete=models.CASCADE,
        related_name="limit_overrides",
        verbose_name=_("contrat"),
    )
    parameter = models.CharField(_("paramètre"), max_length=80)
    limit_hours = models.DecimalField(_("limite (heures)"), max_digits=7, decimal_places=1)
    total_hours = models.DecimalField(_("heures prévues au total"), max_digits=7, decimal_places=1)
    legal_reference = models.CharField(_("texte légal"), max_length=300)
    reason = models.TextField(_("raison"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("décidé par"),
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("dépassement d'une limite à confirmer")
        verbose_name_plural = _("dépassements de limites à confirmer")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="contractlimitoverride_has_reason",
                violation_error_message=_("Écrivez la raison du dépassement."),
            ),
        ]

    def __str__(self):
        return f"{self.contract} — {self.parameter}"
