"""The centre's lists in Chromium, without JavaScript doing the work: a header link sorts, the
GET form filters and keeps the sort, the count follows, and every page is axe-clean."""

import datetime

import pytest
from django.urls import reverse

from tests.directory.factories import InfoSessionFactory
from tests.factories import make_member
from tests.intake.people_factories import CandidacyFactory
from tests.training.factories import (
    AttendanceDayFactory,
    ContractFactory,
    ExitFactory,
    GroupFactory,
    PersonFactory,
)
from tremplin.accounts.models import Role
from tremplin.training.models import FollowUp


@pytest.fixture
def centre_lists(transactional_db):
    group = GroupFactory()
    centre = group.training.centre
    for last_name, hours in (("Alba", 6), ("Brel", 3)):
        contract = ContractFactory(
            group=group, person=PersonFactory(holding_centre=centre, last_name=last_name)
        )
        AttendanceDayFactory(
            contract=contract, day=datetime.date(2022, 12, 5), hours_followed=hours
        )
        exit_ = ExitFactory(contract=contract)
        FollowUp.objects.create(exit=exit_, due_on=datetime.date(2023, 12, 30))
    CandidacyFactory(training=group.training, person__holding_centre=centre)
    InfoSessionFactory(centre=centre)
    return group, make_member(Role.COORDINATOR, organisation=centre.organisation)


def test_lists_sort_filter_and_count(page, live_server, login_as, assert_accessible, centre_lists):
    group, coordinator = centre_lists
    login_as(page, live_server, coordinator)
    pages = [
        (reverse("centre:training:followups"), "Personne"),
        (reverse("centre:training:statements") + "?mois=2022-12", "Heures suivies"),
        (reverse("centre:training_inbox", args=[group.training.pk]), "Personne"),
        (reverse("centre:booking_sessions"), "Places prises"),
        (reverse("centre:training:contracts"), "Groupe"),
    ]
    for url, column in pages:
        page.goto(live_server.url + url)
        assert_accessible(page)
        with page.expect_navigation():
            page.get_by_role("columnheader", name=column).get_by_role("link").click()
        assert "tri=" in page.url
        header = page.get_by_role("columnheader", name=column)
        assert header.get_attribute("aria-sort") == "ascending"
        assert_accessible(page)
    # The statements, filtered by group with the form, keep the month and the sort.
    page.goto(live_server.url + reverse("centre:training:statements") + "?mois=2022-12")
    page.get_by_role("columnheader", name="Heures suivies").get_by_role("link").click()
    page.get_by_label("Groupe").select_option(value=str(group.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Afficher").click()
    assert "tri=suivies" in page.url and "mois=2022-12" in page.url
    assert "2 relevés." in page.locator("#list-count").inner_text()
    rows = page.locator("tbody tr td:first-child").all_inner_texts()
    assert [row.split()[0] for row in rows] == ["Brel", "Alba"]
