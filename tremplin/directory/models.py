"""The public directory: centres, their sites, their filières (trainings) and information sessions.

A centre is published once the federation has validated it. Changes to its agrément data
(name, agrément number, legal form, methods) wait in an ``AgrementChange`` until the federation
accepts them; meanwhile the public keeps seeing the validated data.
"""

import uuid
from datetime import datetime, time, timedelta

import pghistory
from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import Organisation
from tremplin.directory.enums import (
    Federation,
    FrenchLevel,
    Language,
    LegalForm,
    Method,
    Objective,
    Public,
    Sector,
)
from tremplin.territory.lookup import normalise
from tremplin.territory.models import PostalCode

# An entry not updated for this long is flagged as stale (to the centre and the federation).
STALE_AFTER = timedelta(days=183)
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
        today = today or timezone.localdate()
        return self.updated_at.date() < today - STALE_AFTER

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
    """A place where a centre trains people. Its point comes from the postal code unless set."""

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


class TrainingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def published(self):
        return self.active().filter(centre__status=Centre.Status.PUBLISHED)

    def for_public(self, public):
        """Trainings for ``public``: those naming it, and those open to everyone (no public)."""
        return self.filter(Q(publics__contains=[public]) | Q(publics=[]))


# Words a person may type for a sector, added to the searchable text of its trainings.
SECTOR_KEYWORDS = {
    Sector.CONSTRUCTION: "maçon maçonnerie bâtiment chantier carrelage peinture menuiserie",
    Sector.HORECA: "cuisine cuisinier commis restaurant salle service traiteur",
    Sector.CARE: "aide familiale soins garde enfants personnes âgées",
    Sector.CLEANING: "nettoyage technicien de surface entretien",
    Sector.LOGISTICS: "magasinier cariste logistique chauffeur",
    Sector.GREEN: "jardinier espaces verts maraîchage environnement",
    Sector.RETAIL: "vente vendeur caissier commerce",
    Sector.OFFICE: "secrétariat bureautique employé administratif accueil",
    Sector.DIGITAL: "informatique ordinateur numérique internet",
    Sector.TEXTILE: "couture retouche textile",
    Sector.LITERACY: "alphabétisation lire écrire calcul",
    Sector.FLE: "français langue étrangère FLE",
    Sector.BASIC_SKILLS: "remise à niveau mathématiques français CEB",
    Sector.PERSONAL_DEVELOPMENT: "confiance en soi projet personnel",
    Sector.ORIENTATION: "orientation choix métier projet professionnel",
}


@pghistory.track(exclude=["search_text", "search_vector"])
class Training(models.Model):
    """A filière: a training offer of a centre, with one priority objective and one method."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="trainings")
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("site")
    )
    name = models.CharField(_("nom de la formation"), max_length=200)
    objective = models.CharField(_("objectif"), max_length=40, choices=Objective.choices)
    method = models.CharField(_("méthode"), max_length=4, choices=Method.choices)
    sector = models.CharField(_("secteur"), max_length=30, choices=Sector.choices)
    description = models.TextField(_("contenu de la formation"), blank=True)
    duration_weeks = models.PositiveSmallIntegerField(_("durée (en semaines)"))
    hours_per_week = models.PositiveSmallIntegerField(_("heures par semaine"))
    schedule = models.CharField(
        _("horaire"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : du lundi au jeudi, de 8 h 30 à 16 h."),
    )
    french_level = models.CharField(
        _("niveau de français demandé"),
        max_length=10,
        choices=FrenchLevel.choices,
        default=FrenchLevel.NONE,
    )
    prerequisites = models.TextField(_("autres conditions d'accès"), blank=True)
    publics = ArrayField(
        models.CharField(max_length=20, choices=Public.choices),
        default=list,
        blank=True,
        verbose_name=_("publics visés"),
        help_text=_("Laissez vide si la formation est ouverte à tout le monde."),
    )
    language_support = ArrayField(
        models.CharField(max_length=5, choices=Language.choices),
        default=list,
        blank=True,
        verbose_name=_("aide dans d'autres langues"),
    )
    places = models.PositiveSmallIntegerField(_("nombre de places"))
    next_intake = models.DateField(_("prochaine entrée en formation"), null=True, blank=True)
    agreed_hours_per_year = models.PositiveIntegerField(
        _("heures agréées par an"),
        default=0,
        help_text=_("Heures de formation prévues par l'agrément pour cette filière."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.TextField(editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_text", config="french"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("formation (filière)")
        verbose_name_plural = _("formations (filières)")
        indexes = [GinIndex(fields=["search_vector"], name="training_search_vector")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1, hours_per_week__lte=40),
                name="training_hours_per_week_1_40",
                violation_error_message=_("Les heures par semaine doivent être entre 1 et 40."),
            ),
            models.CheckConstraint(
                condition=Q(duration_weeks__gte=1, duration_weeks__lte=156),
                name="training_duration_1_156_weeks",
                violation_error_message=_("La durée doit être entre 1 et 156 semaines."),
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1),
                name="training_places_at_least_one",
                violation_error_message=_("Il faut au moins une place."),
            ),
            models.CheckConstraint(
                condition=Q(agreed_hours_per_year__lte=100000),
                name="training_agreed_hours_plausible",
                violation_error_message=_("Le nombre d'heures agréées est trop grand."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def clean(self):
        if self.site_id and self.centre_id and self.site.centre_id != self.centre_id:
            raise ValidationError({"site": _("Ce site n'appartient pas à ce centre.")})

    def build_search_text(self) -> str:
        """Accent-free text indexed for the free-text search (name, sector, content)."""
        with translation.override("fr"):
            parts = [
                self.name,
                str(Sector(self.sector).label) if self.sector in Sector.values else "",
                SECTOR_KEYWORDS.get(self.sector, ""),
                str(Objective(self.objective).label) if self.objective in Objective.values else "",
                self.description,
                self.prerequisites,
            ]
        return normalise(" ".join(part for part in parts if part))

    def get_publics_display(self) -> list[str]:
        labels = dict(Public.choices)
        return [str(labels.get(code, code)) for code in self.publics]

    def get_language_support_display(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.language_support]


class InfoSessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(status=InfoSession.Status.PLANNED, starts_at__gte=now or timezone.now())

    def published(self):
        return self.filter(centre__status=Centre.Status.PUBLISHED)

    def for_training(self, training):
        """Sessions about ``training``, and its centre's sessions about no training in
        particular."""
        return self.filter(centre_id=training.centre_id).filter(
            Q(training=training) | Q(training__isnull=True)
        )

    def with_seats_left(self):
        """Annotate ``seats_left``: capacity minus confirmed bookings (never below zero)."""
        # Bookings are intake's (which builds on the directory): named, not imported.
        booking = apps.get_model("intake", "SessionBooking")
        confirmed = (
            booking.objects.filter(session=OuterRef("pk"), status="confirmed")
            .order_by()
            .values("session")
            .annotate(total=models.Count("pk"))
            .values("total")
        )
        taken = Coalesce(Subquery(confirmed, output_field=IntegerField()), Value(0))
        return self.annotate(seats_left=models.functions.Greatest(F("capacity") - taken, 0))


class InfoSession(models.Model):
    """An information session of a centre, about one training or about the centre in general."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        CANCELLED = "cancelled", _("Annulée")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="info_sessions")
    training = models.ForeignKey(
        Training,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="info_sessions",
        verbose_name=_("formation"),
        help_text=_("Laissez vide pour une séance qui présente tout le centre."),
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="info_sessions", verbose_name=_("lieu")
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    capacity = models.PositiveSmallIntegerField(_("nombre de places"))
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    cancellation_note = models.TextField(_("message d'annulation"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InfoSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("séance d'information")
        verbose_name_plural = _("séances d'information")
        indexes = [
            models.Index(fields=["status", "starts_at"], name="infosession_upcoming"),
            # A centre's next sessions (the directory search, one per result).
            models.Index(
                fields=["centre", "starts_at"],
                condition=Q(status="planned"),
                name="infosession_centre_next",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="infosession_ends_after_start",
                violation_error_message=_("La séance doit finir après son début."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=500),
                name="infosession_capacity_1_500",
                violation_error_message=_("Le nombre de places doit être entre 1 et 500."),
            ),
            models.CheckConstraint(
                condition=Q(status="planned") | ~Q(cancellation_note=""),
                name="infosession_cancel_has_note",
                violation_error_message=_("Expliquez pourquoi la séance est annulée."),
            ),
        ]

    def __str__(self):
        when = timezone.localtime(self.starts_at).strftime("%d/%m/%Y %H:%M")
        return f"{self.title} — {when}"

    @property
    def title(self) -> str:
        return self.training.name if self.training_id else self.centre.name

    def clean(self):
        errors = {}
        if self.site_id and self.centre_id and self.site.centre_id != self.centre_id:
            errors["site"] = _("Ce lieu n'appartient pas à ce centre.")
        if self.training_id and self.centre_id and self.training.centre_id != self.centre_id:
            errors["training"] = _("Cette formation n'appartient pas à ce centre.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def get_booking_url(self) -> str:
        """Where a person books a seat (the booking part names it ``public:session_booking``)."""
        try:
            return reverse("public:session_booking", args=[self.pk])
        except NoReverseMatch:
            return f"/sessions/{self.pk}/inscription/"


# The federation's imports of the directory file (issue 15), kept in their own module.
from tremplin.directory.import_record import DirectoryImport  # noqa: E402, F401
