"""The other lists of the training area on the one ``Listing``: six-month follow-ups and
monthly statements are sorted by their columns, filtered in the URL, counted, and make a fixed
number of queries whatever the number of rows."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.training.factories import (
    AttendanceDayFactory,
    ContractFactory,
    ExitFactory,
    GroupFactory,
    PersonFactory,
)
from tremplin.training.models import FollowUp

pytestmark = pytest.mark.django_db
FOLLOW_UPS = reverse("centre:training:followups")
STATEMENTS = reverse("centre:training:statements")


def follow_up(group, last_name, due_on, answered=False):
    contract = ContractFactory(
        group=group,
        person=PersonFactory(holding_centre=group.training.centre, last_name=last_name),
    )
    exit_ = ExitFactory(contract=contract)
    return FollowUp.objects.create(
        exit=exit_,
        due_on=due_on,
        answered_at=timezone.now() if answered else None,
        situation="job" if answered else "",
        answered_via="link" if answered else "",
    )


def follow_up_names(response):
    return [f.exit.contract.person.last_name for f in response.context["follow_ups"]]


def test_follow_ups_unanswered_first_sorted_filtered_counted(client, coordinator, group):
    follow_up(group, "Answered", datetime.date(2023, 1, 2), answered=True)
    follow_up(group, "Late", datetime.date(2023, 3, 1))
    follow_up(group, "Early", datetime.date(2023, 2, 1))
    client.force_login(coordinator)
    response = client.get(FOLLOW_UPS)
    # The people to call come first (no answer), the earliest due first.
    assert follow_up_names(response) == ["Early", "Late", "Answered"]
    assert "3 suivis." in response.content.decode()
    assert follow_up_names(client.get(FOLLOW_UPS, {"tri": "-reponse"}))[0] == "Answered"
    assert follow_up_names(client.get(FOLLOW_UPS, {"tri": "personne"})) == [
        "Answered",
        "Early",
        "Late",
    ]
    assert follow_up_names(client.get(FOLLOW_UPS, {"reponse": "oui"})) == ["Answered"]
    response = client.get(FOLLOW_UPS, {"reponse": "non", "prevu_au": "2023-02-15"})
    assert follow_up_names(response) == ["Early"]
    assert "1 suivi." in response.content.decode()
    # The sort link keeps the filters, the filter form keeps the sort.
    response = client.get(FOLLOW_UPS, {"reponse": "non", "tri": "prevu"})
    page = response.content.decode()
    assert "reponse=non&amp;tri=-prevu" in page
    assert '<input type="hidden" name="tri" value="prevu">' in page
    xlsx = client.get(FOLLOW_UPS, {"reponse": "non", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[3:]] == ["Early", "Late"]


def test_follow_ups_fixed_number_of_queries(client, coordinator, group, django_assert_num_queries):
    follow_up(group, "One", datetime.date(2023, 1, 2))
    client.force_login(coordinator)
    client.get(FOLLOW_UPS)
    with django_assert_num_queries(10) as first:
        client.get(FOLLOW_UPS, {"tri": "formation"})
    for n in range(5):
        follow_up(group, f"More{n}", datetime.date(2023, 1, 3))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(FOLLOW_UPS, {"tri": "formation"})


def statement_names(response):
    return [s.contract.person.last_name for s in response.context["statements"]]


def test_statements_sorted_by_hours_and_filtered_by_group(client, coordinator, group):
    other = GroupFactory(training=group.training, name="Groupe B")
    centre = group.training.centre
    for last_name, grp, hours in (("Alba", group, 6), ("Brel", other, 3), ("Cools", group, 4)):
        contract = ContractFactory(
            group=grp, person=PersonFactory(holding_centre=centre, last_name=last_name)
        )
        AttendanceDayFactory(contract=contract, hours_followed=Decimal(hours))
    client.force_login(coordinator)
    month = {"mois": "2022-12"}
    assert statement_names(client.get(STATEMENTS, month)) == ["Alba", "Brel", "Cools"]
    assert statement_names(client.get(STATEMENTS, {**month, "tri": "suivies"})) == [
        "Brel",
        "Cools",
        "Alba",
    ]
    response = client.get(STATEMENTS, {**month, "groupe": str(other.pk)})
    assert statement_names(response) == ["Brel"]
    page = response.content.decode()
    assert "1 relevé." in page
    assert 'aria-sort="ascending"' in page
    xlsx = client.get(STATEMENTS, {**month, "groupe": str(group.pk), "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[3:-1]] == ["Alba", "Cools"]


def test_statements_fixed_number_of_queries(client, coordinator, group, django_assert_num_queries):
    ContractFactory(group=group)
    client.force_login(coordinator)
    client.get(STATEMENTS, {"mois": "2022-12"})
    with django_assert_num_queries(13) as first:
        client.get(STATEMENTS, {"mois": "2022-12", "tri": "-jours"})
    for _ in range(5):
        ContractFactory(group=group)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(STATEMENTS, {"mois": "2022-12", "tri": "-jours"})
