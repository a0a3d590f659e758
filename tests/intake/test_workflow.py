"""The candidacy workflow: every allowed transition, refusals, stale versions, the log."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import make_member
from tests.intake.people_factories import (
    CandidacyFactory,
    ReferralFactory,
    eligible_check,
    future_session,
    quota,
)
from tremplin.accounts.models import Role
from tremplin.intake import workflow
from tremplin.intake.models import Candidacy, CandidacyTransition
from tremplin.intake.states import TRANSITIONS, CandidacyStatus

pytestmark = pytest.mark.django_db

S = CandidacyStatus


@pytest.fixture
def staff(db):
    return make_member(Role.CENTRE_STAFF, mfa=False)


def details_for(name, candidacy):
    if name == "invite":
        return {"session": future_session(candidacy.training)}
    if name == "plan_interview":
        return {"interview_at": timezone.now() + datetime.timedelta(days=3)}
    if name == "refuse":
        return {"refusal_reason": "training_full", "decision_message": "Revenez en septembre."}
    if name == "withdraw_referral":
        return {"withdrawal_reason": "job"}
    return {}


def test_transition_names_are_unique_and_each_finds_its_transition():
    assert len(workflow.TRANSITIONS_BY_NAME) == len(TRANSITIONS)  # no name used twice
    assert all(workflow.TRANSITIONS_BY_NAME[t.name] is t for t in TRANSITIONS)


ALL_ALLOWED = [(t.name, state) for t in TRANSITIONS for state in t.from_states]


@pytest.mark.parametrize(("name", "from_state"), ALL_ALLOWED)
def test_every_allowed_transition_is_applied_and_logged(name, from_state, staff):
    candidacy = CandidacyFactory(status=from_state)
    if name == "admit":
        eligible_check(candidacy, staff)
    done = workflow.transition(
        candidacy, name, staff, "raison", expected_version=1, **details_for(name, candidacy)
    )
    target = next(t.to_state for t in TRANSITIONS if t.name == name)
    assert done.status == target
    assert done.version == 2
    log = CandidacyTransition.objects.get(candidacy=candidacy)
    assert (log.name, log.from_status, log.to_status, log.by) == (name, from_state, target, staff)


def test_impossible_transition_is_refused_in_french(staff):
    candidacy = CandidacyFactory(status=S.REFUSED, refusal_reason="other")
    with pytest.raises(workflow.TransitionRefused) as error:
        workflow.transition(candidacy, "admit", staff)
    assert "Action impossible" in error.value.message
    assert "clôturée" in error.value.message
    assert not CandidacyTransition.objects.exists()


def test_a_prescribers_withdrawal_needs_a_reason_from_the_list_and_is_no_centre_hint(staff):
    candidacy = CandidacyFactory(status=S.NEW)
    with pytest.raises(workflow.TransitionRefused, match="raison du retrait"):
        workflow.transition(candidacy, "withdraw_referral", staff, withdrawal_reason="nope")
    with pytest.raises(workflow.TransitionRefused) as error:
        workflow.transition(candidacy, "sign_contract", staff)
    assert "Retrait par le prescripteur" not in error.value.message
    done = workflow.transition(candidacy, "withdraw_referral", staff, withdrawal_reason="job")
    assert done.status == S.WITHDRAWN and done.status_display() == (
        "Orientation retirée par le prescripteur"
    )


def test_every_state_pair_outside_the_table_is_refused(staff):
    for spec in TRANSITIONS:
        for state in set(S.values) - set(spec.from_states):
            candidacy = CandidacyFactory(
                status=state, refusal_reason="other" if state == S.REFUSED else ""
            )
            with pytest.raises(workflow.TransitionRefused):
                workflow.transition(
                    candidacy, spec.name, staff, **details_for(spec.name, candidacy)
                )
    assert not CandidacyTransition.objects.exists()


def test_stale_version_is_refused_and_nothing_is_lost(staff):
    candidacy = CandidacyFactory(status=S.NEW)
    other = make_member(Role.COORDINATOR, organisation=staff.memberships.get().organisation)
    workflow.transition(
        candidacy,
        "plan_interview",
        other,
        expected_version=1,
        interview_at=timezone.now() + datetime.timedelta(days=2),
    )
    with pytest.raises(workflow.StaleCandidacy) as error:
        workflow.transition(
            candidacy, "refuse", staff, expected_version=1, refusal_reason="training_full"
        )
    assert "Rechargez la page" in error.value.message
    candidacy.refresh_from_db()
    assert candidacy.status == S.INTERVIEW_PLANNED
    assert candidacy.version == 2
    assert CandidacyTransition.objects.filter(candidacy=candidacy).count() == 1


def test_refuse_needs_a_reason_from_the_list(staff):
    candidacy = CandidacyFactory(status=S.INTERVIEWED)
    with pytest.raises(workflow.TransitionRefused, match="raison du refus"):
        workflow.transition(candidacy, "refuse", staff, refusal_reason="")
    with pytest.raises(workflow.TransitionRefused, match="Autre raison"):
        workflow.transition(candidacy, "refuse", staff, refusal_reason="other")


def test_refusal_tells_the_person_and_the_prescriber(staff):
    referral = ReferralFactory(candidacy__status=S.INTERVIEWED)
    with_commit = workflow.transition(
        referral.candidacy,
        "refuse",
        staff,
        refusal_reason="french_level",
        decision_message="Nous vous conseillons un cours de français d'abord.",
    )
    assert with_commit.status == S.REFUSED


def test_refusal_messages_are_sent_after_commit(staff, django_capture_on_commit_callbacks):
    referral = ReferralFactory(candidacy__status=S.INTERVIEWED)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(
            referral.candidacy,
            "refuse",
            staff,
            refusal_reason="french_level",
            decision_message="Nous vous conseillons un cours de français d'abord.",
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([referral.person.email, referral.prescriber.email])
    to_person = next(m for m in mail.outbox if m.to == [referral.person.email])
    assert "Niveau de français insuffisant" in to_person.body
    assert "cours de français d'abord" in to_person.body
    assert to_person.alternatives  # HTML version


def test_admit_needs_an_eligibility_check(staff):
    candidacy = CandidacyFactory(status=S.INTERVIEWED)
    with pytest.raises(workflow.TransitionRefused, match="conditions d'accès"):
        workflow.transition(candidacy, "admit", staff)


def test_admit_not_eligible_without_derogation_is_refused(staff):
    candidacy = CandidacyFactory(status=S.INTERVIEWED)
    eligible_check(candidacy, staff, status="derogation_possible")
    with pytest.raises(workflow.TransitionRefused, match="dérogation"):
        workflow.transition(candidacy, "admit", staff)


def test_derogation_quota_is_enforced(staff):
    first = CandidacyFactory(status=S.INTERVIEWED)
    centre = first.training.centre
    second = CandidacyFactory(status=S.INTERVIEWED, training=first.training)
    quota(centre, places=1)
    for candidacy in (first, second):
        eligible_check(candidacy, staff, status="derogation_possible")
    admitted = workflow.transition(first, "admit", staff, derogation=True)
    assert admitted.by_derogation and admitted.admitted_at
    with pytest.raises(workflow.TransitionRefused, match="quota de dérogations .* est atteint"):
        workflow.transition(second, "admit", staff, derogation=True)
    second.refresh_from_db()
    assert second.status == S.INTERVIEWED


def test_no_quota_means_no_derogation(staff):
    candidacy = CandidacyFactory(status=S.INTERVIEWED)
    eligible_check(candidacy, staff, status="derogation_possible")
    with pytest.raises(workflow.TransitionRefused, match="pas de quota"):
        workflow.transition(candidacy, "admit", staff, derogation=True)


def test_invite_refuses_a_session_of_another_centre(staff):
    candidacy = CandidacyFactory()
    other = CandidacyFactory()
    with pytest.raises(workflow.TransitionRefused, match="pas organisée par ce centre"):
        workflow.transition(candidacy, "invite", staff, session=future_session(other.training))


def test_expire_untouched_is_idempotent_and_tells_people(django_capture_on_commit_callbacks):
    old = timezone.now() - datetime.timedelta(days=90)
    referral = ReferralFactory(candidacy__status=S.INVITED, candidacy__updated_at=old)
    fresh = CandidacyFactory(status=S.NEW)
    admitted = CandidacyFactory(status=S.ADMITTED, updated_at=old)
    assert workflow.expire_untouched(dry_run=True) == [referral.candidacy]
    with django_capture_on_commit_callbacks(execute=True):
        expired = workflow.expire_untouched()
    assert [c.pk for c in expired] == [referral.candidacy.pk]
    assert workflow.expire_untouched() == []
    referral.candidacy.refresh_from_db()
    assert referral.candidacy.status == S.EXPIRED
    log = referral.candidacy.transitions.get()
    assert log.by is None and "expiration automatique" in log.by_label
    assert {m.to[0] for m in mail.outbox} == {referral.person.email, referral.prescriber.email}
    fresh.refresh_from_db()
    admitted.refresh_from_db()
    assert (fresh.status, admitted.status) == (S.NEW, S.ADMITTED)


def test_stale_flag_after_thirty_days():
    old = CandidacyFactory(updated_at=timezone.now() - datetime.timedelta(days=31))
    CandidacyFactory()
    assert list(Candidacy.objects.stale()) == [old]
    assert old.is_stale()


def test_transition_log_cannot_be_changed(staff):
    from django.db import InternalError, ProgrammingError, transaction

    candidacy = CandidacyFactory()
    workflow.transition(candidacy, "withdraw", staff)
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        CandidacyTransition.objects.update(reason="changé")
