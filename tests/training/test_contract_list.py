"""« Stagiaires et contrats » : sorted by its columns, filtered (training, group, status,
start dates) in the URL, counted, in a fixed number of queries."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.training.factories import ContractFactory, GroupFactory, PersonFactory
from tremplin.training.models import Contract

pytestmark = pytest.mark.django_db
URL = reverse("centre:training:contracts")


def names(response) -> list[str]:
    return [c.person.last_name for c in response.context["contracts"]]


@pytest.fixture
def listed(group, coordinator):
    other_group = GroupFactory(training=group.training, name="Groupe B")
    centre = group.training.centre
    for last_name, grp, start in (
        ("Alba", group, datetime.date(2022, 9, 5)),
        ("Brel", other_group, datetime.date(2023, 1, 9)),
        ("Cools", group, datetime.date(2022, 10, 3)),
    ):
        ContractFactory(
            group=grp,
            start_date=start,
            person=PersonFactory(holding_centre=centre, last_name=last_name),
        )
    Contract.objects.filter(person__last_name="Cools").update(
        status=Contract.Status.ENDED, actual_end_date=datetime.date(2022, 12, 16)
    )
    return other_group


def test_sorted_by_a_column_both_ways(client, coordinator, listed):
    client.force_login(coordinator)
    assert names(client.get(URL)) == ["Alba", "Brel", "Cools"]
    response = client.get(URL, {"tri": "-debut"})
    assert names(response) == ["Brel", "Cools", "Alba"]
    page = response.content.decode()
    assert 'aria-sort="descending"' in page
    assert "?tri=debut" in page  # the same header sorts the other way
    assert names(client.get(URL, {"tri": "nonsense"})) == ["Alba", "Brel", "Cools"]


def test_filters_live_in_the_url_and_count(client, coordinator, listed, group):
    client.force_login(coordinator)
    response = client.get(URL, {"groupe": str(group.pk)})
    assert names(response) == ["Alba", "Cools"]
    assert "2 contrats." in response.content.decode()
    assert names(client.get(URL, {"statut": "ended"})) == ["Cools"]
    assert names(client.get(URL, {"debut_du": "2022-10-01", "debut_au": "2022-12-31"})) == ["Cools"]
    # A bad date is a French error on the field, the list stays whole.
    response = client.get(URL, {"debut_du": "demain"})
    assert names(response) == ["Alba", "Brel", "Cools"]
    assert "Saisissez une date valide" in response.content.decode()
    # The export takes the same filters.
    xlsx = client.get(URL, {"groupe": str(listed.pk), "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[3:]] == ["Brel"]


def test_fixed_number_of_queries(client, coordinator, group, django_assert_num_queries):
    client.force_login(coordinator)
    ContractFactory(group=group)
    client.get(URL)
    with django_assert_num_queries(12) as first:
        client.get(URL, {"tri": "formation"})
    for _ in range(6):
        ContractFactory(group=group)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(URL, {"tri": "formation"})


def test_exits_sorted_filtered_and_counted(client, coordinator, group):
    from tests.training.factories import ExitFactory
    from tremplin.training.models import ExitReason

    centre = group.training.centre
    for last_name, day, reason in (
        ("Dinant", datetime.date(2023, 3, 1), ExitReason.FOREM_TRAINING),
        ("Eupen", datetime.date(2023, 5, 2), ExitReason.HEALTH),
    ):
        contract = ContractFactory(
            group=group, person=PersonFactory(holding_centre=centre, last_name=last_name)
        )
        ExitFactory(contract=contract, date=day, reason=reason)
    client.force_login(coordinator)
    url = reverse("centre:training:exits")

    def exit_names(response):
        return [e.contract.person.last_name for e in response.context["exits"]]

    assert exit_names(client.get(url)) == ["Eupen", "Dinant"]  # latest first
    assert exit_names(client.get(url, {"tri": "stagiaire"})) == ["Dinant", "Eupen"]
    response = client.get(url, {"motif": ExitReason.HEALTH})
    assert exit_names(response) == ["Eupen"]
    assert "1 sortie." in response.content.decode()
    assert exit_names(client.get(url, {"sortie_au": "2023-04-01"})) == ["Dinant"]
