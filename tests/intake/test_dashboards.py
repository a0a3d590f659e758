"""The entry pages of the staff spaces: every link the role may use, none it may not, and
each link opens (no dead link); live counts in a fixed number of queries."""

import pytest
from django.urls import reverse

from tests.directory.factories import TrainingFactory
from tests.factories import make_member
from tests.intake.people_factories import CandidacyFactory, ReferralFactory
from tremplin.accounts.models import Role

pytestmark = pytest.mark.django_db

INTAKE = {
    "centre:inbox_index",
    "centre:candidacy_new",
    "centre:message_list",
}
TRAINEES = {"centre:training:groups", "centre:training:contracts"}
SECTOR = {"centre:staff_training:mine", "centre:library:list"}  # every member
MANAGE = {"centre:training:statements", "centre:training:agreed_hours"}
AFTER = {
    "centre:training:exits",
    "centre:training:followups",
    "centre:training:survey_results",
}
EXPECTED = {
    Role.COORDINATOR: INTAKE
    | TRAINEES
    | MANAGE
    | AFTER
    | SECTOR
    | {
        "centre:booking_sessions",
        "centre:stats",
        "centre:directory_entries",
        "centre:api_tokens",
        "centre:data_import",
        "centre:settings",
    }
    | {"centre:staff_training:approvals"}
    | {"centre:access_requests", "centre:member_list"},
    Role.CENTRE_STAFF: INTAKE | TRAINEES | MANAGE | AFTER | SECTOR | {"centre:booking_sessions"},
    Role.SOCIAL_WORKER: INTAKE | TRAINEES | AFTER | SECTOR,
    Role.TRAINER: TRAINEES | SECTOR,
}


def shown_urls(response) -> list[str]:
    return [link["url"] for section in response.context["sections"] for link in section["links"]]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_centre_dashboard_shows_only_the_pages_of_the_role(client, role):
    organisation = TrainingFactory().centre.organisation
    client.force_login(make_member(role, organisation=organisation))
    response = client.get(reverse("centre:dashboard"))
    assert response.status_code == 200
    urls = shown_urls(response)
    assert sorted(urls) == sorted(reverse(name) for name in EXPECTED[role])
    for url in urls:
        opened = client.get(url)
        if url == reverse("centre:directory_entries"):  # one centre: straight to its entry
            assert opened.status_code == 302, url
            assert opened["Location"].startswith("/centre/annuaire/"), url
        else:
            assert opened.status_code == 200, url
        assert f'href="{url}"' in response.content.decode()


def test_centre_dashboard_counts_in_a_fixed_number_of_queries(client, django_assert_num_queries):
    first = CandidacyFactory()
    training = first.training
    client.force_login(make_member(Role.COORDINATOR, organisation=training.centre.organisation))
    url = reverse("centre:dashboard")
    client.get(url)
    # capabilities; the team's training requests; open access requests
    with django_assert_num_queries(13) as few:
        response = client.get(url)
    assert response.context["counts"]["new_candidacies"] == 1
    for _ in range(5):
        CandidacyFactory(training=training, person__holding_centre=training.centre)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["counts"]["new_candidacies"] == 6
    assert "6 nouvelles candidatures" in response.content.decode()


def test_prescriber_dashboard(client):
    prescriber = make_member(Role.PRESCRIBER)
    ReferralFactory(
        prescriber=prescriber,
        prescriber_organisation=prescriber.memberships.get().organisation,
    )
    client.force_login(prescriber)
    response = client.get(reverse("prescriber:dashboard"))
    assert sorted(shown_urls(response)) == sorted(
        [reverse("prescriber:referral_new"), reverse("prescriber:referral_list")]
    )
    assert response.context["counts"]["in_progress"] == 1
    for url in shown_urls(response):
        assert client.get(url).status_code == 200


def test_federation_dashboard(client):
    client.force_login(make_member(Role.FEDERATION_ANALYST))
    response = client.get(reverse("federation:dashboard"))
    assert sorted(shown_urls(response)) == sorted(
        [
            reverse("federation:directory_entries"),
            reverse("federation:directory_import"),
            reverse("federation:contract_template"),
            reverse("federation:stats"),
            reverse("federation:staff_training:catalogue"),
            reverse("federation:staff_training:figures"),
            reverse("federation:library:list"),
        ]
    )
    for url in shown_urls(response):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        (Role.TRAINER, "prescriber:dashboard"),
        (Role.PRESCRIBER, "centre:dashboard"),
        (Role.PRESCRIBER, "federation:dashboard"),
        (Role.FEDERATION_ANALYST, "centre:dashboard"),
    ],
)
def test_dashboards_refuse_other_roles(client, role, url_name):
    client.force_login(make_member(role))
    assert client.get(reverse(url_name)).status_code == 403


def test_candidacy_page_without_email_offers_to_add_one_instead_of_a_dead_button(client):
    candidacy = CandidacyFactory(person__email="")
    client.force_login(
        make_member(Role.CENTRE_STAFF, organisation=candidacy.training.centre.organisation)
    )
    html = client.get(reverse("centre:candidacy_detail", args=[candidacy.pk])).content.decode()
    assert reverse("centre:candidacy_send_link", args=[candidacy.pk]) not in html
    assert reverse("centre:person_edit", args=[candidacy.person_id]) in html


def test_empty_inbox_index_tells_the_coordinator_where_to_add_a_training(client):
    from tests.directory.factories import CentreFactory

    centre = CentreFactory()
    client.force_login(make_member(Role.COORDINATOR, organisation=centre.organisation))
    html = client.get(reverse("centre:inbox_index")).content.decode()
    assert reverse("centre:directory_entries") in html
