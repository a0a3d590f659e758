"""The counsellor withdraws a referral the centre has not turned into a contract: a
confirmation page, a reason from a list, a note; the centre sees it in its inbox and cannot
act on it any more; twice, after a contract, or another office's referral is refused."""

import html

import pytest

from tests.factories import make_member
from tests.intake.people_factories import ReferralFactory
from tests.isolation import assert_only_allowed, visitors_for
from tremplin.accounts.models import Role
from tremplin.intake import workflow
from tremplin.intake.models import CandidacyTransition
from tremplin.intake.referrals import ReferralRefused, withdraw_referral
from tremplin.intake.states import CandidacyStatus

pytestmark = pytest.mark.django_db


def referral_by(user, world, **fields):
    return ReferralFactory(
        prescriber=user,
        prescriber_organisation=world.office,
        candidacy__training=world.couvin,
        **fields,
    )


def url(referral):
    return f"/prescripteur/orientations/{referral.pk}/retirer/"


def test_a_colleague_withdraws_after_a_confirmation_and_the_centre_sees_it(client, world):
    referral = referral_by(world.counsellor, world, candidacy__status="interviewed")
    client.force_login(world.colleague)
    detail = client.get(f"/prescripteur/orientations/{referral.pk}/").content.decode()
    assert url(referral) in detail
    # The detail page's button opens the confirmation page: nothing is written yet.
    page = client.post(url(referral))
    assert page.status_code == 200 and "Pourquoi retirer cette orientation" in page.content.decode()
    referral.candidacy.refresh_from_db()
    assert referral.candidacy.status == "interviewed"
    # « Autre raison » without a note is sent back with the error on the field.
    version = referral.candidacy.version
    response = client.post(url(referral), {"confirm": "1", "reason": "other", "version": version})
    assert response.status_code == 400
    assert "expliquez-la dans la note" in html.unescape(response.content.decode())
    response = client.post(
        url(referral),
        {"confirm": "1", "reason": "job", "note": "CDD chez un traiteur.", "version": version},
        follow=True,
    )
    page = html.unescape(response.content.decode())
    assert "Orientation retirée. Le centre le voit" in page
    assert "Orientation retirée par Anne" in page and "La personne a trouvé un emploi" in page
    assert "CDD chez un traiteur." in page
    referral.candidacy.refresh_from_db()
    assert referral.candidacy.status == CandidacyStatus.WITHDRAWN
    assert referral.candidacy.withdrawal_reason == "job"
    step = CandidacyTransition.objects.get(candidacy=referral.candidacy, name="withdraw_referral")
    assert step.by == world.colleague and step.reason == "CDD chez un traiteur."
    # The centre: the inbox and the candidacy say who withdrew it, and no action is left.
    coordinator = make_member(Role.COORDINATOR, organisation=world.couvin.centre.organisation)
    client.force_login(coordinator)
    inbox = client.get(
        f"/centre/candidatures/formation/{world.couvin.pk}/", {"status": "withdrawn"}
    ).content.decode()
    assert "Orientation retirée par le prescripteur" in html.unescape(inbox)
    page = html.unescape(
        client.get(f"/centre/candidatures/{referral.candidacy.pk}/").content.decode()
    )
    assert "Orientation retirée par le prescripteur" in page
    assert "plus d'action possible" in page
    with pytest.raises(workflow.TransitionRefused):
        workflow.transition(referral.candidacy, "admit", coordinator)


def test_withdrawing_twice_or_after_the_contract_is_refused_with_a_message(client, world):
    referral = referral_by(world.counsellor, world)
    withdraw_referral(referral, world.counsellor, "changed_mind")
    client.force_login(world.counsellor)
    response = client.post(
        url(referral), {"confirm": "1", "reason": "job", "version": 2}, follow=True
    )
    assert "Cette orientation est déjà retirée." in html.unescape(response.content.decode())
    signed = referral_by(world.counsellor, world, candidacy__status="contract_signed")
    response = client.post(url(signed), follow=True)
    assert "l'orientation ne peut plus être retirée" in html.unescape(response.content.decode())
    signed.candidacy.refresh_from_db()
    assert signed.candidacy.status == "contract_signed"
    with pytest.raises(ReferralRefused, match="déjà retirée"):
        withdraw_referral(referral, world.counsellor, "job")


def test_a_page_older_than_a_centre_step_withdraws_nothing(client, world):
    referral = referral_by(world.counsellor, world)
    version = referral.candidacy.version
    workflow.transition(referral.candidacy, "invite", None, by_label="Centre")
    client.force_login(world.counsellor)
    response = client.post(
        url(referral), {"confirm": "1", "reason": "job", "version": version}, follow=True
    )
    assert "Quelqu'un a modifié cette candidature" in html.unescape(response.content.decode())
    referral.candidacy.refresh_from_db()
    assert referral.candidacy.status == "invited"


def test_the_centre_link_of_a_withdrawn_referral_says_so(world):
    from tremplin.intake.referrals import centre_token, referral_for_token

    referral = referral_by(world.counsellor, world)
    withdraw_referral(referral, world.counsellor, "other_training")
    with pytest.raises(ReferralRefused, match="retiré cette orientation"):
        referral_for_token(centre_token(referral))


def test_only_the_office_withdraws_and_get_is_refused(client, world):
    referral = referral_by(world.counsellor, world)
    client.force_login(world.stranger)
    assert client.post(url(referral)).status_code == 404
    client.force_login(world.counsellor)
    assert client.get(url(referral)).status_code == 405
    visitors = visitors_for(
        world.couvin.centre.organisation,
        extra={"author": world.counsellor, "colleague": world.colleague},
    )
    assert_only_allowed(
        client,
        url(referral),
        allowed={"author", "colleague"},
        visitors=visitors,
        method="post",
    )
    referral.candidacy.refresh_from_db()
    assert referral.candidacy.status == "new"  # the confirmation page writes nothing
