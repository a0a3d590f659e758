"""Intake: people coming in. Bookings of information sessions (``SessionBooking``), person
files (``Person``), candidacies and their workflow log, referrals by prescribers.

Business operations live in ``tremplin.intake.booking`` (bookings), ``person`` (files,
duplicates), ``workflow`` (candidacy transitions), ``referrals``, ``interviews`` and
``eligibility_checks``.
"""

import datetime
import uuid

import pghistory
import pgtrigger
from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import Organisation, ReferralSharing, Role, Team
from tremplin.audit.fields import EncryptedNissField
from tremplin.audit.niss import mask_niss, niss_digest, normalize_niss
from tremplin.intake.states import (
    OPEN_STATES,
    UNPROGRESSED_STATES,
    CandidacyStatus,
    RefusalReason,
    Source,
)

# Who manages the bookings of a centre's information sessions.
BOOKING_ROLES = (Role.COORDINATOR, Role.CENTRE_STAFF)

CANCEL_TOKEN_SALT = "tremplin.intake.booking.cancel"


class SessionBookingQuerySet(models.QuerySet):
    def active(self):
        """Bookings that still hold a seat or a place on the waiting list."""
        return self.exclude(status=SessionBooking.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=SessionBooking.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=SessionBooking.Status.WAITING_LIST).order_by("created_at")

    def visible_to(self, user):
        """Bookings of sessions run by centres where ``user`` manages bookings."""
        organisations = Organisation.objects.where_user_has_role(user, *BOOKING_ROLES)
        return self.filter(session__centre__organisation__in=organisations)

    def for_person(self, email: str, phone: str):
        """Active bookings made with the same e-mail (any case) or the same phone number."""
        match = Q(pk__in=[])
        if email:
            match |= Q(email__iexact=email)
        if phone:
            match |= Q(phone=phone)
        return self.active().filter(match)

    def due_for_reminder(self, start, end):
        """Confirmed bookings with an e-mail, of planned sessions starting in [start, end),
        not yet reminded."""
        from tremplin.directory.models import InfoSession

        return (
            self.confirmed()
            .exclude(email="")
            .filter(
                reminder_sent_at__isnull=True,
                session__status=InfoSession.Status.PLANNED,
                session__starts_at__gte=start,
                session__starts_at__lt=end,
            )
        )


class SessionBooking(models.Model):
    """A seat (or a place on the waiting list) at an information session, booked without an
    account. Holds only what the centre needs to welcome the person and reach them."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Inscription confirmée")
        WAITING_LIST = "waiting_list", _("Liste d'attente")
        CANCELLED = "cancelled", _("Annulée")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Non indiqué")
        PRESENT = "present", _("Présent·e")
        ABSENT = "absent", _("Absent·e")
        EXCUSED = "excused", _("Excusé·e")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        "directory.InfoSession",
        on_delete=models.CASCADE,
        related_name="bookings",
        verbose_name=_("séance d'information"),
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=4)
    language = models.CharField(_("langue des messages"), max_length=8, default="fr")
    consent_given_at = models.DateTimeField(_("accord donné le"))
    consent_version = models.CharField(_("version du texte d'accord"), max_length=40)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    attendance = models.CharField(
        _("présence"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    created_at = models.DateTimeField(_("inscrit·e le"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("sortie de la liste d'attente le"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    objects = SessionBookingQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("inscription à une séance d'information")
        verbose_name_plural = _("inscriptions aux séances d'information")
        indexes = [models.Index(fields=["session", "status"], name="booking_session_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="cancelled") | ~Q(email="") | ~Q(phone=""),
                name="booking_email_or_phone",
                violation_error_message=_("Indiquez une adresse e-mail ou un numéro de téléphone."),
            ),
            models.CheckConstraint(
                condition=Q(postal_code__regex=r"^([1-9][0-9]{3})?$"),
                name="booking_postal_code_format",
                violation_error_message=_("Le code postal belge a 4 chiffres."),
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="booking_cancelled_at_iff_cancelled",
                violation_error_message=_("Une inscription annulée a une date d'annulation."),
            ),
            models.UniqueConstraint(
                "session",
                Lower("email"),
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="booking_unique_active_email",
                violation_error_message=_(
                    "Une inscription existe déjà pour cette séance avec cette adresse e-mail."
                ),
            ),
            models.UniqueConstraint(
                fields=["session", "phone"],
                condition=~Q(status="cancelled") & ~Q(phone=""),
                name="booking_unique_active_phone",
                violation_error_message=_(
                    "Une inscription existe déjà pour cette séance avec ce numéro de téléphone."
                ),
            ),
        ]

    def __str__(self):
        if self.status == self.Status.CANCELLED and not self.last_name:
            return str(_("Inscription annulée"))
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def cancel_token(self) -> str:
        """The secret of the cancellation link: the booking id signed with the site key."""
        return signing.Signer(salt=CANCEL_TOKEN_SALT).sign(str(self.pk))

    @classmethod
    def id_from_cancel_token(cls, token: str) -> uuid.UUID | None:
        """The booking id a cancellation token stands for, or None if it is forged."""
        try:
            return uuid.UUID(signing.Signer(salt=CANCEL_TOKEN_SALT).unsign(token))
        except (signing.BadSignature, ValueError):
            return None


# ---------------------------------------------------------------------------------------------
# People and their candidacies (intake engineer). Logic: person.py, workflow.py, referrals.py…
# ---------------------------------------------------------------------------------------------

# Who sees the person files of their centre (a trainer sees only the trainees of their groups).
PERSON_FILE_ROLES = (Role.COORDINATOR, Role.CENTRE_STAFF, Role.SOCIAL_WORKER)
# Who sees the NISS in clear and the social notes (see docs/decisions/0501-person-file.md).
SENSITIVE_ROLES = (Role.COORDINATOR, Role.SOCIAL_WORKER)
# A person file is for people between these ages when it is created.
PERSON_MIN_AGE = 15
PERSON_MAX_AGE = 100


class Gender(models.TextChoices):
    FEMALE = "female", _("Femme")
    MALE = "male", _("Homme")
    OTHER = "other", _("Autre ou non précisé")


class NationalityGroup(models.TextChoices):
    BELGIAN = "belgian", _("Belge")
    EU = "eu", _("Union européenne (hors Belgique)")
    NON_EU = "non_eu", _("Hors Union européenne")


class Certificate(models.TextChoices):
    """Same codes as the rules engine (``tremplin.rules.facts.CERTIFICATES``)."""

    NONE = "none", _("Aucun diplôme")
    CEB = "CEB", _("CEB (fin de primaire)")
    CE1D = "CE1D", _("CE1D (2e secondaire)")
    CE2D = "CE2D", _("CE2D (4e secondaire)")
    CQ6 = "CQ6", _("CQ6 (6e professionnelle, sans CESS)")
    CESS = "CESS", _("CESS (fin du secondaire)")
    HIGHER = "higher", _("Études supérieures")


class IncomeAtEntry(models.TextChoices):
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit", _("Allocations de chômage ou d'insertion")
    INTEGRATION_INCOME = "integration_income", _("Revenu d'intégration du CPAS")
    NONE = "none", _("Aucun revenu")
    OTHER = "other", _("Autre revenu")


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The person files ``user`` may open.

        Centre staff (coordinator, staff, social worker): the files their centre holds.
        Trainer: the people with a contract in one of their groups. Prescriber: the people
        they referred.
        """
        if not user.is_authenticated:
            return self.none()
        centre_orgs = Organisation.objects.where_user_has_role(user, *PERSON_FILE_ROLES)
        visible = Q(holding_centre__organisation__in=centre_orgs)
        if user.has_role(Role.PRESCRIBER):
            visible |= Q(referrals__in=Referral.objects.visible_to(user))
        if user.has_role(Role.TRAINER):
            visible |= Q(pk__in=trainer_person_ids(user))
        return self.filter(visible).distinct()

    def held_by(self, centre):
        return self.filter(holding_centre=centre)


def trainer_person_ids(user):
    """Ids of the people with a contract in one of ``user``'s groups (training app)."""
    try:
        contract = apps.get_model("training", "Contract")
    except LookupError:
        return Person.objects.none().values("pk")
    trains_in = Organisation.objects.where_user_has_role(user, Role.TRAINER)
    return contract.objects.filter(group__trainer=user, centre__organisation__in=trains_in).values(
        "person_id"
    )


def age_on(birth_date, day) -> int:
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


@pghistory.track()
class Person(models.Model):
    """A person file, held by one centre. The same person in another centre has another file."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    holding_centre = models.ForeignKey(
        "directory.Centre",
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("centre qui tient le dossier"),
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    birth_date = models.DateField(
        _("date de naissance"),
        null=True,
        blank=True,
        help_text=_("Inconnue quand la personne s'est seulement inscrite à une séance."),
    )
    niss = EncryptedNissField(
        _("numéro de registre national (NISS)"),
        blank=True,
        help_text=_("11 chiffres. Exemple : 85.07.30-033.28."),
    )
    niss_hash = models.CharField(max_length=64, blank=True, editable=False)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    street = models.CharField(_("rue et numéro"), max_length=200, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=4, blank=True)
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    gender = models.CharField(_("genre"), max_length=10, choices=Gender.choices, blank=True)
    nationality_group = models.CharField(
        _("nationalité"), max_length=10, choices=NationalityGroup.choices, blank=True
    )
    highest_certificate = models.CharField(
        _("diplôme le plus élevé"), max_length=10, choices=Certificate.choices, blank=True
    )
    forem_registration_date = models.DateField(
        _("inscrit·e au Forem depuis le"), null=True, blank=True
    )
    income_at_entry = models.CharField(
        _("revenu à l'entrée"), max_length=30, choices=IncomeAtEntry.choices, blank=True
    )
    # The file was opened by a booking for an information session (only the booking's data):
    # it is erased with the booking when the person goes no further (decision 0551).
    created_from_booking = models.BooleanField(
        _("ouvert par une inscription à une séance"), default=False, editable=False
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        indexes = [
            models.Index(
                "holding_centre", Lower("last_name"), "birth_date", name="person_name_birth"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | Q(birth_date__gt=datetime.date(1900, 1, 1)),
                name="person_birth_date_after_1900",
                violation_error_message=_(
                    "La date de naissance doit être après le 1er janvier 1900."
                ),
            ),
            models.UniqueConstraint(
                fields=["holding_centre", "niss_hash"],
                condition=~Q(niss_hash=""),
                name="person_unique_niss_per_centre",
                violation_error_message=_(
                    "Le centre a déjà un dossier avec ce numéro de registre national."
                ),
            ),
            models.CheckConstraint(
                condition=Q(postal_code__regex=r"^([1-9][0-9]{3})?$"),
                name="person_postal_code_format",
                violation_error_message=_("Le code postal belge a 4 chiffres."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.niss = normalize_niss(self.niss) if self.niss else ""
        self.niss_hash = niss_digest(self.niss) if self.niss else ""
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self):
        if self.birth_date and self._state.adding:
            age = age_on(self.birth_date, timezone.localdate())
            if not PERSON_MIN_AGE <= age <= PERSON_MAX_AGE:
                raise ValidationError(
                    {
                        "birth_date": _(
                            "Cette date de naissance donne un âge de %(age)s ans. "
                            "Une personne doit avoir entre %(min)s et %(max)s ans."
                        )
                        % {"age": age, "min": PERSON_MIN_AGE, "max": PERSON_MAX_AGE}
                    }
                )

    @property
    def masked_niss(self) -> str:
        return mask_niss(self.niss) if self.niss else ""


class CandidacyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Candidacies of the people ``user`` may see, limited to what their role needs:
        centre staff see the candidacies to their centre's trainings, a prescriber the ones
        they referred, a trainer those of their trainees."""
        if not user.is_authenticated:
            return self.none()
        centre_orgs = Organisation.objects.where_user_has_role(user, *PERSON_FILE_ROLES)
        visible = Q(training__centre__organisation__in=centre_orgs)
        if user.has_role(Role.PRESCRIBER):
            visible |= Q(referral__in=Referral.objects.visible_to(user))
        if user.has_role(Role.TRAINER):
            visible |= Q(person__in=trainer_person_ids(user))
        return self.filter(visible)

    def open(self):
        return self.filter(status__in=OPEN_STATES)

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


class ConsentMethod(models.TextChoices):
    SIGNED_PAPER = "signed_paper", _("Document papier signé")
    EMAIL = "email", _("Par e-mail")
    IN_PERSON = "in_person", _("De vive voix, en entretien")


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The referrals ``user`` may see and follow: in the prescriber organisations where
        they are an active member, their own, and their colleagues' when the organisation
        shares referrals with everyone, or with the referral's team (docs/privacy.md). A
        counsellor who leaves the organisation sees none of its referrals any more."""
        if not user.is_authenticated:
            return self.none()
        organisations = Organisation.objects.where_user_has_role(user, Role.PRESCRIBER)
        return self.filter(prescriber_organisation__in=organisations).filter(
            Q(prescriber=user)
            | Q(prescriber_organisation__referral_sharing=ReferralSharing.ORGANISATION)
            | Q(team__in=Team.objects.filter(memberships__user=user))
        )


@pghistory.track()
class Referral(models.Model):
    """A prescriber's referral of a person to a training, with the person's consent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("personne")
    )
    candidacy = models.OneToOneField(
        Candidacy,
        on_delete=models.PROTECT,
        related_name="referral",
        verbose_name=_("candidature"),
    )
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="referrals_made",
        verbose_name=_("conseiller·ère"),
    )
    prescriber_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.RESTRICT,
        related_name="referrals_made",
        verbose_name=_("organisme prescripteur"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("équipe qui suit l'orientation"),
    )
    consent_method = models.CharField(
        _("comment la personne a donné son accord"),
        max_length=20,
        choices=ConsentMethod.choices,
    )
    consent_given_on = models.DateField(_("accord donné le"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("accord noté par"),
    )
    reason = models.TextField(_("pourquoi cette orientation"))
    barriers_shared = models.BooleanField(
        _("la personne accepte de partager ses difficultés"), default=False
    )
    barriers = models.TextField(_("difficultés rencontrées"), blank=True)
    link_generation = models.PositiveSmallIntegerField(default=0, editable=False)
    link_sent_at = models.DateTimeField(_("lien envoyé le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("réponse du centre le"), null=True, blank=True)
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_method__in=ConsentMethod.values),
                name="referral_consent_method_required",
                violation_error_message=_("Indiquez comment la personne a donné son accord."),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="referral_reason_required",
                violation_error_message=_("Expliquez pourquoi vous orientez cette personne."),
            ),
            models.CheckConstraint(
                condition=Q(barriers_shared=True) | Q(barriers=""),
                name="referral_barriers_only_with_agreement",
                violation_error_message=_(
                    "Les difficultés ne peuvent être notées que si la personne est d'accord."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.person} → {self.candidacy.training}"


class NeedLevel(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("Pas abordé")
    NO_NEED = "no_need", _("Pas de besoin")
    SOME_SUPPORT = "some_support", _("Besoin d'un appui")
    MAJOR_BARRIER = "major_barrier", _("Frein important")


# The needs assessment of an interview: (field name, label). Each has a level and notes.
NEEDS = (
    ("french", _("Français")),
    ("basic_skills", _("Savoirs de base (lire, écrire, calculer)")),
    ("digital_skills", _("Numérique")),
    ("mobility", _("Mobilité")),
    ("childcare", _("Garde d'enfants")),
    ("housing", _("Logement")),
    ("health", _("Santé")),
    ("administrative", _("Situation administrative")),
    ("debts", _("Dettes")),
)


def need_level_field(label):
    return models.CharField(
        label, max_length=20, choices=NeedLevel.choices, default=NeedLevel.NOT_ASSESSED
    )


def need_notes_field(label):
    return models.TextField(_("%(need)s : notes") % {"need": label}, blank=True)


@pghistory.track()
class Interview(models.Model):
    """The individual interview of a candidacy: motivation, project, needs assessment.

    The notes of the needs are social notes: only the coordinator and the social worker see
    them (``SENSITIVE_ROLES``); the levels are visible to the centre staff.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidacy = models.OneToOneField(Candidacy, on_delete=models.CASCADE, related_name="interview")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("entretien mené par"),
    )
    held_on = models.DateField(_("date de l'entretien"))
    motivation = models.TextField(_("motivation"), blank=True)
    professional_project = models.TextField(_("projet professionnel"), blank=True)
    french = need_level_field(NEEDS[0][1])
    french_notes = need_notes_field(NEEDS[0][1])
    basic_skills = need_level_field(NEEDS[1][1])
    basic_skills_notes = need_notes_field(NEEDS[1][1])
    digital_skills = need_level_field(NEEDS[2][1])
    digital_skills_notes = need_notes_field(NEEDS[2][1])
    mobility = need_level_field(NEEDS[3][1])
    mobility_notes = need_notes_field(NEEDS[3][1])
    childcare = need_level_field(NEEDS[4][1])
    childcare_notes = need_notes_field(NEEDS[4][1])
    housing = need_level_field(NEEDS[5][1])
    housing_notes = need_notes_field(NEEDS[5][1])
    health = need_level_field(NEEDS[6][1])
    health_notes = need_notes_field(NEEDS[6][1])
    administrative = need_level_field(NEEDS[7][1])
    administrative_notes = need_notes_field(NEEDS[7][1])
    debts = need_level_field(NEEDS[8][1])
    debts_notes = need_notes_field(NEEDS[8][1])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("entretien")
        verbose_name_plural = _("entretiens")

    def __str__(self):
        return f"{self.candidacy} — {self.held_on}"

    def needs(self) -> list[dict]:
        """Each need with its label, level (code and label) and notes, in order."""
        return [
            {
                "code": code,
                "label": label,
                "level": getattr(self, code),
                "level_label": NeedLevel(getattr(self, code)).label,
                "notes": getattr(self, f"{code}_notes"),
            }
            for code, label in NEEDS
        ]


class EvidenceType(models.TextChoices):
    """Documents seen for the eligibility check (codes of ``tremplin.rules.texts``)."""

    IDENTITY = "identity", _("Carte d'identité ou titre de séjour")
    FOREM_ATTESTATION = "forem_attestation", _("Attestation d'inscription au Forem")
    FOREM_HISTORY = "forem_history", _("Historique d'inscription au Forem")
    DIPLOMA = "diploma", _("Diplôme ou déclaration sur l'honneur")
    DISABILITY_DECISION = "disability_decision", _("Décision AViQ ou taux d'incapacité")
    MEDICAL_FITNESS = "medical_fitness", _("Attestation médicale d'aptitude")
    CPAS_ATTESTATION = "cpas_attestation", _("Attestation du CPAS (revenu d'intégration)")
    JUSTICE_DOCUMENT = "justice_document", _("Document de la justice")
    OTHER = "other", _("Autre document")


class EligibilityCheck(models.Model):
    """The eligibility of a candidacy, decided by the rules engine from the person's facts.

    Stores the facts given, the engine's answer and the version of the rules, so the decision
    can be traced later even if the rules change. The latest check of a candidacy counts.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    candidacy = models.ForeignKey(
        Candidacy, on_delete=models.CASCADE, related_name="eligibility_checks"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=_("vérifiée par"),
    )
    checked_at = models.DateTimeField(_("vérifiée le"), default=timezone.now)
    situation = models.JSONField(_("faits utilisés"))
    status = models.CharField(_("résultat"), max_length=30)
    categories = models.JSONField(_("catégories remplies"), default=list)
    result = models.JSONField(_("réponse complète du moteur de règles"))
    rules_version = models.CharField(_("version des règles"), max_length=40)

    class Meta:
        ordering = ["-checked_at"]
        get_latest_by = "checked_at"
        verbose_name = _("vérification des conditions d'accès")
        verbose_name_plural = _("vérifications des conditions d'accès")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["eligible", "derogation_possible", "not_eligible", "incomplete"]
                ),
                name="eligibilitycheck_known_status",
                violation_error_message=_("Résultat de vérification inconnu."),
            ),
        ]

    def __str__(self):
        return f"{self.candidacy} — {self.status}"


class EligibilityEvidence(models.Model):
    """A document the centre saw for an eligibility check (its type and its date)."""

    eligibility_check = models.ForeignKey(
        EligibilityCheck, on_delete=models.CASCADE, related_name="evidence"
    )
    document_type = models.CharField(_("document vu"), max_length=30, choices=EvidenceType.choices)
    document_date = models.DateField(_("date du document"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("document vu")
        verbose_name_plural = _("documents vus")
        constraints = [
            models.CheckConstraint(
                condition=Q(document_date__gt=datetime.date(1900, 1, 1)),
                name="eligibilityevidence_date_plausible",
                violation_error_message=_("La date du document n'est pas plausible."),
            ),
        ]

    def __str__(self):
        return f"{self.get_document_type_display()} ({self.document_date:%d/%m/%Y})"


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


class MessageOptOut(models.Model):
    """Someone does not want a kind of (non-required) message any more.

    Stores a keyed hash of the e-mail address, never the address itself.
    """

    email_hash = models.CharField(max_length=64)
    message_name = models.CharField(_("message"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("désinscription d'un message")
        verbose_name_plural = _("désinscriptions des messages")
        constraints = [
            models.UniqueConstraint(
                fields=["email_hash", "message_name"],
                name="messageoptout_unique",
                violation_error_message=_("Cette adresse est déjà désinscrite de ce message."),
            ),
        ]

    def __str__(self):
        return self.message_name


class PersonMerge(models.Model):
    """Two files of the same person merged into one: what was moved, by whom."""

    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges")
    merged_id = models.UUIDField(_("dossier fusionné (supprimé)"))
    moved = models.JSONField(_("éléments déplacés"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("fusion de dossiers")
        verbose_name_plural = _("fusions de dossiers")

    def __str__(self):
        return f"{self.merged_id} → {self.kept_id}"


# The referral's eligibility facts and the person's agreement about what follows the contract.
from tremplin.intake.referral_records import (  # noqa: E402, F401
    OutcomeConsent,
    ReferralEligibility,
)
