"""The access log: who opened which person file, when, from which view.

Field history (what changed, by whom) is kept by django-pghistory: see
docs/decisions/0003-audit-history.md.
"""

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLogQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk,
        )

    def by_user(self, user):
        return self.filter(user=user)


class AccessLog(models.Model):
    """One row each time a person's data is shown to a user. Rows are never changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="access_logs",
        verbose_name=_("utilisateur·rice"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("au titre de l'organisation"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("type d'objet")
    )
    object_id = models.UUIDField(_("identifiant de l'objet"))
    view_name = models.CharField(_("vue"), max_length=100)
    path = models.CharField(_("adresse"), max_length=500, blank=True)
    ip_hash = models.CharField(
        _("empreinte de l'adresse IP"),
        max_length=64,
        blank=True,
        help_text=_("HMAC de l'adresse IP : permet de repérer une même origine sans la stocker."),
    )
    accessed_at = models.DateTimeField(_("consulté le"), default=timezone.now)
    api_token = models.UUIDField(
        _("jeton d'API"),
        null=True,
        blank=True,
        help_text=_("Le jeton avec lequel l'outil du centre a lu ces données, s'il y en a un."),
    )

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation de dossier")
        verbose_name_plural = _("journal des consultations")
        ordering = ["-accessed_at"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-accessed_at"], name="accesslog_object"
            ),
            models.Index(fields=["user", "-accessed_at"], name="accesslog_user"),
        ]
        triggers = [
            pgtrigger.Protect(name="accesslog_append_only", operation=pgtrigger.Update),
        ]

    def __str__(self):
        return f"{self.user} — {self.view_name} — {self.accessed_at:%d/%m/%Y %H:%M}"
