"""The coordinator's API token page: create (shown once), list with last use, revoke."""

import re

import pytest
from django.test import Client

from tests.factories import make_member
from tests.isolation import assert_only_allowed
from tremplin.accounts.models import Role
from tremplin.api.models import ApiToken

URL = "/centre/jetons-api/"


def test_only_coordinators_open_the_token_page(client, centre_org):
    coordinators = {"own:coordinator", "other:coordinator"}  # each sees their own centre's
    assert_only_allowed(client, URL, allowed=coordinators, centre=centre_org)


def test_create_use_and_revoke_a_token(client, coordinator, trainer, centre_org, group):
    client.force_login(coordinator)
    member = trainer.memberships.get()
    form = {"member": member.pk, "name": "Tablette", "scopes": ["read", "attendance"], "days": 90}
    response = client.post(URL, form)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r'value="(trp_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert token.user == trainer and token.key_hash != secret
    tool = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert tool.get("/api/v1/centre/groups/").status_code == 200
    page = client.get(URL).content.decode()
    assert secret not in page  # shown once only
    assert "jamais" not in page.split("Tablette")[1].split("</tr>")[0]  # last use shown
    client.post(f"{URL}{token.pk}/revoquer/")
    assert tool.get("/api/v1/centre/groups/").status_code == 401


def test_a_coordinator_cannot_give_a_token_for_another_centres_member(client, coordinator):
    stranger = make_member(Role.TRAINER)
    client.force_login(coordinator)
    response = client.post(
        URL, {"member": stranger.memberships.get().pk, "name": "x", "scopes": ["read"], "days": 9}
    )
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_another_centres_coordinator_cannot_revoke(client, coordinator, centre_org):
    token, _secret = ApiToken.issue(
        name="x", user=coordinator, organisation=centre_org, scopes=["read"], created_by=coordinator
    )
    client.force_login(make_member(Role.COORDINATOR))
    assert client.post(f"{URL}{token.pk}/revoquer/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    "days, message", [("0", "Au moins un jour."), ("999", "Au plus 366 jours.")]
)
def test_bad_lifetimes_get_french_messages(client, coordinator, days, message):
    client.force_login(coordinator)
    form = {"member": coordinator.memberships.get().pk, "name": "x", "scopes": ["read"]}
    response = client.post(URL, {**form, "days": days})
    assert response.status_code == 400 and message in response.content.decode()


def test_the_list_names_the_rights_in_french(client, coordinator, centre_org):
    """The « Droits » column reads « Encoder les présences », not the codes « attendance, read »."""
    ApiToken.issue(
        name="Tablette",
        user=coordinator,
        organisation=centre_org,
        scopes=["read", "attendance"],
        created_by=coordinator,
    )
    client.force_login(coordinator)
    row = client.get(URL).content.decode().split("Tablette", 1)[1].split("</tr>")[0]
    assert "Encoder les présences" in row
    assert "Lire les formations, groupes, stagiaires, contrats et présences" in row
    assert "attendance" not in row
