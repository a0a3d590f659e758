"""Asking for a seat, approval by the member's own coordinator, seats in order, waiting list
with promotion, and every refusal of bad input (French message, nothing saved)."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.staff_training.factories import SessionFactory, past_session, seat, team
from tremplin.staff_training import registrations as service
from tremplin.staff_training.models import Registration, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def namur():
    return team("Centre de Namur (fictif)")


@pytest.fixture
def liege():
    return team("Centre de Liège (fictif)")


def test_a_member_asks_and_their_coordinator_is_told(namur, django_capture_on_commit_callbacks):
    session = SessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = service.request_seat(session.pk, namur.trainer, namur.centre)
    assert registration.status == Registration.Status.PENDING
    assert registration.role == "trainer"
    assert [m.to for m in mail.outbox] == [[namur.coordinator.email]]
    assert "demande une place" in mail.outbox[0].subject


def test_the_coordinator_asking_for_themselves_is_approved_at_once(namur):
    session = SessionFactory()
    registration = service.request_seat(session.pk, namur.coordinator, namur.centre)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.decided_by == namur.coordinator


def test_approval_gives_seats_in_order_then_the_waiting_list(namur):
    session = SessionFactory(capacity=1)
    first = service.request_seat(session.pk, namur.trainer, namur.centre)
    second = service.request_seat(session.pk, namur.staff, namur.centre)
    assert service.approve(first.pk, namur.coordinator).status == "confirmed"
    assert service.approve(second.pk, namur.coordinator).status == "waiting"


def test_a_coordinator_cannot_decide_for_another_centre(namur, liege):
    session = SessionFactory()
    registration = service.request_seat(session.pk, namur.trainer, namur.centre)
    with pytest.raises(service.StaffTrainingRefused) as refused:
        service.approve(registration.pk, liege.coordinator)
    assert refused.value.code == "unknown"
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING


def test_refusal_needs_a_reason_and_tells_the_member(namur, django_capture_on_commit_callbacks):
    session = SessionFactory()
    registration = service.request_seat(session.pk, namur.trainer, namur.centre)
    with pytest.raises(service.StaffTrainingRefused):
        service.refuse(registration.pk, namur.coordinator, "  ")
    with django_capture_on_commit_callbacks(execute=True):
        service.refuse(registration.pk, namur.coordinator, "Planning trop chargé.")
    registration.refresh_from_db()
    assert registration.status == "refused"
    assert mail.outbox[-1].to == [namur.trainer.email]
    assert "Planning trop chargé." in mail.outbox[-1].body


def test_cancelling_a_seat_promotes_the_first_of_the_waiting_list(
    namur, liege, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    holder = service.request_seat(session.pk, namur.coordinator, namur.centre)
    first_waiting = service.request_seat(session.pk, liege.coordinator, liege.centre)
    later = service.request_seat(session.pk, namur.trainer, namur.centre)
    assert service.approve(later.pk, namur.coordinator).status == "waiting"
    assert first_waiting.status == "waiting"
    with django_capture_on_commit_callbacks(execute=True):
        service.cancel(holder.pk, namur.coordinator)
    first_waiting.refresh_from_db()
    later.refresh_from_db()
    assert first_waiting.status == "confirmed" and first_waiting.promoted_at is not None
    assert later.status == "waiting"
    assert mail.outbox[-1].to == [liege.coordinator.email]
    assert "Une place s'est libérée" in mail.outbox[-1].body


def test_a_worker_cannot_cancel_a_colleagues_seat(namur):
    session = SessionFactory()
    registration = service.request_seat(session.pk, namur.coordinator, namur.centre)
    with pytest.raises(service.StaffTrainingRefused):
        service.cancel(registration.pk, namur.trainer)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_registration_after_the_deadline_is_refused_in_french(namur):
    session = SessionFactory(
        registration_deadline=timezone.localdate() - dt.timedelta(days=1),
    )
    with pytest.raises(service.StaffTrainingRefused) as refused:
        service.request_seat(session.pk, namur.trainer, namur.centre)
    assert refused.value.code == "deadline_passed"
    assert "closes depuis le" in str(refused.value.message)
    assert not Registration.objects.exists()


def test_double_registration_is_refused_and_the_database_agrees(namur):
    session = SessionFactory()
    service.request_seat(session.pk, namur.trainer, namur.centre)
    with pytest.raises(service.StaffTrainingRefused) as refused:
        service.request_seat(session.pk, namur.trainer, namur.centre)
    assert refused.value.code == "already_registered"
    assert Registration.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        seat(session, namur.trainer, namur.centre)


def test_a_cancelled_registration_does_not_block_a_new_request(namur):
    session = SessionFactory()
    first = service.request_seat(session.pk, namur.trainer, namur.centre)
    service.cancel(first.pk, namur.trainer)
    assert service.request_seat(session.pk, namur.trainer, namur.centre).status == "pending"


def test_draft_cancelled_and_past_sessions_take_no_request(namur):
    for session, code in [
        (SessionFactory(status=Session.Status.DRAFT), "session_draft"),
        (
            SessionFactory(status="cancelled", cancellation_note="Formatrice malade"),
            "session_cancelled",
        ),
        (past_session(), "session_past"),
    ]:
        with pytest.raises(service.StaffTrainingRefused) as refused:
            service.request_seat(session.pk, namur.trainer, namur.centre)
        assert refused.value.code == code


def test_a_member_of_another_kind_cannot_ask():
    from tests.factories import make_member
    from tremplin.accounts.models import Role

    prescriber = make_member(Role.PRESCRIBER)
    organisation = prescriber.memberships.get().organisation
    with pytest.raises(service.StaffTrainingRefused) as refused:
        service.request_seat(SessionFactory().pk, prescriber, organisation)
    assert refused.value.code == "not_a_member"


def test_capacity_cannot_drop_below_confirmed_seats(namur, liege):
    session = SessionFactory(capacity=3)
    service.request_seat(session.pk, namur.coordinator, namur.centre)
    service.request_seat(session.pk, liege.coordinator, liege.centre)
    with pytest.raises(service.StaffTrainingRefused) as refused:
        service.change_capacity(session.pk, 1)
    assert "2 personnes ont déjà une place confirmée" in str(refused.value.message)
    session.refresh_from_db()
    assert session.capacity == 3


def test_the_database_refuses_a_capacity_below_the_seats_and_an_extra_seat(namur, liege):
    session = SessionFactory(capacity=2)
    service.request_seat(session.pk, namur.coordinator, namur.centre)
    service.request_seat(session.pk, liege.coordinator, liege.centre)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        seat(session, namur.trainer, namur.centre)


def test_raising_the_capacity_promotes_the_waiting_list(namur, liege):
    session = SessionFactory(capacity=1)
    service.request_seat(session.pk, namur.coordinator, namur.centre)
    waiting = service.request_seat(session.pk, liege.coordinator, liege.centre)
    assert waiting.status == "waiting"
    service.change_capacity(session.pk, 2)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_a_session_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(ends_at=timezone.now(), starts_at=timezone.now() + dt.timedelta(hours=1))


def test_cancelling_a_session_tells_everyone_registered(
    namur, liege, django_capture_on_commit_callbacks
):
    session = SessionFactory()
    service.request_seat(session.pk, namur.coordinator, namur.centre)
    service.request_seat(session.pk, liege.trainer, liege.centre)
    with pytest.raises(service.StaffTrainingRefused):
        service.cancel_session(session.pk, "")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        service.cancel_session(session.pk, "La formatrice est malade.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [namur.coordinator.email, liege.trainer.email]
    )
    assert not Registration.objects.active().exists()
