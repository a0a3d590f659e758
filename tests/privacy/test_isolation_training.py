"""Isolation of the training follow-up pages (contracts, register, statements, exits,
follow-ups, social follow-up, PDFs, exports): every role of the owning centre, the same roles of
another centre, a prescriber, a federation analyst, anonymous — and a trainer of another group
of the same centre (a trainer sees only the trainees of their groups)."""

import datetime

import pytest
from django.urls import reverse

from tests.isolation import assert_only_allowed

pytestmark = pytest.mark.django_db

CENTRE_WIDE = {"own:coordinator", "own:centre_staff", "own:social_worker"}
MANAGE = {"own:coordinator", "own:centre_staff"}
# The social notes: the social worker; the coordinator only where the centre chose so.
SOCIAL = {"own:social_worker"}
GROUP_TRAINER = "own:trainer"  # the visitors' trainer trains the contract's group
MONDAY = datetime.date(2022, 12, 5)


def test_contract_pages_and_pdfs(client, world):
    contract, ended = world["contract"], world["ended"]
    for name, pk, allowed in [
        ("contract", contract.pk, CENTRE_WIDE | {GROUP_TRAINER}),
        ("contract_pdf", contract.pk, CENTRE_WIDE | {GROUP_TRAINER}),
        ("suspend", contract.pk, MANAGE),
        ("extend", contract.pk, MANAGE),
        ("statement_pdf", contract.pk, MANAGE),
        ("exit", contract.pk, CENTRE_WIDE),
        ("attestation", ended.pk, CENTRE_WIDE),
        ("social", contract.pk, SOCIAL),
        ("sign", world["candidacy"].pk, MANAGE),
        ("followup_phone", world["follow_up"].pk, CENTRE_WIDE),
    ]:
        url = reverse(f"centre:training:{name}", args=[pk])
        assert_only_allowed(client, url, allowed=allowed, visitors=world["visitors"])


def test_amendment_pdfs(client, world):
    """The amendment of a change is for those who make the changes (decision 0658)."""
    from tremplin.training import contracts as service

    contract = world["contract"]
    by = world["visitors"]["own:coordinator"]
    service.extend(contract, planned_end_date=datetime.date(2023, 7, 31), by=by)
    suspension = service.suspend(
        contract,
        starts_on=datetime.date(2023, 1, 9),
        ends_on=datetime.date(2023, 1, 13),
        reason="Hospitalisation",
        by=by,
        today=datetime.date(2022, 12, 1),
    )
    for change in (contract.extensions.get(), suspension):
        url = reverse("centre:training:amendment_pdf", args=[contract.pk, change.pk])
        assert_only_allowed(client, url, allowed=MANAGE, visitors=world["visitors"])


def test_register_of_a_group(client, world):
    group = world["group"]
    url = reverse("centre:training:register", args=[group.pk, MONDAY])
    assert_only_allowed(
        client, url, allowed={GROUP_TRAINER, "own:coordinator"}, visitors=world["visitors"]
    )
    lock = reverse("centre:training:register_lock", args=[group.pk, MONDAY])
    assert_only_allowed(
        client,
        lock,
        allowed={"own:coordinator"},
        visitors=world["visitors"],
        method="post",
        data={"action": "unlock"},
        allowed_status=302,
    )


def test_changes_by_post_are_refused_to_outsiders(client, world):
    contract = world["contract"]
    visitors = world["visitors"]
    assert_only_allowed(
        client,
        reverse("centre:training:resume", args=[contract.pk]),
        allowed=MANAGE,
        visitors=visitors,
        method="post",
        allowed_status=302,
    )
    social = reverse("centre:training:social", args=[contract.pk])
    assert_only_allowed(
        client,
        social,
        allowed=SOCIAL,
        visitors=visitors,
        method="post",
        data={"kind": "referent"},
        allowed_status=302,
    )
    assert_only_allowed(
        client,
        reverse("centre:training:extend", args=[contract.pk]),
        allowed=MANAGE,
        visitors=visitors,
        method="post",
        data={"planned_end_date": "pas une date"},  # allowed: the form again, nothing saved
        allowed_status=400,
    )


def test_the_coordinator_reads_social_notes_only_where_the_centre_chose_so(client, world):
    contract = world["contract"]
    url = reverse("centre:training:social", args=[contract.pk])
    organisation = contract.centre.organisation
    organisation.coordinator_reads_social_notes = True
    organisation.save()
    assert_only_allowed(
        client, url, allowed=SOCIAL | {"own:coordinator"}, visitors=world["visitors"]
    )


def _shows(client, user, url, text) -> bool:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    content = response.content.decode(errors="replace") if response.status_code == 200 else ""
    return text in content


@pytest.mark.parametrize(
    "url_name, query, person_of, allowed",
    [
        ("contracts", "", "contract", CENTRE_WIDE | {GROUP_TRAINER}),
        ("statements", "?mois=2022-12", "contract", MANAGE),
        ("exits", "", "ended", CENTRE_WIDE),
        ("followups", "", "ended", CENTRE_WIDE),
        ("groups", "", None, CENTRE_WIDE | {GROUP_TRAINER}),
    ],
)
def test_lists_show_a_trainee_only_to_their_centre(
    client, world, url_name, query, person_of, allowed
):
    url = reverse(f"centre:training:{url_name}") + query
    text = world[person_of].person.last_name if person_of else world["group"].name
    leaks = [
        key
        for key, user in world["visitors"].items()
        if _shows(client, user, url, text) != (key in allowed)
    ]
    assert not leaks, f"{url}: {text!r} montré/caché à tort pour {leaks}"


@pytest.mark.parametrize("url_name", ["contracts", "exits", "followups", "statements", "groups"])
def test_lists_refuse_people_without_a_centre_role(client, world, url_name):
    """A prescriber or the federation has no business in a centre's trainee lists."""
    url = reverse(f"centre:training:{url_name}")
    visitors = world["visitors"]
    for key in ["prescriber", "federation_analyst"]:
        client.force_login(visitors[key])
        assert client.get(url).status_code in (403, 404), (url, key)


def test_a_deactivated_trainer_loses_their_trainees_at_once(client, world):
    trainer = world["visitors"][GROUP_TRAINER]
    url = reverse("centre:training:contract", args=[world["contract"].pk])
    client.force_login(trainer)
    assert client.get(url).status_code == 200
    trainer.memberships.update(is_active=False)
    assert client.get(url).status_code in (403, 404)
    assert world["contract"].person.last_name not in client.get(
        reverse("centre:training:contracts")
    ).content.decode(errors="replace")
