"""« Trouver une personne » in the browser: a coordinator finds a misspelt name from the box of
a centre page and opens the file; a trainer does not find another group's trainee."""

from django.urls import reverse

from tests.factories import make_member
from tests.training.factories import ContractFactory, GroupFactory, PersonFactory, trainer_of
from tremplin.accounts.models import Role


def test_find_a_misspelt_name_and_open_the_file(page, live_server, login_as, assert_accessible):
    group = GroupFactory()
    centre = group.training.centre
    other_group = GroupFactory(training=group.training)
    trainer = trainer_of(group, make_member)
    coordinator = make_member(Role.COORDINATOR, organisation=centre.organisation)
    mine = ContractFactory(
        group=group,
        person=PersonFactory(holding_centre=centre, first_name="Zoé", last_name="Lemaître"),
    ).person
    ContractFactory(
        group=other_group,
        person=PersonFactory(holding_centre=centre, first_name="Noël", last_name="Vandenberghe"),
    )

    login_as(page, live_server, coordinator)
    page.goto(live_server.url + reverse("centre:training:contracts"))
    box = page.get_by_role("searchbox", name="Trouver une personne")
    box.fill("vandenberg noel")
    with page.expect_navigation():
        box.press("Enter")
    assert "1 personne trouvée" in page.locator("#search-count").inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Vandenberghe Noël").click()
    assert "Noël Vandenberghe" in page.get_by_role("heading", level=1).inner_text()

    login_as(page, live_server, trainer)
    page.goto(live_server.url + reverse("centre:search") + "?q=vandenberg")
    assert "Aucune personne trouvée" in page.locator("#search-count").inner_text()
    page.goto(live_server.url + reverse("centre:search") + "?q=lemaitre")
    with page.expect_navigation():
        page.get_by_role("link", name="Lemaître Zoé").click()
    assert page.url.endswith(reverse("centre:training:contract", args=[mine.contracts.get().pk]))
    assert_accessible(page)
