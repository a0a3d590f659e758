"""« Signer le contrat » from an admitted candidacy: the contract, the candidacy's last step
and the person's new status happen together, or nothing happens."""

import dataclasses
import datetime
from unittest import mock

import pytest
from django.urls import reverse

from tests.factories import make_member
from tests.intake.people_factories import CandidacyFactory
from tests.training.factories import ContractFactory
from tremplin.accounts.models import Role
from tremplin.intake import workflow
from tremplin.intake.models import Candidacy, CandidacyTransition
from tremplin.intake.states import CandidacyStatus
from tremplin.training import contracts as service
from tremplin.training.models import Contract

FIVE_DAYS = {"hours_mon": "6", "hours_tue": "6", "hours_wed": "6", "hours_thu": "6"}


def terms(**changes):
    data = {
        "start_date": "2026-09-07",
        "planned_end_date": "2027-03-31",
        "hours_per_week": "30",
        **FIVE_DAYS,
        "hours_fri": "6",
        "hours_sat": "0",
        "hours_sun": "0",
        "forem_reference": "FOR-123456",
        "commute_km": "12",
    }
    data.update(changes)
    return data


@pytest.fixture
def candidacy(db):
    return CandidacyFactory(status=CandidacyStatus.ADMITTED)


@pytest.fixture
def coordinator(candidacy):
    return make_member(Role.COORDINATOR, organisation=candidacy.training.centre.organisation)


def sign_url(candidacy):
    return reverse("centre:training:sign", args=[candidacy.pk])


def assert_nothing_saved(candidacy, status=CandidacyStatus.ADMITTED):
    assert not Contract.objects.filter(person=candidacy.person, candidacy=candidacy).exists()
    candidacy.refresh_from_db()
    assert candidacy.status == status
    assert not CandidacyTransition.objects.filter(
        candidacy=candidacy, name="sign_contract"
    ).exists()


def test_sign_from_an_admitted_candidacy(client, candidacy, coordinator):
    client.force_login(coordinator)
    form = client.get(sign_url(candidacy))
    assert form.status_code == 200
    assert "Signer le contrat" in form.text
    # The clauses the contract will be signed with, named once (« clauses : » said it twice).
    assert " — clauses du contrat : modèle de contrat version 1 du " in form.text
    assert "clauses : modèle" not in form.text
    assert f'name="candidacy_version" value="{candidacy.version}"' in form.text
    with mock.patch.object(
        workflow, "transition", wraps=workflow.transition
    ) as spy:  # the one way to move a candidacy
        response = client.post(sign_url(candidacy), terms(candidacy_version=candidacy.version))
    contract = Contract.objects.get(candidacy=candidacy)
    assert response.status_code == 302
    assert response["Location"] == reverse("centre:training:contract", args=[contract.pk])
    spy.assert_called_once()
    args, kwargs = spy.call_args
    assert args == (candidacy, "sign_contract")
    assert kwargs["by"] == coordinator
    assert kwargs["expected_version"] == candidacy.version
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.CONTRACT_SIGNED
    step = CandidacyTransition.objects.get(candidacy=candidacy, name="sign_contract")
    assert step.by == coordinator
    assert contract.person == candidacy.person
    assert contract.status == Contract.Status.ACTIVE
    assert contract.signed_by == coordinator
    assert contract.centre == candidacy.training.centre
    assert [int(h) for h in contract.weekly_schedule] == [6, 6, 6, 6, 6, 0, 0]
    assert Contract.objects.current().filter(person=candidacy.person).count() == 1
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert candidacy.person.last_name in page.text
    assert "Signature enregistrée par" in page.text and str(coordinator) in page.text
    pdf = client.get(reverse("centre:training:contract_pdf", args=[contract.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_contract_ending_before_it_starts(client, candidacy, coordinator):
    client.force_login(coordinator)
    response = client.post(sign_url(candidacy), terms(planned_end_date="2026-09-01"))
    assert response.status_code == 400
    assert "La date de fin doit être après la date de début." in response.text
    assert 'aria-describedby="id_planned_end_date_error"' in response.text
    assert 'id="id_planned_end_date_error"' in response.text
    assert_nothing_saved(candidacy)


def test_contract_beyond_a_maximum_duration_to_confirm_warns_and_needs_a_reason(
    client, candidacy, coordinator
):
    """The 2 100 h are "to confirm": a warning the centre can pass with a reason, recorded."""
    client.force_login(coordinator)
    # 30 h a week for two years: about 3 100 h, beyond the 2 100 h of the parameter.
    response = client.post(sign_url(candidacy), terms(planned_end_date="2028-09-01"))
    assert response.status_code == 400
    assert "dépasse la durée maximale de formation de 2100 h" in response.text
    assert "Cette limite est à confirmer (AGW du 15 décembre 2016" in response.text
    assert 'id="id_limit_reason_error"' in response.text
    assert_nothing_saved(candidacy)

    reason = "Parcours long décidé avec le Forem (projet de qualification)."
    response = client.post(
        sign_url(candidacy), terms(planned_end_date="2028-09-01", limit_reason=reason)
    )
    assert response.status_code == 302
    contract = Contract.objects.get(candidacy=candidacy)
    (override,) = contract.limit_overrides.all()
    assert override.parameter == "durations.max_training_hours"
    assert (override.limit_hours, override.reason) == (2100, reason)
    assert override.created_by == coordinator
    assert override.total_hours > 3000
    page = client.get(reverse("centre:training:contract", args=[contract.pk])).text
    assert "Limites à confirmer dépassées" in page and reason in page


def test_contract_beyond_a_verified_maximum_duration_is_refused(client, candidacy, coordinator):
    from tremplin.rules.parameters import Confidence, parameter

    limit = parameter("durations.max_training_hours", datetime.date(2026, 9, 7))
    verified = mock.patch(
        "tremplin.training.parameters.in_force",
        return_value=dataclasses.replace(limit, confidence=Confidence.VERIFIED),
    )
    client.force_login(coordinator)
    with verified:
        response = client.post(
            sign_url(candidacy),
            terms(planned_end_date="2028-09-01", limit_reason="On veut continuer."),
        )
    assert response.status_code == 400
    assert "la durée maximale de formation (2100 h) serait dépassée" in response.text
    assert_nothing_saved(candidacy)


def test_extension_beyond_the_maximum_to_confirm_needs_a_reason(client, coordinator, candidacy):
    contract = ContractFactory(
        group=None,
        training=candidacy.training,
        start_date=datetime.date(2026, 9, 7),
        planned_end_date=datetime.date(2027, 3, 31),
        hours_per_week=20,
        hours_fri=0,
        hours_thu=2,
    )
    client.force_login(coordinator)
    url = reverse("centre:training:extend", args=[contract.pk])
    response = client.post(url, {"planned_end_date": "2029-09-01"})
    assert "Cette limite est à confirmer" in response.text
    contract.refresh_from_db()
    assert contract.planned_end_date == datetime.date(2027, 3, 31)
    response = client.post(url, {"planned_end_date": "2029-09-01", "limit_reason": "Accord."})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.planned_end_date == datetime.date(2029, 9, 1)
    assert contract.limit_overrides.get().reason == "Accord."


def test_second_current_contract_in_the_same_centre(client, candidacy, coordinator):
    ContractFactory(
        group=None,
        training=candidacy.training,
        person=candidacy.person,
        start_date=datetime.date(2026, 1, 5),
        planned_end_date=datetime.date(2026, 6, 30),
        hours_per_week=20,
        hours_fri=0,
        hours_thu=2,
    )
    client.force_login(coordinator)
    response = client.post(sign_url(candidacy), terms())
    assert response.status_code == 400
    assert "déjà un contrat en cours dans ce centre" in response.text
    assert Contract.objects.filter(person=candidacy.person).count() == 1
    assert_nothing_saved(candidacy)


@pytest.mark.parametrize(
    "status",
    [CandidacyStatus.INTERVIEWED, CandidacyStatus.WAITING_LIST, CandidacyStatus.WITHDRAWN],
)
def test_a_candidacy_that_is_not_admitted(client, candidacy, coordinator, status):
    Candidacy.objects.filter(pk=candidacy.pk).update(status=status)
    client.force_login(coordinator)
    for response in (client.get(sign_url(candidacy)), client.post(sign_url(candidacy), terms())):
        assert response.status_code == 409
        assert "Seule une candidature admise peut recevoir un contrat." in response.text
    assert_nothing_saved(candidacy, status=status)


def test_candidacy_changed_while_the_form_was_open(client, candidacy, coordinator):
    """Admitted when the form opened, withdrawn before it was sent: the transition refuses,
    the contract is not kept."""
    client.force_login(coordinator)
    client.get(sign_url(candidacy))

    def withdrawn_meanwhile(person, centre, contract=None):
        Candidacy.objects.filter(pk=candidacy.pk).update(status=CandidacyStatus.WITHDRAWN)
        return False

    with mock.patch.object(service, "current_contract_exists", side_effect=withdrawn_meanwhile):
        response = client.post(sign_url(candidacy), terms())
    assert response.status_code == 400
    assert "ne se fait pas sur une candidature" in response.text
    assert not Contract.objects.exists()
    assert_nothing_saved(candidacy, status=CandidacyStatus.WITHDRAWN)


def test_candidacy_changed_since_the_form_was_opened(client, candidacy, coordinator):
    """Someone acted on the candidacy (version moved on) after the form was opened."""
    client.force_login(coordinator)
    Candidacy.objects.filter(pk=candidacy.pk).update(version=candidacy.version + 1)
    response = client.post(sign_url(candidacy), terms(candidacy_version=candidacy.version))
    assert response.status_code == 400
    assert "Quelqu&#x27;un a modifié cette candidature" in response.text
    assert_nothing_saved(candidacy)


def test_the_schedule_must_match_the_weekly_hours(client, candidacy, coordinator):
    client.force_login(coordinator)
    response = client.post(sign_url(candidacy), terms(hours_fri="0"))
    assert response.status_code == 400
    assert "L&#x27;horaire de la semaine totalise 24 h, pas 30 h." in response.text
    assert_nothing_saved(candidacy)


def test_a_trainer_cannot_sign(client, candidacy):
    trainer = make_member(Role.TRAINER, organisation=candidacy.training.centre.organisation)
    client.force_login(trainer)
    assert client.post(sign_url(candidacy), terms()).status_code == 403
    assert_nothing_saved(candidacy)
