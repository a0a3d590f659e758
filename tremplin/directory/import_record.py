"""One upload of the federation's directory file: the file itself (kept so that the preview
and the apply step read the very same bytes), who sent it, the dry-run report, and when it was
applied. The history rows written while applying carry its id (pghistory context)."""

import hashlib
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DirectoryImport(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file_name = models.CharField(_("fichier"), max_length=255)
    files = models.JSONField(
        _("contenu"), help_text=_("Les fichiers envoyés : nom et contenu en base64.")
    )
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        "accounts.User", on_delete=models.RESTRICT, related_name="+", verbose_name=_("envoyé par")
    )
    uploaded_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    report = models.JSONField(_("rapport de l'essai"), default=dict)
    applied_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appliqué par"),
    )
    applied_at = models.DateTimeField(_("appliqué le"), null=True, blank=True)

    class Meta:
        app_label = "directory"
        ordering = ["-uploaded_at"]
        verbose_name = _("import de l'annuaire")
        verbose_name_plural = _("imports de l'annuaire")
        constraints = [
            models.CheckConstraint(
                condition=Q(applied_at__isnull=True) | Q(applied_by__isnull=False),
                name="directoryimport_applied_has_author",
                violation_error_message=_("Un import appliqué a un auteur."),
            ),
        ]

    def __str__(self):
        return self.file_name

    @staticmethod
    def digest(contents: list[bytes]) -> str:
        sha = hashlib.sha256()
        for content in contents:
            sha.update(content)
        return sha.hexdigest()

    @property
    def has_errors(self) -> bool:
        return bool(self.report.get("problems"))
