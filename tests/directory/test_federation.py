from datetime import timedelta

import pytest
from django.utils import timezone

from tests.directory.factories import CentreFactory, SiteFactory
from tests.factories import OrganisationFactory, make_member
from tremplin.accounts.models import Role
from tremplin.directory import workflows
from tremplin.directory.models import AgrementChange, Centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client):
    user = make_member(Role.FEDERATION_ANALYST, organisation=OrganisationFactory(federation=True))
    client.force_login(user)
    return user


@pytest.fixture
def pending(places):
    centre = CentreFactory(name="Nouveau centre (fictif)", status="draft", validated_at=None)
    SiteFactory(centre=centre, postal_code=places["5000"])
    workflows.submit_for_validation(centre)
    return centre


def test_queue_lists_new_centres_and_changes(client, analyst, pending, places):
    published = CentreFactory(name="Centre publié (fictif)")
    coordinator = make_member(Role.COORDINATOR, organisation=published.organisation)
    workflows.save_entry(
        published,
        coordinator,
        {
            "name": published.name,
            "agrement_number": "CISP n° 777",
            "legal_form": published.legal_form,
            "methods": published.methods,
        },
    )
    page = client.get("/federation/annuaire/", {"voir": "queue"})
    assert "Nouveau centre (fictif)" in page.text
    assert "Centre publié (fictif)" in page.text
    assert "Modification de l" in page.text


def test_validate_publishes(client, analyst, pending):
    response = client.post(f"/federation/annuaire/{pending.pk}/decision/", {"decision": "validate"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Centre.Status.PUBLISHED
    assert pending.validated_by == analyst
    assert client.get(f"/centres/{pending.pk}/").status_code == 200


def test_refuse_needs_a_note_and_goes_back_to_draft(client, analyst, pending):
    client.post(f"/federation/annuaire/{pending.pk}/decision/", {"decision": "refuse"})
    pending.refresh_from_db()
    assert pending.status == Centre.Status.PENDING_VALIDATION
    client.post(
        f"/federation/annuaire/{pending.pk}/decision/",
        {"decision": "refuse", "note": "Le numéro d'agrément ne correspond pas."},
    )
    pending.refresh_from_db()
    assert pending.status == Centre.Status.DRAFT
    assert pending.refusal_note == "Le numéro d'agrément ne correspond pas."


def test_accept_change_applies_it(client, analyst, places):
    centre = CentreFactory(agrement_number="CISP n° 1")
    coordinator = make_member(Role.COORDINATOR, organisation=centre.organisation)
    workflows.save_entry(
        centre,
        coordinator,
        {
            "name": "Nom neuf",
            "agrement_number": "CISP n° 2",
            "legal_form": "cpas",
            "methods": ["EFT"],
        },
    )
    review = client.get(f"/federation/annuaire/{centre.pk}/")
    assert "CISP n° 2" in review.text
    client.post(f"/federation/annuaire/{centre.pk}/decision/", {"decision": "accept_change"})
    centre.refresh_from_db()
    assert (centre.name, centre.agrement_number, centre.legal_form, centre.methods) == (
        "Nom neuf",
        "CISP n° 2",
        "cpas",
        ["EFT"],
    )
    assert AgrementChange.objects.get().status == "accepted"


def test_refuse_change_keeps_the_old_values(client, analyst, places):
    centre = CentreFactory(agrement_number="CISP n° 1")
    coordinator = make_member(Role.COORDINATOR, organisation=centre.organisation)
    data = {
        "name": centre.name,
        "agrement_number": "CISP n° 2",
        "legal_form": "asbl",
        "methods": ["DEFI"],
    }
    workflows.save_entry(centre, coordinator, data)
    client.post(
        f"/federation/annuaire/{centre.pk}/decision/",
        {"decision": "refuse_change", "note": "Pas d'arrêté d'agrément."},
    )
    centre.refresh_from_db()
    assert centre.agrement_number == "CISP n° 1"
    assert AgrementChange.objects.get().note == "Pas d'arrêté d'agrément."


def test_freshness_is_visible_to_the_federation(client, analyst, places):
    old = CentreFactory(name="Vieille fiche (fictif)")
    Centre.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=300))
    CentreFactory(name="Fiche fraîche (fictif)")
    page = client.get("/federation/annuaire/", {"voir": "stale"})
    assert "Vieille fiche (fictif)" in page.text
    assert "Fiche fraîche (fictif)" not in page.text
    assert "plus de 6 mois" in page.text


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PRESCRIBER])
def test_only_federation_analysts(client, pending, role):
    client.force_login(make_member(role))
    assert client.get("/federation/annuaire/").status_code == 403
    response = client.post(f"/federation/annuaire/{pending.pk}/decision/", {"decision": "validate"})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Centre.Status.PENDING_VALIDATION


def test_the_federation_previews_an_entry_before_publishing_it(client, analyst, pending):
    """The review page links to the entry as the public will see it: a preview while it waits
    (the link led to a 404 for every entry not yet published)."""
    review = client.get(f"/federation/annuaire/{pending.pk}/")
    assert "Voir l'aperçu de la fiche" in review.text
    preview = client.get(f"/centres/{pending.pk}/")
    assert preview.status_code == 200
    assert "Nouveau centre (fictif)" in preview.text


def test_only_the_federation_and_the_centre_preview_an_unpublished_entry(client, pending):
    assert client.get(f"/centres/{pending.pk}/").status_code == 404
    client.force_login(make_member(Role.PRESCRIBER))
    assert client.get(f"/centres/{pending.pk}/").status_code == 404
