"""What the prescriber learns after "contrat signé": the detail only with the person's standing
agreement (given at the referral or later, withdrawable, dated), "En formation" otherwise; the
reason of an interruption never."""

import datetime
import html

import pytest
from django.utils import timezone

from tests.intake.people_factories import ReferralFactory
from tests.prescriber.conftest import person_fields
from tests.training.factories import ContractFactory, ExitFactory
from tremplin.intake.models import OutcomeConsent, Referral
from tremplin.intake.referrals import (
    ReferralRefused,
    record_outcome_consent,
    withdraw_outcome_consent,
)
from tremplin.intake.states import CandidacyStatus
from tremplin.training.models import Contract, ExitReason
from tremplin.training.referral_outcomes import outcome

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


@pytest.fixture
def signed(world):
    referral = ReferralFactory(
        prescriber=world.counsellor,
        prescriber_organisation=world.office,
        candidacy__training=world.couvin,
        candidacy__status=CandidacyStatus.CONTRACT_SIGNED,
        consent_given_on=datetime.date(2025, 12, 1),
    )
    contract = ContractFactory(
        group=None,
        training=world.couvin,
        person=referral.person,
        candidacy=referral.candidacy,
        start_date=datetime.date(2026, 1, 5),
        planned_end_date=datetime.date(2026, 6, 30),
    )
    return referral, contract


def agree(referral, by, day=datetime.date(2026, 1, 2)):
    return record_outcome_consent(referral, day, by)


def test_without_agreement_the_prescriber_reads_en_formation_only(signed, world):
    referral, contract = signed
    assert outcome(referral, TODAY) == "En formation"
    ExitFactory(contract=contract, reason=ExitReason.JOB, job_contract_type="cdi")
    assert outcome(Referral.objects.get(pk=referral.pk), TODAY) == "En formation"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, "En formation depuis le 5 janvier 2026"),
        ({"status": Contract.Status.SUSPENDED}, "Formation suspendue"),
        ({"start_date": datetime.date(2026, 4, 1)}, "la formation commence le 1er avril 2026"),
        (
            {"status": Contract.Status.ENDED, "actual_end_date": datetime.date(2026, 2, 10)},
            "Formation arrêtée avant la fin, le 10 février 2026",
        ),
    ],
)
def test_with_agreement_the_contract_is_told(signed, world, change, expected):
    referral, contract = signed
    Contract.objects.filter(pk=contract.pk).update(**change)
    agree(referral, world.counsellor)
    assert expected in outcome(Referral.objects.get(pk=referral.pk), TODAY)


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (ExitReason.JOB, "Sortie vers un emploi le 27 février 2026"),
        (ExitReason.IFAPME, "Sortie vers une autre formation le 27 février 2026"),
        (ExitReason.COMPLETED, "Formation terminée le 27 février 2026"),
        (ExitReason.HEALTH, "Formation arrêtée avant la fin, le 27 février 2026"),
    ],
)
def test_with_agreement_the_exit_is_told_never_its_reason(signed, world, reason, expected):
    referral, contract = signed
    extra = {"job_contract_type": "cdi"} if reason == ExitReason.JOB else {}
    ExitFactory(contract=contract, reason=reason, date=datetime.date(2026, 2, 27), **extra)
    agree(referral, world.counsellor)
    assert outcome(Referral.objects.get(pk=referral.pk), TODAY) == expected


def test_agreement_given_later_then_withdrawn_on_the_page(client, signed, world):
    referral, _contract = signed
    url = f"/prescripteur/orientations/{referral.pk}/"
    client.force_login(world.colleague)
    page = client.get(url).content.decode()
    assert 'id="outcome">En formation<' in page
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(f"{url}accord-suite/", {"action": "give", "give-day": tomorrow})
    assert response.status_code == 400
    assert "La date de l&#x27;accord ne peut pas être dans le futur." in response.content.decode()
    assert not OutcomeConsent.objects.exists()
    client.post(f"{url}accord-suite/", {"action": "give", "give-day": "2026-01-02"})
    assert "En formation depuis le 5 janvier 2026" in client.get(url).content.decode()
    response = client.post(
        f"{url}accord-suite/", {"action": "withdraw", "withdraw-day": "2026-01-01"}
    )
    assert "avant le 2 janvier 2026" in response.content.decode()
    client.post(f"{url}accord-suite/", {"action": "withdraw", "withdraw-day": "2026-02-01"})
    consent = OutcomeConsent.objects.get()
    assert consent.withdrawn_on == datetime.date(2026, 2, 1)
    assert consent.withdrawal_recorded_by == world.colleague
    page = client.get(url).content.decode()
    assert 'id="outcome">En formation<' in page and "retiré le 1er février 2026" in page


def test_an_agreement_cannot_predate_the_referral(client, signed, world):
    """A year typed wrong (« 1999 ») was kept: an agreement older than the referral."""
    referral, _contract = signed
    url = f"/prescripteur/orientations/{referral.pk}/"
    client.force_login(world.counsellor)
    response = client.post(f"{url}accord-suite/", {"action": "give", "give-day": "1999-12-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "L&#x27;accord ne peut pas dater d&#x27;avant le 1er décembre 2025, jour où la personne "
        "a accepté l&#x27;orientation."
    ) in page
    assert 'value="1999-12-01"' in page  # what was typed stays, to correct it
    assert not OutcomeConsent.objects.exists()
    client.post(f"{url}accord-suite/", {"action": "give", "give-day": "2025-12-01"})
    assert OutcomeConsent.objects.get().given_on == datetime.date(2025, 12, 1)


def test_the_agreement_address_opened_by_hand_says_what_it_is(client, signed, world):
    """A POST-only address opened with GET (typed, or reached by the language switch of the
    page of a refused date, which stays at that address) answered 405 with a blank page."""
    referral, _contract = signed
    client.force_login(world.counsellor)
    response = client.get(f"/prescripteur/orientations/{referral.pk}/accord-suite/")
    assert response.status_code == 405 and response["Allow"] == "POST"
    page = html.unescape(response.content.decode())
    assert "Cette adresse ne s'ouvre pas directement" in page
    assert "Rien n'a été fait" in page and 'href="/espace/"' in page
    assert not OutcomeConsent.objects.exists()


def test_a_page_older_than_the_agreement_says_why_nothing_was_done(client, signed, world):
    """The agreement was recorded in another tab: the old page's « give » comes back to the
    page as it is now, with the reason (it answered 400 with the error on a form the page no
    longer shows)."""
    referral, _contract = signed
    url = f"/prescripteur/orientations/{referral.pk}/"
    client.force_login(world.colleague)
    agree(referral, world.counsellor)
    response = client.post(
        f"{url}accord-suite/", {"action": "give", "give-day": "2026-01-02"}, follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    assert "La personne a déjà donné cet accord." in response.content.decode()
    assert OutcomeConsent.objects.count() == 1
    referral.outcome_consents.update(withdrawn_on=TODAY, withdrawal_recorded_by=world.counsellor)
    response = client.post(
        f"{url}accord-suite/", {"action": "withdraw", "withdraw-day": "2026-02-01"}, follow=True
    )
    assert "La personne n&#x27;a pas donné cet accord." in response.content.decode()


def test_only_one_standing_agreement_and_no_withdrawal_without_one(signed, world):
    referral, _contract = signed
    with pytest.raises(ReferralRefused, match="pas donné cet accord"):
        withdraw_outcome_consent(referral, TODAY, world.counsellor)
    agree(referral, world.counsellor)
    with pytest.raises(ReferralRefused, match="déjà donné"):
        agree(referral, world.counsellor)


def test_agreement_given_at_the_referral(client, world):
    client.force_login(world.counsellor)
    client.post(
        f"/prescripteur/orientations/nouvelle/{world.couvin.pk}/",
        person_fields(outcome_consent="on"),
    )
    consent = OutcomeConsent.objects.get()
    assert consent.given_on == timezone.localdate()
    assert consent.recorded_by == world.counsellor


def test_an_invalid_day_from_a_page_older_than_the_agreement_is_shown(client, signed, world):
    """The agreement was recorded in another tab, then the old page's « give » was sent with a
    future day: the answer was 400 with the error on a form the page no longer shows."""
    referral, _contract = signed
    url = f"/prescripteur/orientations/{referral.pk}/"
    agree(referral, world.counsellor)
    client.force_login(world.colleague)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(f"{url}accord-suite/", {"action": "give", "give-day": tomorrow})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "La date de l'accord ne peut pas être dans le futur." in page
    assert OutcomeConsent.objects.count() == 1
