"""The simulator inside the referral: checking shows the verdict and the proofs to bring per
category without saving anything; sending keeps the facts with the referral; the centre reads
them and does not type them again."""

import re

import pytest

from tests.factories import make_member
from tests.prescriber.conftest import person_fields
from tremplin.accounts.models import Role
from tremplin.intake.models import Person, Referral, ReferralEligibility

pytestmark = pytest.mark.django_db

CATEGORY_A = {
    "e0-forem_registered": "yes",
    "e1-months_registered_last_24": "6",
    "e2-highest_certificate": "CEB",
    "e3-disability_recognised": "no",
    "e3-incapacity_percent": "",
    "e4-situations": ["none"],
    "e5-planned_hours_per_week": "30",
    "e5-planned_weeks": "30",
    "e6-commute_km": "",
    "e6-children_in_childcare": "0",
}


def url(world):
    return f"/prescripteur/orientations/nouvelle/{world.couvin.pk}/"


def test_the_questions_are_prefilled_from_the_chosen_training(client, world):
    client.force_login(world.counsellor)
    page = client.get(url(world) + "?near=Chimay").content.decode()
    assert (
        "Êtes-vous inscrit ou inscrite comme demandeur ou demandeuse d&#x27;emploi au Forem ?"
        in page
    )
    assert 'name="e5-planned_weeks" value="30"' in page
    assert 'name="e6-commute_km" value="13"' in page  # Chimay → Couvin


def test_checking_shows_the_verdict_and_proofs_and_saves_nothing(client, world):
    client.force_login(world.counsellor)
    data = {**person_fields(), **CATEGORY_A, "action": "check"}
    page = client.post(url(world), data).content.decode()
    assert "Oui, vous pouvez entrer dans un CISP." in page
    assert "Preuves que le centre demandera" in page
    assert "Une attestation d&#x27;inscription au Forem" in page
    assert 'name="eligibility_checked"' in page and 'value="Nadia"' in page
    assert not Person.objects.exists() and not Referral.objects.exists()


@pytest.mark.parametrize(
    ("answers", "proof"),
    [
        ({"e3-disability_recognised": "yes"}, "La décision de l&#x27;AViQ"),
        (
            {"e0-forem_registered": "no", "e4-situations": ["integration_income"]},
            "Une attestation du CPAS",
        ),
    ],
)
def test_proofs_follow_the_category(client, world, answers, proof):
    client.force_login(world.counsellor)
    data = {**person_fields(), **CATEGORY_A, **answers, "action": "check"}
    assert proof in client.post(url(world), data).content.decode()


def test_a_wrong_answer_is_told_and_nothing_is_sent(client, world):
    """Checked or sent, a wrong answer comes back on its question with a 400 (it was 200)."""
    client.force_login(world.counsellor)
    data = {**person_fields(), **CATEGORY_A, "e1-months_registered_last_24": "40"}
    for action in ("check", "send"):
        response = client.post(url(world), {**data, "eligibility_checked": "1", "action": action})
        assert response.status_code == 400, action
        assert response.context["questions"][1].errors, action
    assert not Referral.objects.exists() and not Person.objects.exists()


def test_sending_keeps_the_facts_and_the_centre_reads_them(client, world):
    client.force_login(world.counsellor)
    data = {**person_fields(), **CATEGORY_A, "eligibility_checked": "1", "action": "send"}
    response = client.post(url(world), data)
    assert response.status_code == 302
    kept = ReferralEligibility.objects.get()
    assert kept.status == "eligible" and kept.categories == ["A"]
    assert kept.situation["forem_registered"] is True
    assert kept.situation["birth_date"] == "1991-04-02"
    assert "forem_attestation" in kept.documents
    detail = client.get(response["Location"]).content.decode()
    assert "Éligibilité vérifiée à l'orientation" in detail
    coordinator = make_member(Role.COORDINATOR, organisation=world.couvin.centre.organisation)
    client.force_login(coordinator)
    candidacy = kept.referral.candidacy
    page = client.get(f"/centre/candidatures/{candidacy.pk}/").content.decode()
    assert "Éligibilité vérifiée à l'orientation" in page
    assert "Une attestation d&#x27;inscription au Forem" in page
    form = client.get(f"/centre/candidatures/{candidacy.pk}/conditions/").content.decode()
    assert '<option value="yes" selected>' in form  # Forem registration, not asked again


@pytest.mark.parametrize("code", ["none", "higher"])
def test_the_certificate_is_read_in_words_not_as_its_code(client, world, code):
    """The kept facts and the centre's conditions form showed the raw code (« none »,
    « higher ») on French pages."""
    client.force_login(world.counsellor)
    answers = {**CATEGORY_A, "e2-highest_certificate": code}
    data = {**person_fields(), **answers, "eligibility_checked": "1", "action": "send"}
    response = client.post(url(world), data)
    assert response.status_code == 302
    label = {"none": "Aucun diplôme", "higher": "Diplôme de haute école ou d&#x27;université"}
    detail = client.get(response["Location"]).content.decode()
    assert re.search(rf"Diplôme le plus élevé</dt>\s*<dd[^>]*>\s*{label[code]}\s*<", detail)
    candidacy = ReferralEligibility.objects.get().referral.candidacy
    coordinator = make_member(Role.COORDINATOR, organisation=world.couvin.centre.organisation)
    client.force_login(coordinator)
    form = client.get(f"/centre/candidatures/{candidacy.pk}/conditions/").content.decode()
    assert f'<option value="{code}" selected>{label[code]}</option>' in form
    assert '<option value="none">none</option>' not in form


def test_without_a_check_no_facts_are_kept(client, world):
    client.force_login(world.counsellor)
    client.post(url(world), person_fields())
    assert Referral.objects.exists() and not ReferralEligibility.objects.exists()
