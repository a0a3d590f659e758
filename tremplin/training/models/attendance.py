"""The attendance register: one row per contract and day, and the lock/version of a group week.

Saving a week lives in ``tremplin.training.register``.
"""

import datetime
from decimal import Decimal

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from tremplin.training.models.schedule import MAX_HOURS_PER_DAY
from tremplin.training.periods import ZERO


class AbsenceReason(models.Model):
    """Reference list of absence reasons. Those that ``count_as_assimilated`` turn absent hours
    into *heures assimilées* (counted as training hours)."""

    code = models.CharField(_("code"), max_length=30, primary_key=True)
    # Typed in a register cell (« M2 »: 2 h for this reason); « A » stands for unjustified.
    short_code = models.CharField(_("code court"), max_length=4, blank=True)
    label = models.CharField(_("libellé"), max_length=120)
    counts_as_assimilated = models.BooleanField(_("compte en heures assimilées"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("utilisable"), default=True)

    class Meta:
        ordering = ["position", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["short_code"],
                condition=~Q(short_code=""),
                name="absence_reason_unique_short_code",
                violation_error_message=_("Ce code court est déjà pris par un autre motif."),
            ),
            models.CheckConstraint(
                condition=Q(short_code__regex=r"^([B-Z][A-Z]{0,3}|A[A-Z]{1,3})?$"),
                name="absence_reason_short_code_letters",
                violation_error_message=_(
                    "Le code court est fait de 1 à 4 lettres majuscules ; « A » seul est "
                    "réservé à l'absence injustifiée."
                ),
            ),
        ]
        verbose_name = _("motif d'absence")
        verbose_name_plural = _("motifs d'absence")

    def __str__(self):
        return self.label


class AttendanceDayQuerySet(models.QuerySet):
    def between(self, start: datetime.date, end: datetime.date):
        return self.filter(day__gte=start, day__lte=end)

    def totals(self) -> dict:
        """``{"followed", "assimilated", "unjustified"}`` sums (zero when empty)."""
        return self.aggregate(
            followed=Coalesce(Sum("hours_followed"), ZERO),
            assimilated=Coalesce(Sum("hours_assimilated"), ZERO),
            unjustified=Coalesce(Sum("unjustified_absence_hours"), ZERO),
        )


def hours_between_0_and_12(field):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0, f"{field}__lte": MAX_HOURS_PER_DAY}),
        name=f"attendance_{field}_0_12",
        violation_error_message=_("Les heures d'un jour doivent être entre 0 et 12."),
    )


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at"],
)
class AttendanceDay(models.Model):
    """What a trainee did on a day: hours followed, hours *assimilées* (a valid absence, with
    its reason) and unjustified absence."""

    contract = models.ForeignKey(
        "training.Contract", on_delete=models.PROTECT, related_name="attendance"
    )
    day = models.DateField(_("jour"))
    hours_followed = models.DecimalField(
        _("heures suivies"), max_digits=4, decimal_places=2, default=ZERO
    )
    hours_assimilated = models.DecimalField(
        _("heures assimilées"), max_digits=4, decimal_places=2, default=ZERO
    )
    reason = models.ForeignKey(
        AbsenceReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("motif d'absence"),
    )
    unjustified_absence_hours = models.DecimalField(
        _("absence injustifiée (heures)"), max_digits=4, decimal_places=2, default=ZERO
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    objects = AttendanceDayQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        verbose_name = _("journée de présence")
        verbose_name_plural = _("journées de présence")
        indexes = [models.Index(fields=["day"], name="attendance_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "day"],
                name="attendance_one_row_per_contract_day",
                violation_error_message=_("Ce jour est déjà encodé pour ce contrat."),
            ),
            hours_between_0_and_12("hours_followed"),
            hours_between_0_and_12("hours_assimilated"),
            hours_between_0_and_12("unjustified_absence_hours"),
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    F("hours_followed") + F("hours_assimilated") + F("unjustified_absence_hours"),
                    MAX_HOURS_PER_DAY,
                ),
                name="attendance_total_0_12",
                violation_error_message=_("Le total d'un jour ne peut pas dépasser 12 heures."),
            ),
            models.CheckConstraint(
                condition=Q(hours_assimilated=0) | Q(reason__isnull=False),
                name="attendance_assimilated_has_reason",
                violation_error_message=_("Des heures assimilées demandent un motif d'absence."),
            ),
        ]

    def __str__(self):
        return f"{self.contract_id} {self.day}"

    @property
    def total(self) -> Decimal:
        return self.hours_followed + self.hours_assimilated + self.unjustified_absence_hours


class AttendanceWeek(models.Model):
    """The sheet of a group for a week (Monday): its version for optimistic concurrency and
    its lock once the coordinator has checked it."""

    group = models.ForeignKey(
        "training.Group", on_delete=models.CASCADE, related_name="weeks", verbose_name=_("groupe")
    )
    week_start = models.DateField(_("lundi de la semaine"))
    version = models.PositiveIntegerField(default=0)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verrouillée par"),
    )
    locked_at = models.DateTimeField(_("verrouillée le"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("semaine du registre")
        verbose_name_plural = _("semaines du registre")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "week_start"],
                name="attendance_week_one_per_group_week",
                violation_error_message=_("Cette semaine existe déjà pour ce groupe."),
            ),
            models.CheckConstraint(
                condition=Q(week_start__iso_week_day=1),
                name="attendance_week_starts_monday",
                violation_error_message=_("Une semaine commence un lundi."),
            ),
            models.CheckConstraint(
                condition=Q(locked_at__isnull=True) | Q(locked_by__isnull=False),
                name="attendance_week_lock_has_author",
                violation_error_message=_("Un verrou indique qui l'a posé."),
            ),
        ]

    def __str__(self):
        return f"{self.group} — {self.week_start}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None
