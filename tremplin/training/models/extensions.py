"""An extension of a signed contract: the planned end before and after, kept as a row so the
contract still prints the end it was signed with (docs/decisions/0658). Written by
``tremplin.training.contracts.extend``."""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tremplin.training.models.contracts import Contract
from tremplin.training.models.overrides import ContractLimitOverride


@pghistory.track()
class ContractExtension(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("contrat")
    )
    previous_end_date = models.DateField(_("fin prévue avant la prolongation"))
    new_end_date = models.DateField(_("nouvelle fin prévue"))
    # The centre went beyond a maximum duration still to confirm, and wrote why.
    limit_override = models.OneToOneField(
        ContractLimitOverride,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extension",
        verbose_name=_("dépassement d'une limite à confirmer"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("prolongé par"),
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("prolongation du contrat")
        verbose_name_plural = _("prolongations du contrat")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_end_date__gt=F("previous_end_date")),
                name="extension_ends_after_previous_end",
                violation_error_message=_("La nouvelle date de fin doit être après l'actuelle."),
            ),
            # Each extension starts from the end the previous one set: two extensions never
            # start from the same end (two clicks at once give one extension).
            models.UniqueConstraint(
                fields=["contract", "previous_end_date"],
                name="extension_one_per_previous_end",
                violation_error_message=_("Ce contrat a déjà été prolongé depuis cette date."),
            ),
        ]

    def __str__(self):
        return f"{self.previous_end_date} → {self.new_end_date}"
