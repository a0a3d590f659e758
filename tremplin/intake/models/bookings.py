"""Bookings of information sessions (``SessionBooking``): operations in ``intake.booking``."""

import uuid

from django.core import signing
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.capabilities import Capability, organisations_where

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
        organisations = organisations_where(user, Capability.MANAGE_BOOKINGS)
        return self.filter(session__centre__organisation__in=organisations)

    def for_person(self, first_name: str, last_name: str, email: str, phone: str):
        """Active bookings of the same person: the same name (any case) with the same e-mail
        (any case) or the same phone number. Two people may share one contact (a family, a
        counsellor who books for people who have neither): the contact alone is not a person."""
        contact = Q(pk__in=[])
        if email:
            contact |= Q(email__iexact=email)
        if phone:
            contact |= Q(phone=phone)
        return self.active().filter(
            contact,
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
        )

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
        PRESENT = "present", _("Présent ou présente")
        ABSENT = "absent", _("Absent ou absente")
        EXCUSED = "excused", _("Excusé ou excusée")

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
    created_at = models.DateTimeField(_("date d'inscription"), auto_now_add=True)
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
            # A double booking is the same person: name and contact, not the contact alone.
            models.UniqueConstraint(
                "session",
                Lower("first_name"),
                Lower("last_name"),
                Lower("email"),
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="booking_unique_active_person_email",
                violation_error_message=_(
                    "Cette personne est déjà inscrite à cette séance avec cette adresse e-mail."
                ),
            ),
            models.UniqueConstraint(
                "session",
                Lower("first_name"),
                Lower("last_name"),
                "phone",
                condition=~Q(status="cancelled") & ~Q(phone=""),
                name="booking_unique_active_person_phone",
                violation_error_message=_(
                    "Cette personne est déjà inscrite à cette séance avec ce numéro de téléphone."
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
