"""Centres of the directory, their sites, and the changes of agrément data awaiting the
federation."""

import uuid
from datetime import datetime, time, timedelta

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import Organisation
from tremplin.directory.enums import (
    Federation,
    LegalForm,
    Method,
)
from tremplin.territory.models import PostalCode

STALE_AFTER = timedelta(days=183)


def entry_is_stale(updated_at, today) -> bool:
    """Whether an entry last updated at ``updated_at`` is more than six months old ``today``."""
    return updated_at.date() < today - STALE_AFTER


# Agrément data: changes need the federation's validation before they are published.
AGREMENT_FIELDS = ("name", "agrement_number", "legal_form", "methods")


class CentreQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Centre.Status.PUBLISHED)

    def stale(self, today):
        """Entries whose content was last updated more than six months before ``today``."""
        limit = timezone.make_aware(datetime.combine(today - STALE_AFTER, time.min))
        return self.filter(updated_at__lt=limit)

    def with_public_details(self, now=None):
        """Prefetch what a centre page shows: sites, active trainings, upcoming sessions."""
        field = self.model._meta.get_field
        InfoSession = field("info_sessions").related_model  # noqa: N806 — models of the next room
        Training = field("trainings").related_model  # noqa: N806
        sessions = (
            InfoSession.objects.upcoming(now)
            .with_seats_left()
            .select_related("training", "site__postal_code__municipality")
            .order_by("starts_at")
        )
        return self.prefetch_related(
            models.Prefetch(
                "sites",
                queryset=Site.objects.select_related("postal_code__municipality__province"),
            ),
            models.Prefetch(
                "trainings",
                queryset=Training.objects.active().select_related("site").order_by("name"),
                to_attr="active_trainings",
            ),
            models.Prefetch("info_sessions", queryset=sessions, to_attr="upcoming_sessions"),
        )

    def awaiting_validation(self):
        return self.filter(
            Q(status=Centre.Status.PENDING_VALIDATION)
            | Q(agrement_changes__status=AgrementChange.Status.PENDING)
        ).distinct()


@pghistory.track()
class Centre(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PENDING_VALIDATION = "pending_validation", _("En attente de validation")
        PUBLISHED = "published", _("Publié")
        SUSPENDED = "suspended", _("Suspendu")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="centre",
        limit_choices_to={"kind": Organisation.Kind.CENTRE},
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("nom du centre"), max_length=200)
    slug = models.SlugField(_("identifiant court"), max_length=220, unique=True)
    agrement_number = models.CharField(
        _("numéro d'agrément"), max_length=20, help_text=_("Par exemple : CISP n° 113.")
    )
    legal_form = models.CharField(_("forme juridique"), max_length=20, choices=LegalForm.choices)
    federation = models.CharField(_("fédération"), max_length=20, choices=Federation.choices)
    methods = ArrayField(
        models.CharField(max_length=4, choices=Method.choices),
        verbose_name=_("méthodes agréées"),
        help_text=_("DéFI, EFT ou les deux."),
    )
    description = models.TextField(_("présentation"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site internet"), blank=True)
    accessibility = models.TextField(
        _("accessibilité des locaux"),
        blank=True,
        help_text=_("Par exemple : entrée de plain-pied, ascenseur, toilettes adaptées."),
    )
    status = models.CharField(
        _("statut de publication"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    validated_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validé par"),
    )
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    refusal_note = models.TextField(_("motif du refus"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        _("dernière mise à jour"),
        default=timezone.now,
        help_text=_("Mise à jour à chaque modification de la fiche, de ses sites et formations."),
    )

    objects = CentreQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        constraints = [
            models.UniqueConstraint(
                fields=["agrement_number"],
                name="centre_unique_agrement_number",
                violation_error_message=_("Un autre centre a déjà ce numéro d'agrément."),
            ),
            models.CheckConstraint(
                condition=Q(methods__len__gte=1) & Q(methods__contained_by=list(Method.values)),
                name="centre_methods_defi_or_eft",
                violation_error_message=_("Choisissez DéFI, EFT ou les deux."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(validated_at__isnull=False),
                name="centre_published_only_when_validated",
                violation_error_message=_("Un centre publié doit avoir été validé."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:centre_detail", args=[self.pk])

    def clean(self):
        if self.organisation_id and self.organisation.kind != Organisation.Kind.CENTRE:
            raise ValidationError({"organisation": _("Cette organisation n'est pas un centre.")})

    def touch(self):
        """Record that the entry was updated (freshness)."""
        self.updated_at = timezone.now()
        Centre.objects.filter(pk=self.pk).update(updated_at=self.updated_at)

    def is_stale(self, today=None) -> bool:
        return entry_is_stale(self.updated_at, today or timezone.localdate())

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def get_methods_display(self) -> str:
        labels = dict(Method.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.methods)


class AgrementChange(models.Model):
    """A coordinator's change to agrément data, waiting for the federation's validation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="agrement_changes")
    proposed = models.JSONField(_("nouvelles valeurs"))
    previous = models.JSONField(_("anciennes valeurs"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.RESTRICT, related_name="+", verbose_name=_("demandé par")
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidé par"),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note de la fédération"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("modification de l'agrément")
        verbose_name_plural = _("modifications de l'agrément")
        constraints = [
            models.UniqueConstraint(
                fields=["centre"],
                condition=Q(status="pending"),
                name="agrementchange_one_pending_per_centre",
                violation_error_message=_("Une modification attend déjà la validation."),
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="agrementchange_decided_has_date",
                violation_error_message=_("Une décision doit être datée."),
            ),
        ]

    def __str__(self):
        return f"{self.centre} — {self.get_status_display()}"


@pghistory.track()
class Site(models.Model):
    """A place where a centre trains people. Its point comes from the postal code unless set, and
    follows the postal code when its point moves (a trigger, docs/decisions/0319)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("nom du site"), max_length=200)
    street = models.CharField(_("rue et numéro"), max_length=200)
    postal_code = models.ForeignKey(
        PostalCode,
        on_delete=models.PROTECT,
        related_name="directory_sites",
        verbose_name=_("code postal et localité"),
    )
    latitude = models.FloatField(_("latitude"), blank=True)
    longitude = models.FloatField(_("longitude"), blank=True)
    accessibility = models.TextField(_("accessibilité du site"), blank=True)
    phone = models.CharField(
        _("téléphone du site"),
        max_length=30,
        blank=True,
        help_text=_("Un numéro général du site, jamais celui d'une personne."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=49.4, latitude__lte=51.6)
                & Q(longitude__gte=2.5, longitude__lte=6.5),
                name="site_point_in_belgium",
                violation_error_message=_("Le point du site doit se trouver en Belgique."),
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.address}"

    def save(self, *args, **kwargs):
        if self.latitude is None or self.longitude is None:
            self.latitude = self.postal_code.latitude
            self.longitude = self.postal_code.longitude
        super().save(*args, **kwargs)

    @property
    def municipality(self):
        return self.postal_code.municipality

    @property
    def address(self) -> str:
        locality = self.postal_code.locality or self.postal_code.municipality.name_fr
        return f"{self.street}, {self.postal_code.code} {locality}"
