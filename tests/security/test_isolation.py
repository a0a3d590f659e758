import pytest
from django.test import Client

from tests.factories import OrganisationFactory
from tests.isolation import (
    OTHER_CENTRE,
    OWN_CENTRE,
    assert_only_allowed,
    visitor_keys,
    visitors_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitors():
    return visitors_for(OrganisationFactory())


def test_centre_dashboard_is_for_centre_staff(client, visitors):
    outcomes = assert_only_allowed(client, "/centre/", OWN_CENTRE | OTHER_CENTRE, visitors=visitors)
    assert outcomes["prescriber"].startswith("403")
    assert outcomes["anonymous"].startswith("302 /comptes/login/")


def test_prescriber_dashboard_is_for_prescribers(client, visitors):
    assert_only_allowed(client, "/prescripteur/", {"prescriber"}, visitors=visitors)


def test_federation_dashboard_is_for_the_federation(client, visitors):
    assert_only_allowed(client, "/federation/", {"federation_analyst"}, visitors=visitors)


def test_the_helper_reports_every_leak(client, visitors):
    with pytest.raises(AssertionError) as error:
        assert_only_allowed(client, "/centre/", OWN_CENTRE, visitors=visitors)
    message = str(error.value)
    for key in OTHER_CENTRE:
        assert f"{key}: attendu un refus, reçu 200" in message


def test_the_helper_reports_a_refused_allowed_visitor(client, visitors):
    with pytest.raises(AssertionError, match="prescriber: attendu 200, reçu 403"):
        assert_only_allowed(client, "/centre/", {"prescriber"}, visitors=visitors)


def test_the_helper_refuses_unknown_keys(visitors):
    with pytest.raises(ValueError):
        assert_only_allowed(Client(), "/centre/", {"own:nobody"}, visitors=visitors)


def test_visitors_cover_every_audience(visitors):
    assert set(visitors) == set(visitor_keys())
    assert visitors["anonymous"] is None
    own = visitors["own:coordinator"].memberships.get().organisation
    other = visitors["other:coordinator"].memberships.get().organisation
    assert own != other
