"""An extension in the browser, with the keyboard: the coordinator extends a contract, finds the
change listed on the contract page and downloads its amendment (decision 0658)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from tests.factories import make_member
from tests.training.factories import ContractFactory, GroupFactory
from tremplin import formatting
from tremplin.accounts.models import Role


def test_extend_then_download_the_amendment(page, live_server, login_as, assert_accessible):
    contract = ContractFactory(group=GroupFactory(), signed_at=timezone.now())
    coordinator = make_member(Role.COORDINATOR, organisation=contract.centre.organisation)
    login_as(page, live_server, coordinator)
    page.goto(live_server.url + reverse("centre:training:contract", args=[contract.pk]))
    page.get_by_role("link", name="Prolonger").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Nouvelle date de fin prévue").fill("2023-07-31")
    page.get_by_label("Nouvelle date de fin prévue").press("Enter")
    page.get_by_text("Contrat prolongé.").wait_for()
    assert page.get_by_role("heading", name="Changements depuis la signature").is_visible()
    moved = "La fin prévue du contrat passe du 30 juin 2023 au 31 juillet 2023."
    page.get_by_text(moved).wait_for()
    assert_accessible(page)
    today = formatting.short_day(timezone.localdate())
    link = page.get_by_role("link", name=f"Avenant du {today} (prolongation, PDF)")
    link.focus()
    with page.expect_response(lambda r: "/avenants/" in r.url) as opened:
        page.keyboard.press("Enter")
    response = opened.value
    assert response.ok and response.headers["content-type"] == "application/pdf"
    person = contract.person
    day = timezone.localdate().isoformat()
    filename = f"avenant-{slugify(person.last_name)}-{slugify(person.first_name)}-{day}.pdf"
    assert filename in response.headers["content-disposition"]
    assert "no-store" in response.headers["cache-control"]
    contract.refresh_from_db()
    assert contract.planned_end_date == datetime.date(2023, 7, 31)


def test_the_contract_page_for_the_whole_life_of_the_contract(
    page, live_server, login_as, assert_accessible
):
    """An ended contract: its months' statements, a cancelled suspension, the person file
    (decision 0659), with the keyboard and axe clean."""
    from tremplin.training import contracts as service
    from tremplin.training.models import Contract

    contract = ContractFactory(group=GroupFactory(), signed_at=timezone.now())
    coordinator = make_member(Role.COORDINATOR, organisation=contract.centre.organisation)
    first_day = datetime.date(2023, 1, 9)
    service.suspend(
        contract,
        starts_on=first_day,
        ends_on=first_day + datetime.timedelta(days=4),
        reason="Maladie",
        by=coordinator,
        today=first_day,
    )
    service.resume(contract, by=coordinator, today=first_day)
    Contract.objects.filter(pk=contract.pk).update(
        status=Contract.Status.ENDED, actual_end_date=datetime.date(2023, 4, 14)
    )
    login_as(page, live_server, coordinator)
    page.goto(live_server.url + reverse("centre:training:contract", args=[contract.pk]))
    page.get_by_text("avant son début : le contrat n'a pas été suspendu.").wait_for()
    assert page.get_by_role("heading", name="Relevés des heures (PDF)").is_visible()
    assert page.get_by_role("link", name="mai 2023").count() == 0
    assert_accessible(page)
    page.get_by_role("link", name="avril 2023").focus()
    with page.expect_response(lambda r: "releve.pdf" in r.url) as opened:
        page.keyboard.press("Enter")
    response = opened.value
    assert response.ok and response.headers["content-type"] == "application/pdf"
    person = contract.person
    name = f"releve-heures-{slugify(person.last_name)}-{slugify(person.first_name)}-2023-04.pdf"
    assert name in response.headers["content-disposition"]
    # The PDF opens in this tab (inline): the person file is reached from a fresh tab.
    page = page.context.new_page()
    page.goto(live_server.url + reverse("centre:training:contract", args=[contract.pk]))
    page.get_by_role("link", name="Dossier de la personne").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=contract.person.full_name).first.wait_for()
    assert page.url.endswith(reverse("centre:person_detail", args=[contract.person.pk]))
