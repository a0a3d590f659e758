"""Every message Tremplin sends to a person or a member: one registry of named message classes
(docs/decisions/0009-one-message-registry.md).

Each message is a class registered with ``@register``. Its templates live in
``intake/templates/intake/messages/<name>/``: ``subject.txt``, ``body.txt`` and, optionally,
``body.html`` and ``sms.txt`` (sent through the SMS provider when the message has a phone
number); a message may add files (``attachments()``, e.g. the session in a calendar file).
Staff see every registered message, with a preview, at /centre/messages/. Candidacies,
referrals, session bookings and the 6-month follow-up all send through it.

A message that is not ``required`` carries an opt-out link; opt-outs are stored by a keyed hash
of the e-mail address (``MessageOptOut``), never the address. Messages are rendered inside the
caller's transaction and sent by a background task that runs only if it commits, so nobody is
told about a change that was rolled back, and nothing reads or writes the database once it has
committed (a database lost at that moment cannot turn a stored change into an error page).
"""

import abc
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.tasks import task
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from tremplin import formatting
from tremplin.audit.crypto import keyed_digest
from tremplin.intake.ics import booking_event
from tremplin.intake.ics import render as render_calendar
from tremplin.intake.models import MessageOptOut
from tremplin.queued import enqueue_with_transaction

logger = logging.getLogger(__name__)

OPT_OUT_SALT = "tremplin.intake.messages.opt-out"
REGISTRY: dict[str, type["Message"]] = {}


def register(cls):
    if cls.name in REGISTRY:
        raise ValueError(f"Le message {cls.name} est déjà enregistré.")
    REGISTRY[cls.name] = cls
    return cls


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def email_hash(email: str) -> str:
    return keyed_digest(email.strip().lower(), "message-opt-out")


def opt_out_token(email: str, name: str) -> str:
    return signing.dumps({"e": email.strip().lower(), "m": name}, salt=OPT_OUT_SALT)


def read_opt_out_token(token: str) -> tuple[str, str] | None:
    try:
        data = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    if data.get("m") not in REGISTRY or REGISTRY[data["m"]].required:
        return None
    return data["e"], data["m"]


def opt_out(email: str, name: str) -> None:
    try:
        with transaction.atomic():
            MessageOptOut.objects.create(email_hash=email_hash(email), message_name=name)
    except IntegrityError:
        pass  # already opted out: nothing to do


def has_opted_out(email: str, name: str) -> bool:
    return MessageOptOut.objects.filter(email_hash=email_hash(email), message_name=name).exists()


@dataclass
class Rendered:
    to: list[str]
    subject: str
    text: str
    html: str
    sms: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Delivery:
    """What the registry decided for one message: to whom, by which ways, or why not.
    ``reason`` is ``""`` when something is sent, else ``"no_contact"`` (no e-mail address and
    no way to send an SMS) or ``"opted_out"`` (the person asked not to get this message)."""

    recipient: str  # who, as the confirmation names them (a person, a prescriber)
    audience: str
    email: str = ""  # the address written to, or ""
    phone: str = ""  # the number an SMS goes to, or ""
    reason: str = ""

    @property
    def sent(self) -> bool:
        return bool(self.email or self.phone)


class Message:
    """A named message. Subclasses set ``name``, ``label``, ``audience`` and ``required``
    (default: required), and may add to ``sample_context()`` for the preview page."""

    name = ""
    label = ""
    audience = ""
    required = True
    do_not_call_in_templates = True  # templates list the classes themselves

    def __init__(self, email: str, context: dict, *, phone: str = "", language: str = "fr"):
        self.email = email
        self.phone = phone
        self.context = context
        self.language = language or "fr"

    @classmethod
    def template(cls, part: str) -> str:
        return f"intake/messages/{cls.name}/{part}"

    @classmethod
    def sample_context(cls) -> dict:
        return _sample_candidacy()

    def opt_out_url(self) -> str:
        if self.required or not self.email:
            return ""
        token = opt_out_token(self.email, self.name)
        return absolute_url(reverse("public:message_opt_out", args=[token]))

    def subject(self, context) -> str:
        return " ".join(render_to_string(self.template("subject.txt"), context).split())

    def attachments(self) -> list[tuple[str, str, str]]:
        """Files sent with the e-mail: ``(file name, text content, MIME type)``."""
        return []

    def render(self) -> Rendered:
        with translation.override(self.language):
            context = {**self.context, "opt_out_url": self.opt_out_url(), "message": self}
            subject = self.subject(context)
            text = render_to_string(self.template("body.txt"), context)
            html = _optional(self.template("body.html"), context)
            sms = _optional(self.template("sms.txt"), context).strip()
        return Rendered(
            to=[self.email] if self.email else [],
            subject=subject,
            text=text,
            html=html,
            sms=sms if self.phone else "",
            phone=self.phone,
        )

    def should_send(self) -> bool:
        if not self.email and not self.phone:
            return False
        return self.required or not self.email or not has_opted_out(self.email, self.name)

    @classmethod
    def has_sms(cls) -> bool:
        try:
            get_template(cls.template("sms.txt"))
        except TemplateDoesNotExist:
            return False
        return True

    def delivery(self, recipient: str = "") -> Delivery:
        """The send decision ``send_after_commit`` applies, for the confirmation shown to the
        member who acted: e-mail when there is an address (and no opt-out), an SMS when there
        is a phone and the message has an SMS text, else nothing."""
        recipient = recipient or self.email
        if not self.should_send():
            reason = "opted_out" if self.email else "no_contact"
            return Delivery(recipient, self.audience, reason=reason)
        phone = self.phone if self.phone and self.has_sms() else ""
        if not self.email and not phone:
            return Delivery(recipient, self.audience, reason="no_contact")
        return Delivery(recipient, self.audience, email=self.email, phone=phone)

    def send_after_commit(self, recipient: str = "") -> Delivery:
        """Render now, inside the caller's transaction, and hand the result to the sending
        task, which runs only if the transaction commits (``enqueue_with_transaction``).
        Return the decision (who is told and how) for the confirmation."""
        decision = self.delivery(recipient)
        if not decision.sent:
            return decision
        rendered = self.render()
        with translation.override(self.language):
            attachments = self.attachments()
        enqueue_with_transaction(
            send_rendered,
            rendered.to,
            rendered.subject,
            rendered.text,
            rendered.html,
            rendered.phone,
            rendered.sms,
            attachments,
        )
        return decision


def _optional(template_name: str, context: dict) -> str:
    try:
        return render_to_string(template_name, context)
    except TemplateDoesNotExist:
        return ""


@task
def send_rendered(
    to: list, subject: str, text: str, html: str, phone: str, sms: str, attachments=()
) -> None:
    if to:
        email = EmailMultiAlternatives(subject=subject, body=text, to=to)
        if html:
            email.attach_alternative(html, "text/html")
        for filename, content, mimetype in attachments:
            email.attach(filename, content, mimetype)
        email.send()
    if phone and sms:
        sms_provider().send(phone, sms)


# --- SMS ----------------------------------------------------------------------------------


class SmsProvider(abc.ABC):
    """Sends a short text message. Set ``settings.TREMPLIN_SMS_PROVIDER`` to a subclass."""

    @abc.abstractmethod
    def send(self, phone: str, text: str) -> None:
        """Send ``text`` to ``phone`` (international format, e.g. +32470123456)."""


class LoggingSmsProvider(SmsProvider):
    """Development and tests: writes the SMS to the log and keeps it in ``outbox``."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        LoggingSmsProvider.outbox.append((phone, text))
        logger.info("SMS à %s : %s", phone, text)


def sms_provider() -> SmsProvider:
    path = getattr(settings, "TREMPLIN_SMS_PROVIDER", "tremplin.intake.messages.LoggingSmsProvider")
    return import_string(path)()


# --- The messages ---------------------------------------------------------------------------


def _sample_candidacy() -> dict:
    """Fictional objects for previews (never saved)."""
    from tremplin.directory.models import Centre, Training
    from tremplin.intake.models import Candidacy, Person

    centre = Centre(name=str(_("Centre d'exemple (fictif)")), email="contact@centre.example")
    training = Training(name=str(_("Commis de cuisine")), centre=centre)
    person = Person(first_name="Alex", last_name="Exemple", email="alex@exemple.example")
    candidacy = Candidacy(person=person, training=training)
    return {
        "person": person,
        "candidacy": candidacy,
        "training": training,
        "centre": centre,
        "candidacy_url": absolute_url("/ma-candidature/exemple/"),
        "when": timezone.now() + timezone.timedelta(days=7),
        "reason": str(_("Plus de place dans la formation")),
        "decision_message": str(_("Nous vous proposons une autre session en septembre.")),
    }


class PersonMessage(Message):
    audience = _("la personne")


@register
class CandidacyLink(PersonMessage):
    name = "candidacy_link"
    label = _("Lien personnel pour suivre sa candidature")


@register
class CandidacyInvited(PersonMessage):
    name = "candidacy_invited"
    label = _("Invitation à une séance d'information")


@register
class InterviewPlanned(PersonMessage):
    name = "interview_planned"
    label = _("Date de l'entretien individuel")


@register
class CandidacyDecision(PersonMessage):
    """Admitted, waiting list or refused: the decision, with the reason and the message."""

    name = "candidacy_decision"
    label = _("Décision du centre (admission, liste d'attente, refus)")

    @classmethod
    def sample_context(cls):
        context = super().sample_context()
        context["candidacy"].status = "refused"
        return context


@register
class CandidacyExpired(PersonMessage):
    name = "candidacy_expired"
    label = _("Candidature expirée faute de suite")
    required = False


class PrescriberMessage(Message):
    audience = _("le prescripteur ou la prescriptrice")


@register
class ReferralUpdate(PrescriberMessage):
    """Each decision on a referred candidacy, told to the prescriber who referred."""

    name = "referral_update"
    label = _("Suivi d'une orientation (décision du centre)")
    required = False

    @classmethod
    def sample_context(cls):
        context = super().sample_context()
        context["candidacy"].status = "admitted"
        context["prescriber_url"] = absolute_url("/prescripteur/orientations/")
        return context


class CentreMessage(Message):
    audience = _("le centre")


@register
class ReferralToInactiveCentre(CentreMessage):
    """A referral to a centre not active on Tremplin: answered through a magic link."""

    name = "referral_to_inactive_centre"
    label = _("Orientation reçue par un centre sans compte")

    @classmethod
    def sample_context(cls):
        context = super().sample_context()
        context["answer_url"] = absolute_url("/orientation/exemple/")
        context["expires_on"] = timezone.localdate() + timezone.timedelta(days=8)
        context["prescriber_name"] = "Conseillère Exemple (Forem)"
        return context


def cancel_url(booking) -> str:
    return absolute_url(reverse("public:booking_cancel", args=[booking.cancel_token]))


def centre_url(centre) -> str:
    return absolute_url(reverse("public:centre_detail", args=[centre.pk]))


class BookingMessage(PersonMessage):
    """About a session booking: plain text (``intake/email/booking/<kind>.txt``), with the
    session as a calendar file when the person has a seat (or to remove it when cancelled)."""

    kind = ""
    subject_text = ""
    cancels_event = False

    @classmethod
    def for_booking(cls, booking) -> "BookingMessage":
        session = booking.session
        context = {
            "booking": booking,
            "session": session,
            "centre": session.centre,
            "starts_at": timezone.localtime(session.starts_at),
            "ends_at": timezone.localtime(session.ends_at),
            "cancel_url": cancel_url(booking),
            "centre_url": centre_url(session.centre),
        }
        return cls(booking.email, context, language=booking.language or "fr")

    @classmethod
    def template(cls, part: str) -> str:
        if part == "body.txt":
            return f"intake/email/booking/{cls.kind}.txt"
        return super().template(part)

    @classmethod
    def sample_context(cls) -> dict:
        return cls.for_booking(_sample_booking()).context

    def subject(self, context) -> str:
        starts = context["starts_at"]
        return str(self.subject_text).format(date=formatting.moment(starts))

    def attachments(self):
        booking = self.context["booking"]
        if not self.cancels_event and booking.status != booking.Status.CONFIRMED:
            return []  # on the waiting list: no seat, nothing to put in a calendar yet
        event = booking_event(booking, cancel_url(booking), cancelled=self.cancels_event)
        # Called in the message's language: an English e-mail gets an English file name.
        name = translation.pgettext("calendar file name", "seance-information") + ".ics"
        return [(name, render_calendar(event).decode(), "text/calendar")]


def _sample_booking():
    """A fictional booking for the previews (never saved)."""
    from tremplin.directory.models import Centre, InfoSession, Site
    from tremplin.intake.models import SessionBooking
    from tremplin.territory.models import PostalCode

    centre = Centre(name=str(_("Centre d'exemple (fictif)")), phone="081 00 00 00")
    site = Site(centre=centre, name=str(_("Site principal")), street="Rue de l'Exemple 1")
    site.postal_code = PostalCode(code="5000", locality="Namur")
    starts_at = timezone.now() + timezone.timedelta(days=7)
    session = InfoSession(
        centre=centre,
        site=site,
        starts_at=starts_at,
        ends_at=starts_at + timezone.timedelta(hours=2),
    )
    return SessionBooking(
        session=session, first_name="Alex", last_name="Exemple", email="alex@exemple.example"
    )


@register
class BookingReceived(BookingMessage):
    name = "booking_received"
    kind = "received"
    label = _("Inscription à une séance d'information (place ou liste d'attente)")
    subject_text = _("Votre inscription à la séance d'information du {date}")


@register
class BookingPromoted(BookingMessage):
    name = "booking_promoted"
    kind = "promoted"
    label = _("Une place s'est libérée à la séance d'information")
    subject_text = _(
        "Une place s'est libérée : vous êtes inscrit ou inscrite à la séance du {date}"
    )


@register
class BookingReminder(BookingMessage):
    name = "booking_reminder"
    kind = "reminder"
    label = _("Rappel la veille de la séance d'information")
    subject_text = _("Rappel : séance d'information demain, {date}")


@register
class SessionCancelled(BookingMessage):
    name = "session_cancelled"
    kind = "session_cancelled"
    label = _("Séance d'information annulée par le centre")
    subject_text = _("Séance d'information du {date} annulée")
    cancels_event = True


@register
class FollowUpSixMonths(PersonMessage):
    """Six months after an exit: a personal single-use link, by e-mail, or by SMS when the
    person left a phone and no e-mail. In French on purpose (docs/decisions/0901)."""

    name = "followup_six_months"
    label = _("Suivi à six mois après la formation (e-mail, ou SMS)")

    @classmethod
    def sample_context(cls) -> dict:
        context = super().sample_context()
        context["url"] = absolute_url("/suivi/exemple/")
        context["expires_at"] = timezone.now() + timezone.timedelta(days=30)
        return context


def preview(name: str) -> Rendered:
    cls = REGISTRY[name]
    return cls("exemple@exemple.example", cls.sample_context(), phone="+32470000000").render()
