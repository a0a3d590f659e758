"""Reading the access log (0806): per person (every opening of the file, its candidacies,
contracts and bookings), per member (what they opened for the centre), roles annotated in the
same query, the people of a page found in a constant number of queries."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tests.factories import make_member
from tests.intake.people_factories import CandidacyFactory
from tests.training.factories import ContractFactory
from tremplin.accounts.models import Role
from tremplin.audit import consultations
from tremplin.audit.models import AccessLog
from tremplin.intake.models import Person
from tremplin.training.models import Contract

pytestmark = pytest.mark.django_db


def opened(user, obj, organisation, view="centre:person_detail", minutes=0):
    return AccessLog.objects.create(
        user=user,
        organisation=organisation,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        view_name=view,
        accessed_at=timezone.now() - datetime.timedelta(minutes=minutes),
    )


def test_who_looked_at_this_file(django_assert_num_queries):
    contract = ContractFactory()
    person, organisation = contract.person, contract.centre.organisation
    candidacy = CandidacyFactory(person=person)
    social = make_member(Role.SOCIAL_WORKER, organisation=organisation)
    trainer = make_member(Role.TRAINER, organisation=organisation)
    admin = make_member(Role.COORDINATOR, organisation=organisation)
    opened(social, person, organisation, minutes=3)
    opened(trainer, contract, organisation, "centre:contract_detail", minutes=2)
    opened(admin, candidacy, organisation, "centre:candidacy_detail", minutes=1)
    opened(admin, person, None, "admin:intake_person_change")
    other = ContractFactory().person
    opened(social, other, organisation)

    with django_assert_num_queries(1):
        rows = list(consultations.about_person(person))
    assert [consultations.role_label(r) for r in rows] == [
        "administration de la plateforme",
        Role.COORDINATOR.label,
        Role.TRAINER.label,
        Role.SOCIAL_WORKER.label,
    ]
    assert [consultations.purpose_of(r.view_name) for r in rows][1:] == [
        "Candidature",
        "Espace du centre (contract detail)",
        "Fiche de la personne",
    ]


def test_what_a_member_opened_and_the_people_behind_each_row(django_assert_max_num_queries):
    contract = ContractFactory()
    organisation = contract.centre.organisation
    staff = make_member(Role.CENTRE_STAFF, organisation=organisation)
    people = [ContractFactory(centre=contract.centre).person for _ in range(4)]
    for index, person in enumerate(people):
        opened(staff, person, organisation, minutes=index)
    opened(staff, contract, organisation, "centre:contract_detail", minutes=9)
    elsewhere = ContractFactory()
    opened(staff, elsewhere.person, elsewhere.centre.organisation)  # another organisation
    opened(staff, elsewhere, organisation)  # a file the centre does not hold

    rows = list(consultations.by_member(staff, organisation=organisation))
    assert len(rows) == 6
    with django_assert_max_num_queries(5):
        found = consultations.people_opened(rows, organisation=organisation)
    assert found[contract.pk] == contract.person
    assert {found[p.pk] for p in people} == set(people)
    assert elsewhere.pk not in found and elsewhere.person_id not in found
    assert Person.objects.count() == 6 and Contract.objects.count() == 6
