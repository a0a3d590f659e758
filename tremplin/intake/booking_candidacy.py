"""A booking for a session about a training creates (or links) the person's candidacy.

Connected to ``post_save`` of ``SessionBooking`` in ``IntakeConfig.ready``, so the booking code
stays as it is. The person's file is found in the centre by the same name (case and accents
ignored) with the same e-mail or phone, or created with what the booking gives (the birth date
is asked later, at the interview). The work runs in a savepoint: if it fails, the booking
itself still goes through and the failure is logged.

The consent text of the booking promises that these data go when the person cancels and six
months after the session. ``release_booking`` keeps that promise (decision record 0551): the
candidacy the booking opened is withdrawn if it never got past the invitation, and the person
file the booking opened is deleted, with its history, when nothing else holds it.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tremplin.intake.models import Candidacy, CandidacyTransition, Person, SessionBooking
from tremplin.intake.states import ACTIVE_STATES, CandidacyStatus, Source
from tremplin.intake.workflow import TransitionRefused, transition

logger = logging.getLogger(__name__)


def person_for_booking(booking: SessionBooking, centre) -> Person:
    """The file of the person who booked: the same name with the same e-mail or phone. Two
    people may share one contact (a parent books for a child, a counsellor for people who have
    none), as for the booking itself (``SessionBookingQuerySet.for_person``): the contact alone
    would put one person's booking in another's file, and cancelling it erased that file."""
    contact = Q(pk__in=[])
    if booking.email:
        contact |= Q(email__iexact=booking.email)
    if booking.phone:
        contact |= Q(phone=booking.phone)
    person = (
        Person.objects.held_by(centre)
        .filter(
            contact,
            first_name__unaccent__iexact=booking.first_name.strip(),
            last_name__unaccent__iexact=booking.last_name.strip(),
        )
        .order_by("created_at")
        .first()
    )
    if person is None:
        person = Person.objects.create(
            holding_centre=centre,
            first_name=booking.first_name,
            last_name=booking.last_name,
            email=booking.email,
            phone=booking.phone,
            postal_code=booking.postal_code,
            created_from_booking=True,
        )
    return person


def link_booking(booking: SessionBooking) -> Candidacy | None:
    """Create or link the candidacy of a new booking (``None`` for a session that presents the
    whole centre rather than one training)."""
    session = booking.session
    if session.training_id is None:
        return None
    label = _("La personne (inscription en ligne)")
    person = person_for_booking(booking, session.centre)
    candidacy = Candidacy.objects.filter(
        person=person, training_id=session.training_id, status__in=ACTIVE_STATES
    ).first()
    if candidacy is None:
        candidacy = Candidacy.objects.create(
            person=person,
            training_id=session.training_id,
            source=Source.BOOKING,
            status=CandidacyStatus.INVITED,
            session=session,
            booking=booking,
        )
        CandidacyTransition.objects.create(
            candidacy=candidacy,
            name="invite",
            from_status=CandidacyStatus.NEW,
            to_status=CandidacyStatus.INVITED,
            by_label=label,
            reason=_("Inscription à la séance d'information."),
        )
        return candidacy
    Candidacy.objects.filter(pk=candidacy.pk).update(booking=booking)
    if candidacy.status in (CandidacyStatus.NEW, CandidacyStatus.INVITED):
        try:
            candidacy = transition(candidacy, "invite", None, by_label=label, session=session)
        except TransitionRefused as error:
            logger.info("Inscription %s : candidature non invitée (%s)", booking.pk, error)
    return candidacy


def on_booking_saved(sender, instance: SessionBooking, created: bool, **kwargs):
    if not created or kwargs.get("raw"):
        return
    try:
        with transaction.atomic():
            link_booking(instance)
    except (DatabaseError, ValidationError):
        logger.exception("Inscription %s : la candidature n'a pas pu être créée.", instance.pk)


def release_booking(booking: SessionBooking, by_label: str) -> tuple[int, int]:
    """The booking is cancelled or purged: withdraw the candidacies it opened that never got
    past the invitation, and delete the person files it opened that nothing else holds.
    Return ``(withdrawn, deleted)``. Call it inside the caller's transaction, before the
    booking's data are blanked or the booking deleted."""
    candidacies = list(
        Candidacy.objects.filter(booking=booking, source=Source.BOOKING)
        .never_progressed()
        .select_related("person")
        .distinct()
    )
    withdrawn = 0
    for candidacy in candidacies:
        if candidacy.status == CandidacyStatus.INVITED:
            transition(
                candidacy, "withdraw", None, reason=_("Inscription annulée."), by_label=by_label
            )
            withdrawn += 1
    deleted = 0
    for person in {c.person for c in candidacies}:
        if person_only_held_by_bookings(person, booking):
            erase_person(person)
            deleted += 1
    return withdrawn, deleted


def person_only_held_by_bookings(person: Person, booking: SessionBooking) -> bool:
    """True when the file was opened by a booking and holds nothing but booking candidacies
    that never progressed and whose booking is this one, cancelled or already purged: no
    referral, no contract, no other candidacy."""
    if not person.created_from_booking:
        return False
    if person.referrals.exists() or person.contracts.exists():
        return False
    finished_bookings = Q(booking=booking) | Q(booking__isnull=True)
    finished_bookings |= Q(booking__status=SessionBooking.Status.CANCELLED)
    kept = person.candidacies.exclude(
        pk__in=Candidacy.objects.filter(person=person, source=Source.BOOKING)
        .filter(finished_bookings)
        .never_progressed()
        .values("pk")
    )
    return not kept.exists()


def erase_person(person: Person) -> None:
    """Delete a person file, its candidacies (with their steps) and the history rows that
    copy their data. The access log keeps only who opened which id, when."""
    candidacies = Candidacy.objects.filter(person=person)
    Candidacy.pgh_event_model.objects.filter(pgh_obj_id__in=candidacies.values("pk")).delete()
    candidacies.delete()
    Person.pgh_event_model.objects.filter(pgh_obj_id=person.pk).delete()
    person.delete()
