"""« Trouver une personne » : name with typos, birth date, NISS by role, trainer scope, access
log, no-store, isolation."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import make_member
from tests.intake.people_factories import CandidacyFactory
from tests.isolation import OTHER_CENTRE, OWN_CENTRE, assert_only_allowed, visitors_for
from tests.training.factories import ContractFactory, GroupFactory, PersonFactory, trainer_of
from tremplin.accounts.models import Role
from tremplin.audit.models import AccessLog
from tremplin.intake.search import SearchRefused, find_people, read_query
from tremplin.training.models import Contract

pytestmark = pytest.mark.django_db

NISS = "85073003328"


@pytest.fixture
def world():
    group = GroupFactory()
    centre = group.training.centre
    trainer = trainer_of(group, make_member)
    other_group = GroupFactory(training=group.training)
    org = centre.organisation
    trainee = ContractFactory(
        group=group,
        person=PersonFactory(
            holding_centre=centre, first_name="Hélène", last_name="Dupont-Lefèvre", niss=NISS
        ),
    ).person
    elsewhere = ContractFactory(
        group=other_group,
        person=PersonFactory(holding_centre=centre, first_name="Hélène", last_name="Dupuis"),
    ).person
    candidate = PersonFactory(
        holding_centre=centre,
        first_name="Karim",
        last_name="Benali",
        birth_date=datetime.date(1999, 2, 3),
    )
    CandidacyFactory(training=group.training, person=candidate)
    return {
        "centre": centre,
        "org": org,
        "trainer": trainer,
        "trainee": trainee,
        "elsewhere": elsewhere,
        "candidate": candidate,
        "coordinator": make_member(Role.COORDINATOR, organisation=org),
        "staff": make_member(Role.CENTRE_STAFF, organisation=org),
    }


def names(people):
    return {p.last_name for p in people}


def test_a_misspelt_name_without_accents_finds_the_person(world):
    _query, found = find_people(world["coordinator"], "helene dupon lefevre")
    assert found[0] == world["trainee"]
    assert found[0].kind == "trainee" and found[0].opens_file
    _query, found = find_people(world["coordinator"], "BENALLI")
    assert names(found) == {"Benali"}
    assert found[0].kind == "candidate"


def test_birth_date_and_former_trainees(world):
    contract = world["elsewhere"].contracts.get()
    contract.status = Contract.Status.ENDED
    contract.actual_end_date = contract.start_date + datetime.timedelta(days=30)
    contract.save()
    query, found = find_people(world["staff"], "03/02/1999")
    assert query.kind == "birth_date" and names(found) == {"Benali"}
    _query, found = find_people(world["staff"], "dupuis")
    assert found[0].kind == "former"


def test_niss_only_for_the_roles_that_see_it(world):
    query, found = find_people(world["coordinator"], "85.07.30-033.28")
    assert query.kind == "niss" and found == [world["trainee"]]
    for user in (world["staff"], world["trainer"]):
        with pytest.raises(SearchRefused) as refusal:
            find_people(user, NISS)
        assert refusal.value.code == "niss_not_allowed"


def test_a_trainer_finds_only_the_trainees_of_their_groups(world):
    _query, found = find_people(world["trainer"], "helene")
    assert found == [world["trainee"]]
    assert not found[0].opens_file
    assert found[0].contract_id == world["trainee"].contracts.get().pk
    _query, found = find_people(world["trainer"], "benali")
    assert found == []


def test_another_centre_finds_nobody(world):
    other = make_member(Role.COORDINATOR)
    assert find_people(other, "Dupont")[1] == []
    assert find_people(other, NISS)[1] == []


def test_short_query_is_refused_in_french():
    with pytest.raises(SearchRefused):
        read_query("a")


def test_results_page_logs_every_person_shown_and_is_not_cached(client, world):
    client.force_login(world["coordinator"])
    response = client.get(reverse("centre:search"), {"q": "hélene dupond"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert reverse("centre:person_detail", args=[world["trainee"].pk]) in body
    logged = AccessLog.objects.filter(view_name="centre:search", user=world["coordinator"])
    assert {row.object_id for row in logged} >= {world["trainee"].pk}
    # The search box is on every centre page.
    assert 'role="search"' in client.get(reverse("centre:dashboard")).content.decode()


def test_refusal_is_a_french_message_not_an_error(client, world):
    client.force_login(world["staff"])
    response = client.get(reverse("centre:search"), {"q": NISS})
    assert response.status_code == 400
    assert "réservée à la coordination" in response.content.decode()


def test_only_centre_members_search_and_never_see_another_centre(client, world):
    visitors = visitors_for(world["org"])
    url = reverse("centre:search") + "?q=dupont"
    assert_only_allowed(client, url, allowed=OWN_CENTRE | OTHER_CENTRE, visitors=visitors)
    for key in OTHER_CENTRE | {"own:trainer"}:
        client.force_login(visitors[key])
        assert "Dupont" not in client.get(url).content.decode(), key
