"""Groups (intakes) and training contracts, with suspensions.

Business operations (sign, suspend, extend, end early) live in ``tremplin.training.contracts``.
"""

import datetime
import uuid
from decimal import Decimal

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability, centres_where
from tremplin.training.models.schedule import WeeklySchedule, schedule_constraints
from tremplin.training.periods import ZERO


class GroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Groups of the centres where ``user`` works centre-wide, and the groups they train."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(training__centre__in=centres_where(user, Capability.SEE_PERSON_FILE))
            | Q(trainer=user, training__centre__in=centres_where(user, Capability.TEACH_GROUPS))
        )

    def registrable_by(self, user):
        """Groups whose register ``user`` may fill: their own groups, or any group of a centre
        they coordinate. Annotated with ``user_is_coordinator``."""
        if not user.is_authenticated:
            return self.none()
        coordinated = centres_where(user, Capability.LOCK_REGISTER)
        trains = Q(trainer=user, training__centre__in=centres_where(user, Capability.TEACH_GROUPS))
        return self.filter(trains | Q(training__centre__in=coordinated)).annotate(
            user_is_coordinator=Exists(coordinated.filter(pk=OuterRef("training__centre_id")))
        )


class Group(WeeklySchedule):
    """An intake of a training: a trainer, a weekly schedule and trainees under contract."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    training = models.ForeignKey(
        "directory.Training",
        on_delete=models.PROTECT,
        related_name="groups",
        verbose_name=_("formation"),
    )
    name = models.CharField(_("nom du groupe"), max_length=120)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="trained_groups",
        verbose_name=_("formateur ou formatrice"),
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="group_ends_after_start",
                violation_error_message=_("Le groupe doit finir après son début."),
            ),
            *schedule_constraints("group"),
        ]

    def __str__(self):
        return f"{self.training.name} — {self.name}"


class ContractQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Contracts of the centres where ``user`` works centre-wide, and of the groups they
        train."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(centre__in=centres_where(user, Capability.SEE_PERSON_FILE))
            | Q(group__trainer=user, centre__in=centres_where(user, Capability.TEACH_GROUPS))
        )

    def where(self, user, capability):
        """Contracts of the centres where ``user`` holds ``capability``."""
        return self.filter(centre__in=centres_where(user, capability))

    def current(self):
        """Not ended (active or suspended)."""
        return self.exclude(status=Contract.Status.ENDED)

    def overlapping(self, start: datetime.date, end: datetime.date):
        """Contracts running at some point between ``start`` and ``end`` (inclusive)."""
        return self.filter(start_date__lte=end).filter(
            Q(actual_end_date__gte=start)
            | Q(actual_end_date__isnull=True, planned_end_date__gte=start)
        )


@pghistory.track()
class Contract(WeeklySchedule):
    """A trainee's training contract with the centre (the Forem contrat de formation)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("En cours")
        SUSPENDED = "suspended", _("Suspendu")
        ENDED = "ended", _("Terminé")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "intake.Person",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("stagiaire"),
    )
    training = models.ForeignKey(
        "directory.Training",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("formation"),
    )
    # Denormalised from the training so the database can enforce one current contract per
    # person and centre.
    centre = models.ForeignKey(
        "directory.Centre", on_delete=models.PROTECT, related_name="contracts", editable=False
    )
    candidacy = models.ForeignKey(
        "intake.Candidacy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name=_("candidature"),
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name=_("groupe"),
    )
    start_date = models.DateField(_("date de début"))
    planned_end_date = models.DateField(_("date de fin prévue"))
    actual_end_date = models.DateField(_("date de fin réelle"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("heures par semaine"), max_digits=4, decimal_places=1)
    forem_reference = models.CharField(_("référence du contrat Forem"), max_length=40, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # Declared costs (for the monthly statement; the Forem checks and pays them).
    commute_km = models.DecimalField(
        _("distance domicile – lieu de formation (km, aller)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    travel_verified = models.BooleanField(_("frais de déplacement vérifiés"), default=False)
    childcare_monthly_cost = models.DecimalField(
        _("frais de garde d'enfants déclarés (par mois)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
    )
    childcare_school_age = models.BooleanField(
        _("enfant(s) en âge d'aller à l'école"), default=False
    )
    childcare_verified = models.BooleanField(_("frais de garde vérifiés"), default=False)
    # The version of the clauses the contract was signed with (docs/decisions/0655).
    template = models.ForeignKey(
        "training.ContractTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name=_("modèle de contrat"),
    )
    signed_at = models.DateTimeField(_("signé le"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signé par"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("contrat de formation")
        verbose_name_plural = _("contrats de formation")
        indexes = [models.Index(fields=["centre", "start_date"], name="contract_centre_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__gt=F("start_date")),
                name="contract_ends_after_start",
                violation_error_message=_("Le contrat doit finir après son début."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end_date__isnull=True) | Q(actual_end_date__gte=F("start_date")),
                name="contract_actual_end_after_start",
                violation_error_message=_("La fin réelle ne peut pas précéder le début."),
            ),
            models.CheckConstraint(
                condition=Q(status="ended", actual_end_date__isnull=False)
                | (~Q(status="ended") & Q(actual_end_date__isnull=True)),
                name="contract_ended_iff_actual_end",
                violation_error_message=_("Un contrat terminé a une date de fin réelle."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=40),
                name="contract_hours_per_week_0_40",
                violation_error_message=_("Les heures par semaine doivent être entre 1 et 40."),
            ),
            models.UniqueConstraint(
                fields=["person", "centre"],
                condition=~Q(status="ended"),
                name="contract_one_current_per_person_centre",
                violation_error_message=_(
                    "Cette personne a déjà un contrat en cours dans ce centre."
                ),
            ),
            *schedule_constraints("contract"),
        ]

    def __str__(self):
        return f"{self.person} — {self.training}"

    @property
    def end_date(self) -> datetime.date:
        """The actual end if the contract ended, else the planned end."""
        return self.actual_end_date or self.planned_end_date

    def runs_on(self, day: datetime.date) -> bool:
        return self.start_date <= day <= self.end_date

    def planned_hours_between(self, start: datetime.date, end: datetime.date) -> Decimal:
        """Hours the schedule plans from ``start`` to ``end`` (inclusive), within the contract,
        outside suspensions (uses ``self.suspensions`` — prefetch it for lists)."""
        start, end = max(start, self.start_date), min(end, self.end_date)
        total = ZERO
        if end < start:
            return total
        suspensions = [s for s in self.suspensions.all() if not s.cancelled]
        day = start
        while day <= end:
            if not any(s.covers(day) for s in suspensions):
                total += self.planned_on(day)
            day += datetime.timedelta(days=1)
        return total


class SuspensionQuerySet(models.QuerySet):
    def in_force(self):
        """Suspensions that count: not cancelled before they began (decision 0659)."""
        return self.filter(cancelled_at__isnull=True)


@pghistory.track()
class ContractSuspension(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="suspensions", verbose_name=_("contrat")
    )
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au (inclus)"))
    # The end first written, when a return (``resume``) cut the suspension short.
    planned_ends_on = models.DateField(_("fin prévue avant la reprise"), null=True, blank=True)
    reason = models.CharField(_("motif"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A return (``resume``) on its first day: the suspension never began. The row stays (its
    # amendment may be printed and signed) but no computation counts it (decision 0659).
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("annulée par"),
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("suspension du contrat")
        verbose_name_plural = _("suspensions du contrat")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="suspension_ends_after_start",
                violation_error_message=_("La suspension doit finir après son début."),
            ),
            models.CheckConstraint(
                condition=Q(planned_ends_on__isnull=True) | Q(planned_ends_on__gt=F("ends_on")),
                name="suspension_shortened_before_planned_end",
                violation_error_message=_("Une reprise raccourcit la suspension."),
            ),
            # Cancelled: when and by whom, together; a cancelled suspension was never
            # shortened (it did not begin).
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True, cancelled_by__isnull=True)
                | Q(
                    cancelled_at__isnull=False,
                    cancelled_by__isnull=False,
                    planned_ends_on__isnull=True,
                ),
                name="suspension_cancelled_when_and_by_whom",
                violation_error_message=_(
                    "Une suspension annulée dit quand et par qui, et n'a pas été raccourcie."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.starts_on} → {self.ends_on}"

    def covers(self, day: datetime.date) -> bool:
        """The contract is suspended on ``day`` (never by a cancelled suspension)."""
        return not self.cancelled and self.starts_on <= day <= self.ends_on

    @property
    def cancelled(self) -> bool:
        """Cancelled before it began: kept for its amendment, counted nowhere."""
        return self.cancelled_at is not None

    @property
    def shortened(self) -> bool:
        """A return (``resume``) ended it before the end first written."""
        return self.planned_ends_on is not None
