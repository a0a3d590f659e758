"""A centre's own data import (issue 15 §2, decision 1005): the upload kept between the steps,
the column mapping it chose, the dry-run report, what applying created (so that the undo deletes
exactly those rows) and the mapping remembered for the centre's next import.

Business operations live in ``tremplin.training.centre_imports``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.imports.storage import private_imports


class CentreImport(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Envoyé, colonnes à vérifier")
        CHECKED = "checked", _("Essai fait")
        APPLIED = "applied", _("Appliqué")
        UNDONE = "undone", _("Annulé")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        "directory.Centre",
        on_delete=models.PROTECT,
        related_name="data_imports",
        verbose_name=_("centre"),
    )
    file_name = models.CharField(_("fichier"), max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("envoyé par"),
    )
    uploaded_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    # {sheet: {"sheet": title of the centre's sheet or None, "columns": {code: column index}}}
    mapping = models.JSONField(_("correspondance des colonnes"), default=dict, blank=True)
    # The references whose match with an existing person file the member confirmed.
    confirmed_matches = models.JSONField(_("rapprochements confirmés"), default=list, blank=True)
    report = models.JSONField(_("rapport de l'essai"), default=dict, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appliqué par"),
    )
    applied_at = models.DateTimeField(_("appliqué le"), null=True, blank=True)
    # {"persons": [uuid…], "contracts": [uuid…], "attendance": [id…]}: exactly what applying
    # wrote, what the undo deletes.
    created_rows = models.JSONField(_("lignes créées"), default=dict, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("annulé par"),
    )
    undone_at = models.DateTimeField(_("annulé le"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("import des données d'un centre")
        verbose_name_plural = _("imports des données des centres")
        indexes = [
            models.Index(fields=["centre", "-uploaded_at"], name="centreimport_centre_recent")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(applied_at__isnull=True) | Q(applied_by__isnull=False),
                name="centreimport_applied_has_author",
                violation_error_message=_("Un import appliqué a un auteur."),
            ),
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True)
                | Q(undone_by__isnull=False, applied_at__isnull=False),
                name="centreimport_undone_was_applied",
                violation_error_message=_("Seul un import appliqué peut être annulé."),
            ),
        ]

    def __str__(self):
        return self.file_name


def upload_path(instance, filename):
    return f"centre/{instance.centre_import_id}/{uuid.uuid4().hex}"


class CentreImportFile(models.Model):
    """One uploaded file (the XLSX, or one of the CSV files), on private storage until the
    import is applied or abandoned."""

    centre_import = models.ForeignKey(
        CentreImport, on_delete=models.CASCADE, related_name="files", verbose_name=_("import")
    )
    name = models.CharField(_("nom du fichier"), max_length=255)
    file = models.FileField(_("fichier"), storage=private_imports, upload_to=upload_path)
    size = models.PositiveIntegerField(_("taille (octets)"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("fichier importé")
        verbose_name_plural = _("fichiers importés")

    def __str__(self):
        return self.name


class CentreImportMapping(models.Model):
    """The column mapping a centre chose at its last import, offered at the next one:
    ``{sheet: {"sheet": title, "columns": {code: header text}}}``."""

    centre = models.OneToOneField(
        "directory.Centre",
        on_delete=models.CASCADE,
        related_name="import_mapping",
        verbose_name=_("centre"),
    )
    mapping = models.JSONField(_("correspondance des colonnes"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("choisie par"),
    )
    updated_at = models.DateTimeField(_("choisie le"), auto_now=True)

    class Meta:
        verbose_name = _("correspondance de colonnes d'un centre")
        verbose_name_plural = _("correspondances de colonnes des centres")

    def __str__(self):
        return str(self.centre_id)
