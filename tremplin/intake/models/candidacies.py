"""Candidacies, their transition log and the derogation quota: workflow in ``intake.workflow``."""

import datetime
import uuid

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability, can, organisations_where
from tremplin.intake.models.bookings import SessionBooking
from tremplin.intake.models.people import Person, trainer_person_ids
from tremplin.intake.states import (
    OPEN_STATES,
    UNPROGRESSED_STATES,
    WITHDRAWN_BY_PRESCRIBER,
    CandidacyStatus,
    RefusalReason,
    Source,
    WithdrawalReason,
)

# Only what a row of the inbox shows.
INBOX_FIELDS = (
    "id",
    "status",
    "withdrawal_reason",
    "source",
    "created_at",
    "updated_at",
    "person__first_name",
    "person__last_name",
    "session__starts_at",
)


class CandidacyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Candidacies of the people ``user`` may see, limited to what their role needs:
        centre staff see the candidacies to their centre's trainings, a prescriber the ones
        they referred, a trainer those of their trainees."""
        if not user.is_authenticated:
            return self.none()
        centre_orgs = organisations_where(user, Capability.SEE_PERSON_FILE)
        visible = Q(training__centre__organisation__in=centre_orgs)
        if can(user, Capability.REFER_PEOPLE):
            referrals = self.model._meta.get_field("referral").related_model
            visible |= Q(referral__in=referrals.objects.visible_to(user))
        if can(user, Capability.TEACH_GROUPS):
            visible |= Q(person__in=trainer_person_ids(user))
        return self.filter(visible)

    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def matching(self, *, status="", source="", session=None, waiting_days=None):
        """The inbox's filters: one status (the open ones when empty), a source, a session,
        nothing happened for at least ``waiting_days`` days."""
        found = self.filter(status=status) if status else self.open()
        if source:
            found = found.filter(source=source)
        if session:
            found = found.filter(session_id=session)
        if waiting_days:
            found = found.filter(
                updated_at__lt=timezone.now() - datetime.timedelta(days=waiting_days)
            )
        return found

    def inbox_rows(self):
        """Only what a row of the inbox shows (no NISS to decrypt, no long texts), oldest
        first."""
        return (
            self.select_related("person", "session")
            .only(*INBOX_FIELDS)
            .order_by("created_at", "pk")
        )

    def count_by_status(self) -> dict:
        return dict(self.order_by().values_list("status").annotate(total=models.Count("pk")))

    def never_progressed(self):
        """Candidacies that never got past the invitation: no step beyond "invited", no
        interview record, no eligibility check."""
        progressed = [s for s in CandidacyStatus.values if s not in UNPROGRESSED_STATES]
        return (
            self.filter(status__in=UNPROGRESSED_STATES, interview__isnull=True)
            .exclude(transitions__to_status__in=progressed)
            .exclude(eligibility_checks__isnull=False)
        )

    def untouched_since(self, moment):
        """Open candidacies nothing happened to since ``moment``."""
        return self.open().filter(updated_at__lt=moment)

    def stale(self, now=None):
        """Open candidacies untouched for ``STALE_AFTER`` (flagged in the inbox)."""
        return self.untouched_since((now or timezone.now()) - STALE_AFTER)


# A candidacy untouched for this long is flagged in the inbox.
STALE_AFTER = datetime.timedelta(days=30)


@pghistory.track()
class Candidacy(models.Model):
    """A person's candidacy to one training. Its status changes only through
    ``tremplin.intake.workflow.transition``."""

    Status = CandidacyStatus
    Source = Source

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("personne")
    )
    training = models.ForeignKey(
        "directory.Training",
        on_delete=models.PROTECT,
        related_name="candidacies",
        verbose_name=_("formation"),
    )
    source = models.CharField(_("origine"), max_length=20, choices=Source.choices)
    status = models.CharField(
        _("étape"), max_length=20, choices=CandidacyStatus.choices, default=CandidacyStatus.NEW
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    session = models.ForeignKey(
        "directory.InfoSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("séance d'information"),
    )
    booking = models.ForeignKey(
        SessionBooking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("inscription à la séance"),
    )
    interview_at = models.DateTimeField(_("entretien prévu le"), null=True, blank=True)
    refusal_reason = models.CharField(
        _("raison du refus"), max_length=30, choices=RefusalReason.choices, blank=True
    )
    decision_message = models.TextField(_("message à la personne"), blank=True)
    withdrawal_reason = models.CharField(
        _("raison du retrait par le prescripteur"),
        max_length=30,
        choices=WithdrawalReason.choices,
        blank=True,
    )
    admitted_at = models.DateTimeField(_("admise le"), null=True, blank=True)
    by_derogation = models.BooleanField(_("admise par dérogation"), default=False)
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    updated_at = models.DateTimeField(_("dernière action le"), default=timezone.now)

    objects = CandidacyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        indexes = [
            models.Index(fields=["training", "status", "created_at"], name="candidacy_inbox"),
            # The "waiting for" filter of the inbox and the stale counts.
            models.Index(
                fields=["training", "status", "updated_at"], name="candidacy_inbox_waiting"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "training"],
                condition=Q(status__in=[*OPEN_STATES, CandidacyStatus.ADMITTED]),
                name="candidacy_one_active_per_person_training",
                violation_error_message=_(
                    "Cette personne a déjà une candidature en cours pour cette formation."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="candidacy_refusal_has_reason",
                violation_error_message=_("Un refus doit avoir une raison."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawal_reason="") | Q(status="withdrawn"),
                name="candidacy_withdrawal_reason_only_when_withdrawn",
                violation_error_message=_("Seule une candidature retirée a une raison de retrait."),
            ),
            models.CheckConstraint(
                condition=Q(by_derogation=False) | Q(admitted_at__isnull=False),
                name="candidacy_derogation_only_when_admitted",
                violation_error_message=_("Seule une admission peut se faire par dérogation."),
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="candidacy_version_positive",
                violation_error_message=_("La version d'une candidature commence à 1."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.training}"

    def status_display(self) -> str:
        """The status as the centre and the prescriber read it: a withdrawal by the
        prescriber is not the person's own."""
        if self.withdrawal_reason:
            return str(WITHDRAWN_BY_PRESCRIBER)
        return self.get_status_display()

    def is_stale(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status in OPEN_STATES and self.updated_at < now - STALE_AFTER


class CandidacyTransition(models.Model):
    """One step of a candidacy's workflow: who, when, from, to, why. Never changed."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("de"), max_length=20, choices=CandidacyStatus.choices)
    to_status = models.CharField(_("vers"), max_length=20, choices=CandidacyStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    by_label = models.CharField(
        _("par (sans compte)"),
        max_length=100,
        blank=True,
        help_text=_("Quand personne n'était connecté : la personne elle-même, le centre par lien…"),
    )
    reason = models.TextField(_("raison"), blank=True)
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("étape de candidature")
        verbose_name_plural = _("journal des candidatures")
        constraints = [
            models.CheckConstraint(
                condition=Q(by__isnull=False) | ~Q(by_label=""),
                name="candidacytransition_has_actor",
                violation_error_message=_("Une étape dit toujours qui l'a faite."),
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="candidacytransition_append_only", operation=pgtrigger.Update),
        ]

    def __str__(self):
        return f"{self.candidacy_id}: {self.from_status} → {self.to_status}"

    @property
    def actor(self) -> str:
        return str(self.by) if self.by_id else self.by_label


class DerogationQuotaQuerySet(models.QuerySet):
    def with_used(self):
        """Annotate ``used``: admissions by derogation in the centre during the year."""
        used = (
            Candidacy.objects.filter(
                by_derogation=True,
                training__centre=models.OuterRef("centre"),
                admitted_at__year=models.OuterRef("year"),
            )
            .order_by()
            .values("training__centre")
            .annotate(total=models.Count("pk"))
            .values("total")
        )
        return self.annotate(
            used=models.functions.Coalesce(
                models.Subquery(used, output_field=models.IntegerField()), 0
            )
        )


class DerogationQuota(models.Model):
    """How many people a centre may admit by derogation in a calendar year.

    The decree caps the share of trainees admitted by derogation (domain.md §2.2); the
    percentage is not published, so the centre (or its federation) enters the number of
    places here. No row for a year means no derogation possible that year.
    """

    centre = models.ForeignKey(
        "directory.Centre", on_delete=models.CASCADE, related_name="derogation_quotas"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    places = models.PositiveSmallIntegerField(_("places par dérogation"))
    note = models.CharField(_("base du calcul"), max_length=300, blank=True)

    objects = DerogationQuotaQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("quota de dérogations")
        verbose_name_plural = _("quotas de dérogations")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "year"],
                name="derogationquota_one_per_centre_year",
                violation_error_message=_("Ce centre a déjà un quota pour cette année."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2014, year__lte=2100),
                name="derogationquota_year_plausible",
                violation_error_message=_("L'année doit être entre 2014 et 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.centre} — {self.year} : {self.places}"
