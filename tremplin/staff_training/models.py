"""Continuing training of the sector's staff, run by the federation (issue 16).

A ``Module`` is what the catalogue offers (title, theme, audience, trainer, hours, price); a
``Session`` is one run of it (dates, place or online, seats, registration deadline). A member
of a centre asks for a seat (``Registration``); the centre's coordinator approves; seats go in
order of approval, then a waiting list. The survey after a session is anonymous
(``SurveyInvitation``/``SurveyResponse`` never point at a person).
"""

import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin import formatting
from tremplin.accounts.capabilities import Capability, can, organisations_where
from tremplin.accounts.models import CENTRE_ROLES, Organisation, Role

# The federation runs the catalogue; these roles of a centre may ask for a seat.
MEMBER_ROLES = tuple(CENTRE_ROLES)


class Theme(models.TextChoices):
    PEDAGOGY = "pedagogy", _("Pédagogie")
    SOCIAL = "social", _("Suivi social")
    LITERACY = "literacy", _("Méthodes d'alphabétisation")
    MANAGEMENT = "management", _("Gestion du centre")
    REGULATION = "regulation", _("Réglementation")
    SAFETY = "safety", _("Sécurité et bien-être")
    OTHER = "other", _("Autre")


class ModuleQuerySet(models.QuerySet):
    def with_public_sessions(self):
        return self.filter(sessions__status=Session.Status.PUBLISHED).distinct()


@pghistory.track()
class Module(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("titre"), max_length=200)
    theme = models.CharField(_("thème"), max_length=20, choices=Theme.choices)
    audience = ArrayField(
        models.CharField(max_length=30, choices=[(r.value, r.label) for r in CENTRE_ROLES]),
        verbose_name=_("public visé"),
        help_text=_("Les fonctions à qui le module s'adresse."),
    )
    trainer_name = models.CharField(_("formateur ou formatrice"), max_length=200)
    description = models.TextField(
        _("description"), help_text=_("En français simple : ce qu'on y apprend, pour qui.")
    )
    hours = models.DecimalField(
        _("durée (heures)"),
        max_digits=5,
        decimal_places=1,
        help_text=_("Les heures de formation d'une session, reprises sur l'attestation."),
    )
    price = models.DecimalField(
        _("prix par personne (€)"),
        max_digits=7,
        decimal_places=2,
        default=0,
        help_text=_("0 si le module est gratuit."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("module de formation continue")
        verbose_name_plural = _("modules de formation continue")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=300),
                name="staff_module_hours_0_300",
                violation_error_message=_("La durée doit être entre 0,5 et 300 heures."),
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="staff_module_price_not_negative",
                violation_error_message=_("Le prix ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=Q(audience__len__gte=1),
                name="staff_module_has_audience",
                violation_error_message=_("Choisissez au moins une fonction visée."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("public:staff_module", args=[self.pk])

    @property
    def is_free(self) -> bool:
        return not self.price

    def get_audience_display(self) -> list[str]:
        """Who the module is for (the catalogue is public; the role labels are plain words)."""
        labels = dict(Role.choices)
        return [str(labels.get(role, role)) for role in self.audience]


def confirmed_count():
    """A subquery: the confirmed seats of the outer session."""
    return Coalesce(
        Subquery(
            Registration.objects.filter(session=OuterRef("pk"), status="confirmed")
            .order_by()
            .values("session")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


class SessionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Session.Status.PUBLISHED)

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now())

    def with_counts(self):
        """Annotate ``confirmed``, ``waiting``, ``pending`` and ``present`` in one query."""
        return self.annotate(
            confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
            waiting=Count("registrations", filter=Q(registrations__status="waiting")),
            pending=Count("registrations", filter=Q(registrations__status="pending")),
            present=Count("registrations", filter=Q(registrations__attendance="present")),
        )

    def with_seats_left(self):
        return self.annotate(
            seats_left=models.functions.Greatest(F("capacity") - confirmed_count(), 0)
        )

    def for_catalogue(self):
        return self.select_related("module", "postal_code__municipality__province")

    def trained_by(self, user):
        return self.filter(trainer=user) if user.is_authenticated else self.none()


@pghistory.track()
class Session(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publiée")
        CANCELLED = "cancelled", _("Annulée")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("module")
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    online = models.BooleanField(_("en ligne"), default=False)
    venue = models.CharField(
        _("lieu"),
        max_length=300,
        blank=True,
        help_text=_("Nom du lieu, rue et numéro. Vide pour une session en ligne."),
    )
    postal_code = models.ForeignKey(
        "territory.PostalCode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("code postal et localité"),
    )
    capacity = models.PositiveSmallIntegerField(_("nombre de places"))
    registration_deadline = models.DateField(
        _("inscriptions jusqu'au"), help_text=_("Dernier jour pour demander une place.")
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte du formateur ou de la formatrice"),
        help_text=_("Ce compte peut noter les présences. Facultatif : la fédération le peut."),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    cancellation_note = models.TextField(_("raison de l'annulation"), blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session de formation continue")
        verbose_name_plural = _("sessions de formation continue")
        indexes = [models.Index(fields=["status", "starts_at"], name="staff_session_catalogue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="staff_session_ends_after_start",
                violation_error_message=_("La session doit finir après son début."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=500),
                name="staff_session_capacity_1_500",
                violation_error_message=_("Le nombre de places doit être entre 1 et 500."),
            ),
            models.CheckConstraint(
                condition=Q(online=True) | (Q(postal_code__isnull=False) & ~Q(venue="")),
                name="staff_session_place_or_online",
                violation_error_message=_(
                    "Indiquez le lieu et le code postal, ou cochez « en ligne »."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancellation_note=""),
                name="staff_session_cancel_has_note",
                violation_error_message=_("Expliquez pourquoi la session est annulée."),
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="staff_session_capacity_covers_seats",
                operation=pgtrigger.Update,
                when=pgtrigger.Before,
                condition=pgtrigger.Q(new__capacity__lt=pgtrigger.F("old__capacity")),
                func="""
                IF NEW.capacity < (SELECT count(*) FROM staff_training_registration
                                   WHERE session_id = NEW.id AND status = 'confirmed') THEN
                    RAISE EXCEPTION 'staff_session_capacity_below_seats'
                        USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
                """,
            ),
        ]

    def __str__(self):
        return f"{self.module.title} — {formatting.short_day(self.starts_at)}"

    @property
    def province(self):
        if self.online or self.postal_code_id is None:
            return None
        return self.postal_code.municipality.province

    @property
    def place(self) -> str:
        if self.online:
            return str(_("En ligne"))
        locality = self.postal_code.locality or self.postal_code.municipality.name_fr
        return f"{self.venue}, {self.postal_code.code} {locality}"

    def deadline_passed(self, now=None) -> bool:
        return timezone.localdate(now or timezone.now()) > self.registration_deadline

    def state(self, now=None) -> str:
        """What the catalogue says of the session: draft, cancelled, done, ongoing, closed,
        full (needs ``seats_left``) or open."""
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return self.status
        if self.ends_at <= now:
            return "done"
        if self.starts_at <= now:
            return "ongoing"
        if self.deadline_passed(now):
            return "closed"
        if getattr(self, "seats_left", 1) <= 0:
            return "full"
        return "open"


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        waiting = self.filter(status=Registration.Status.WAITING)
        return waiting.order_by("decided_at", "requested_at")

    def present(self):
        return self.filter(attendance=Registration.Attendance.PRESENT)

    def of_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()

    def to_approve_by(self, user):
        """Requests of the staff of the centres ``user`` coordinates."""
        if not user.is_authenticated:
            return self.none()
        centres = organisations_where(user, Capability.APPROVE_STAFF_TRAINING)
        return self.filter(organisation__in=centres)

    def visible_to(self, user):
        """A member sees their own registrations; a coordinator those of their centres' staff;
        the federation all; a session's trainer those of their sessions."""
        if not user.is_authenticated:
            return self.none()
        if can(user, Capability.RUN_STAFF_TRAINING):
            return self.all()
        coordinated = organisations_where(user, Capability.APPROVE_STAFF_TRAINING)
        return self.filter(
            Q(user=user) | Q(organisation__in=coordinated) | Q(session__trainer=user)
        )


@pghistory.track()
class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de l'accord de la coordination")
        CONFIRMED = "confirmed", _("Place confirmée")
        WAITING = "waiting", _("Liste d'attente")
        REFUSED = "refused", _("Refusée par la coordination")
        CANCELLED = "cancelled", _("Annulée")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Pas encore notée")
        PRESENT = "present", _("Présent ou présente")
        ABSENT = "absent", _("Absent ou absente")

    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff_registrations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff_registrations"
    )
    role = models.CharField(_("fonction"), max_length=30, choices=Role.choices)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices)
    attendance = models.CharField(
        _("présence"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    requested_at = models.DateTimeField(_("demandée le"))
    decided_at = models.DateTimeField(_("accord le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_reason = models.TextField(_("raison du refus"), blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at"]
        verbose_name = _("inscription à une formation continue")
        verbose_name_plural = _("inscriptions aux formations continues")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=["pending", "confirmed", "waiting"]),
                name="staff_registration_one_active_per_person",
                violation_error_message=_(
                    "Cette personne a déjà demandé une place à cette session."
                ),
            ),
            models.CheckConstraint(
                condition=Q(attendance="unknown") | Q(status="confirmed"),
                name="staff_registration_attendance_only_with_seat",
                violation_error_message=_("Seule une place confirmée a une présence."),
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="staff_registration_cancelled_at",
                violation_error_message=_("Une inscription annulée porte sa date d'annulation."),
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="staff_registration_refusal_has_reason",
                violation_error_message=_("Expliquez pourquoi la demande est refusée."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "cancelled"]) | Q(decided_at__isnull=False),
                name="staff_registration_decided_at",
                violation_error_message=_("Une demande traitée porte la date de l'accord."),
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="staff_registration_seats")]
        triggers = [
            pgtrigger.Trigger(
                name="staff_registration_seats_within_capacity",
                operation=pgtrigger.Insert | pgtrigger.Update,
                when=pgtrigger.After,
                condition=pgtrigger.Q(new__status="confirmed"),
                func="""
                IF (SELECT count(*) FROM staff_training_registration
                    WHERE session_id = NEW.session_id AND status = 'confirmed')
                   > (SELECT capacity FROM staff_training_session WHERE id = NEW.session_id) THEN
                    RAISE EXCEPTION 'staff_registration_over_capacity'
                        USING ERRCODE = 'check_violation';
                END IF;
                RETURN NULL;
                """,
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.session}"

    @property
    def hours(self):
        return self.session.module.hours if self.attendance == self.Attendance.PRESENT else 0


SCORE_QUESTIONS = (
    ("score_useful", _("Ce que j'ai appris me sert dans mon travail.")),
    ("score_trainer", _("La formatrice ou le formateur expliquait clairement.")),
    ("score_organisation", _("L'organisation était bonne (lieu, horaires, accueil).")),
    ("score_recommend", _("Je conseillerais ce module à mes collègues.")),
)
OPEN_QUESTION = _("Voulez-vous dire autre chose à la fédération ?")


class SurveyInvitation(models.Model):
    """A single-use link sent to each person present. Points at the session only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation à l'enquête (formation continue)")
        verbose_name_plural = _("invitations à l'enquête (formation continue)")

    def __str__(self):
        return str(self.session)


class SurveyResponse(models.Model):
    """An anonymous answer: the module, the session and the month, never the person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="survey_responses")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="survey_responses")
    month = models.DateField(_("mois"))
    score_useful = models.PositiveSmallIntegerField(SCORE_QUESTIONS[0][1])
    score_trainer = models.PositiveSmallIntegerField(SCORE_QUESTIONS[1][1])
    score_organisation = models.PositiveSmallIntegerField(SCORE_QUESTIONS[2][1])
    score_recommend = models.PositiveSmallIntegerField(SCORE_QUESTIONS[3][1])
    open_answer = models.TextField(OPEN_QUESTION, blank=True, max_length=2000)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("réponse à l'enquête (formation continue)")
        verbose_name_plural = _("réponses à l'enquête (formation continue)")
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"staff_survey_{name}_1_5",
                    violation_error_message=_("Chaque réponse est une note de 1 à 5."),
                )
                for name, _label in SCORE_QUESTIONS
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="staff_survey_month_first_day",
                violation_error_message=_("Le mois est enregistré au premier jour."),
            ),
        ]

    def __str__(self):
        return f"{self.module} — {self.month:%Y-%m}"
