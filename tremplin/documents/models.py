"""A document prepared in the background for one member (a report PDF, a large export).

The file is kept in the database (``content``) so that any web process can serve it whatever
machine the worker ran on; it is offered to its owner only, and removed after ``KEEP_FOR``
(``purge_documents``). See docs/decisions/0654-documents-in-the-background.md.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEEP_FOR = datetime.timedelta(days=7)


def default_expiry():
    return timezone.now() + KEEP_FOR


class DocumentQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The documents ``user`` asked for and may still download."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user, expires_at__gt=timezone.now())

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())

    def about(self, person):
        """The documents prepared about ``person`` (e.g. the copy of their data, 0806):
        erased with the person or with their identity (0804)."""
        return self.filter(person=person)


class GeneratedDocument(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En préparation")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="generated_documents",
        verbose_name=_("demandé par"),
    )
    kind = models.CharField(_("sorte"), max_length=40)
    person = models.ForeignKey(
        "intake.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne concernée"),
        help_text=_("Le document ne parle que de cette personne : il est effacé avec elle."),
    )
    params = models.JSONField(_("paramètres"), default=dict)
    title = models.CharField(_("titre"), max_length=200)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    step = models.CharField(_("étape"), max_length=120, blank=True)
    content = models.BinaryField(_("contenu"), null=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("disponible jusqu'au"), default=default_expiry)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document préparé")
        verbose_name_plural = _("documents préparés")
        indexes = [models.Index(fields=["owner", "-created_at"], name="document_owner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="document_progress_0_100",
                violation_error_message=_("L'avancement est un pourcentage."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | Q(content__isnull=False),
                name="document_ready_has_content",
                violation_error_message=_("Un document prêt a un contenu."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def size(self) -> int:
        return len(self.content) if self.content is not None else 0
