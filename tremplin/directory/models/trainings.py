"""The filières (trainings) a centre runs on its sites, and their information sessions."""

import uuid

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

from tremplin import formatting
from tremplin.directory.enums import (
    FrenchLevel,
    Language,
    Method,
    Objective,
    Public,
    Sector,
)
from tremplin.directory.models.centres import Centre, Site
from tremplin.territory.lookup import normalise


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
            # A centre's next sessions (the directory search, one per result), in the order
            # the search reads them: its first session without a sort.
            models.Index(
                fields=["centre", "starts_at", "id"],
                condition=Q(status="planned"),
                name="infosession_centre_next",
            ),
            # A training's sessions in the next weeks (the search filter on sessions).
            models.Index(
                fields=["training", "starts_at"],
                condition=Q(status="planned"),
                name="infosession_training_next",
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
        when = formatting.short_moment(self.starts_at)
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
