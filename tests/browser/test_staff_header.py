"""The staff header on a phone: the person search, the language switch, « Mon espace » and
« Se déconnecter » wrap onto the next line at 360 px instead of pushing every centre page
sideways (they were on one line that could not wrap: 620 px wide)."""

from django.urls import reverse
from django.utils import timezone

from tests.factories import make_member
from tests.training.factories import ContractFactory, GroupFactory
from tremplin.accounts.models import Role


def test_the_centre_header_fits_a_phone(page, live_server, login_as):
    contract = ContractFactory(group=GroupFactory(), signed_at=timezone.now())
    coordinator = make_member(Role.COORDINATOR, organisation=contract.centre.organisation)
    login_as(page, live_server, coordinator)
    page.set_viewport_size({"width": 360, "height": 740})
    for url in (
        reverse("centre:dashboard"),
        reverse("centre:training:contract", args=[contract.pk]),
    ):
        page.goto(live_server.url + url)
        assert page.get_by_role("search").is_visible()
        assert page.get_by_role("button", name="Se déconnecter").is_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, url
