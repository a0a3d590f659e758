import pytest

from tests.factories import OrganisationFactory, make_member, make_platform_admin
from tremplin.accounts.models import Membership, Role

pytestmark = pytest.mark.django_db


def nav_of(client) -> str:
    html = client.get("/").content.decode()
    return html[html.find("<nav") : html.find("</nav>")]


def test_anonymous_nav_has_public_links_only(client):
    nav = nav_of(client)
    assert 'href="/"' in nav
    assert "/centre/" not in nav and "Mon compte" not in nav


def test_staff_see_the_spaces_of_their_roles(client):
    user = make_member(Role.SOCIAL_WORKER)
    Membership.objects.create(
        user=user, organisation=OrganisationFactory(prescriber=True), role=Role.PRESCRIBER
    )
    client.force_login(user)
    nav = nav_of(client)
    assert 'href="/centre/"' in nav and 'href="/prescripteur/"' in nav
    assert 'href="/federation/"' not in nav and 'href="/admin/"' not in nav
    assert 'href="/comptes/2fa/"' in nav


def test_platform_admin_sees_the_administration(client):
    client.force_login(make_platform_admin())
    assert 'href="/admin/"' in nav_of(client)
