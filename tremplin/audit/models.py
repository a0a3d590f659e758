"""The access log: who opened which person file, when, from which view.

Field history (what changed, by whom) is kept by django-pghistory: see
docs/decisions/0003-audit-history.md.
"""

import uuid

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin import formatting
from tremplin.accounts.models import Membership


class AccessLogQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk,
        )

    def by_user(self, user):
        return self.filter(user=user)

    def about_person(self, person):
        """Every opening of ``person``'s file: the person, their candidacies, contracts and
        information-session bookings (the objects the pages log), reached through the
        person's relations."""
        return self.filter(
            Q(object_id=person.pk)
            | Q(object_id__in=person.candidacies.values("pk"))
            | Q(object_id__in=person.contracts.values("pk"))
            | Q(object_id__in=person.candidacies.filter(booking__isnull=False).values("booking"))
        )

    def with_role(self):
        """Annotate ``role``: the role the reader holds in the organisation on whose behalf
        they opened the file (one subquery, no query per row). Empty for the platform
        administration (no organisation)."""
        role = Membership.objects.filter(
            user=OuterRef("user_id"), organisation=OuterRef("organisation_id")
        ).order_by("-is_active", "role")
        return self.annotate(role=Subquery(role.values("role")[:1]))


class AccessLog(models.Model):
    """One row each time a person's data is shown to a user. Rows are never changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="access_logs",
        verbose_name=_("compte"),
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
        return f"{self.user} — {self.view_name} — {formatting.short_moment(self.accessed_at)}"


class ErasureRecordQuerySet(models.QuerySet):
    def pseudonymised_ids(self, kind: str):
        return self.filter(kind=kind, action=ErasureRecord.Action.PSEUDONYMISED).values("object_id")


class ErasureRecord(models.Model):
    """A tombstone: this person or account was erased or pseudonymised, by which rule or
    request. Holds ids only. Also appended to the erasure journal (a file kept outside the
    database) so that the erasure is applied again after a restore (decision 0804)."""

    class Kind(models.TextChoices):
        PERSON = "person", _("dossier d'une personne")
        USER = "user", _("compte d'un membre")

    class Action(models.TextChoices):
        ERASED = "erased", _("effacé")
        PSEUDONYMISED = "pseudonymised", _("pseudonymisé")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    object_id = models.CharField(_("identifiant"), max_length=64)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    rule = models.CharField(_("règle"), max_length=40)
    reason = models.TextField(_("motif et obligations de conservation expliquées"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centre"),
    )
    applied_at = models.DateTimeField(_("appliqué le"), default=timezone.now)

    objects = ErasureRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("effacement enregistré")
        verbose_name_plural = _("effacements enregistrés")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "action"], name="erasure_once_per_action"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} {self.action}"


class RetentionRun(models.Model):
    """The report of one ``apply_retention`` run (what was due, what was done)."""

    started_at = models.DateTimeField(_("lancé le"), default=timezone.now)
    dry_run = models.BooleanField(_("simulation"), default=False)
    report = models.JSONField(_("rapport"))
    text = models.TextField(_("rapport lisible"))

    class Meta:
        verbose_name = _("application des délais de conservation")
        verbose_name_plural = _("applications des délais de conservation")
        ordering = ["-started_at"]

    def __str__(self):
        return formatting.short_moment(self.started_at)


class AccessRequestQuerySet(models.QuerySet):
    def of(self, organisation):
        return self.filter(organisation=organisation)

    def open_for(self, organisation):
        return self.filter(organisation=organisation, answered_at__isnull=True).order_by(
            "received_on"
        )

    def answered_for(self, organisation):
        return self.filter(organisation=organisation, answered_at__isnull=False).order_by(
            "-answered_at"
        )


class AccessRequest(models.Model):
    """A person asked what the centre holds about them (RGPD art. 15/20): answered within one
    month of ``received_on`` (art. 12.3), listed for the coordinator until answered (0806)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.RESTRICT, related_name="+"
    )
    person = models.ForeignKey(
        "intake.Person",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("personne"),
    )
    received_on = models.DateField(_("demande reçue le"))
    how = models.CharField(_("reçue comment"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("enregistrée par"),
    )
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        related_name="+",
        verbose_name=_("répondue par"),
    )
    document = models.ForeignKey(
        "documents.GeneratedDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copie préparée"),
    )

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d'accès")
        verbose_name_plural = _("demandes d'accès")

    def __str__(self):
        return formatting.short_day(self.received_on)

    @property
    def deadline(self):
        from tremplin.audit.retention.schedule import add_months

        return add_months(self.received_on, 1)

    def is_overdue(self, today=None) -> bool:
        return self.answered_at is None and (today or timezone.localdate()) > self.deadline
