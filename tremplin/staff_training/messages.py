"""The messages of continuing training, registered in the platform's message registry.

Templates: ``staff_training/templates/staff_training/messages/<name>/`` (``subject.txt``,
``body.txt``, ``body.html``). All are sent after the commit through the task queue
(``Message.send_after_commit``). Members read French: staff pages and their messages are
French only.
"""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import Membership, Role
from tremplin.intake.messages import Message, absolute_url, register


class StaffMessage(Message):
    audience = _("un membre du personnel d'un centre")

    @classmethod
    def template(cls, part: str) -> str:
        if part == "body.html":  # the same words as body.txt, with paragraphs and links
            return "staff_training/messages/_body.html"
        return f"staff_training/messages/{cls.name}/{part}"

    @property
    def text_template(self) -> str:
        return self.template("body.txt")

    @classmethod
    def sample_context(cls) -> dict:
        from tremplin.accounts.models import Organisation, User
        from tremplin.staff_training.models import Module, Registration, Session, Theme

        module = Module(
            title=str(_("Accueillir un public peu scolarisé (exemple)")),
            theme=Theme.PEDAGOGY,
            trainer_name="Formatrice Exemple",
            hours=Decimal("6"),
        )
        starts = timezone.now() + timezone.timedelta(days=1)
        session = Session(
            module=module,
            starts_at=starts,
            ends_at=starts + timezone.timedelta(hours=6),
            online=True,
            capacity=12,
            registration_deadline=timezone.localdate(),
        )
        registration = Registration(
            session=session,
            user=User(first_name="Alex", last_name="Exemple", email="alex@exemple.example"),
            organisation=Organisation(name=str(_("Centre d'exemple (fictif)"))),
            role=Role.TRAINER,
            status=Registration.Status.CONFIRMED,
            refusal_reason=str(_("Le planning de l'équipe est trop chargé ce jour-là.")),
        )
        return {
            "registration": registration,
            "session": session,
            "module": module,
            "my_url": absolute_url("/centre/formation-continue/"),
            "approvals_url": absolute_url("/centre/formation-continue/demandes/"),
            "survey_url": absolute_url("/formation-continue/enquete/exemple/"),
        }


@register
class StaffSeatRequest(StaffMessage):
    name = "staff_training_request"
    label = _("Formation continue : une demande de place à approuver")
    audience = _("la coordination du centre")


@register
class StaffSeatUpdate(StaffMessage):
    """Place confirmée, liste d'attente, refus, ou place libérée (promotion)."""

    name = "staff_training_seat"
    label = _("Formation continue : place confirmée, liste d'attente ou refus")


@register
class StaffSessionReminder(StaffMessage):
    name = "staff_training_reminder"
    label = _("Formation continue : rappel la veille")


@register
class StaffSessionCancelled(StaffMessage):
    name = "staff_training_cancelled"
    label = _("Formation continue : session annulée")


@register
class StaffSurveyLink(StaffMessage):
    name = "staff_training_survey"
    label = _("Formation continue : enquête de satisfaction anonyme")
    required = False


def _context(registration, **extra) -> dict:
    return {
        "registration": registration,
        "session": registration.session,
        "module": registration.session.module,
        "my_url": absolute_url(reverse("centre:staff_training:mine")),
        **extra,
    }


def _to_member(cls, registration, **extra) -> None:
    cls(registration.user.email, _context(registration, **extra)).send_after_commit()


def coordinators_of(organisation):
    return [
        m.user
        for m in Membership.objects.active()
        .filter(organisation=organisation, role=Role.COORDINATOR)
        .select_related("user")
    ]


def request_to_approve(registration) -> None:
    url = absolute_url(reverse("centre:staff_training:approvals"))
    for coordinator in coordinators_of(registration.organisation):
        StaffSeatRequest(
            coordinator.email, _context(registration, approvals_url=url)
        ).send_after_commit()


def seat_update(registration) -> None:
    _to_member(StaffSeatUpdate, registration)


def session_cancelled(registration) -> None:
    _to_member(StaffSessionCancelled, registration)


def reminder(registration) -> None:
    _to_member(StaffSessionReminder, registration)


def survey_link(email: str, session, raw_token: str) -> None:
    url = absolute_url(reverse("public:staff_survey", args=[raw_token]))
    StaffSurveyLink(
        email, {"session": session, "module": session.module, "survey_url": url}
    ).send_after_commit()
