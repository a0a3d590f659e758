"""The federation's library of reference documents for the centres (issue 16).

A ``Document`` (procedure, model letter, model contract clauses, circular…) has numbered
``DocumentVersion`` rows, each with its change note; old versions stay readable. A centre
follows a document (``DocumentFollow``) to be told when a new version is published. The
public sees only documents the federation marks public.
"""

import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability, can
from tremplin.accounts.models import Organisation


class Kind(models.TextChoices):
    PROCEDURE = "procedure", _("Procédure")
    MODEL_LETTER = "model_letter", _("Modèle de lettre")
    CONTRACT_CLAUSES = "contract_clauses", _("Clauses types du contrat de formation")
    CIRCULAR = "circular", _("Circulaire")
    OTHER = "other", _("Autre document")


class DocumentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def visible_to(self, user):
        """Staff of a centre and the federation see the whole library; others, the public
        documents only."""
        if can(user, Capability.READ_LIBRARY):
            return self.all()
        return self.public()

    def with_latest(self):
        return self.annotate(latest_number=models.Max("versions__number")).filter(
            latest_number__isnull=False
        )


@pghistory.track()
class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    summary = models.CharField(
        _("résumé"), max_length=300, help_text=_("Une phrase : à quoi sert ce document.")
    )
    reference_date = models.DateField(
        _("date du document"),
        null=True,
        blank=True,
        help_text=_("Pour une circulaire : sa date officielle."),
    )
    is_public = models.BooleanField(
        _("visible par le public"),
        default=False,
        help_text=_("Sinon, seuls les centres et la fédération le voient."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("document de référence")
        verbose_name_plural = _("documents de référence")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="circular") | Q(reference_date__isnull=False),
                name="library_circular_has_date",
                violation_error_message=_("Une circulaire porte sa date."),
            ),
        ]

    def __str__(self):
        return self.title


class DocumentVersion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("texte du document"))
    change_note = models.CharField(
        _("ce qui change"),
        max_length=500,
        help_text=_("En une ou deux phrases, pour les centres qui suivent ce document."),
    )
    published_at = models.DateTimeField(_("publiée le"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("version d'un document")
        verbose_name_plural = _("versions des documents")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="library_version_number_unique",
                violation_error_message=_("Ce numéro de version existe déjà."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="library_version_number_positive",
                violation_error_message=_("Les versions sont numérotées à partir de 1."),
            ),
            models.CheckConstraint(
                condition=~Q(change_note="") & ~Q(body=""),
                name="library_version_has_text_and_note",
                violation_error_message=_("Une version a un texte et une note de changement."),
            ),
        ]
        triggers = [
            # A published version is never rewritten: publish a new one.
            pgtrigger.Protect(name="library_version_append_only", operation=pgtrigger.Update),
        ]

    def __str__(self):
        return f"{self.document} — v{self.number}"


class DocumentFollow(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="follows")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="followed_documents"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document suivi")
        verbose_name_plural = _("documents suivis")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "organisation"], name="library_follow_once"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.document}"
