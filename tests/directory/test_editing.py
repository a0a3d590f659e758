"""Coordinator editing (only their own centre), agrément changes, freshness, cancellation."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.directory.factories import (
    CentreFactory,
    InfoSessionFactory,
    SiteFactory,
    TrainingFactory,
)
from tests.factories import make_member
from tremplin.accounts.models import Role
from tremplin.directory.models import AgrementChange, Centre, InfoSession
from tremplin.directory.signals import session_cancelled

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(places):
    centre = CentreFactory(name="Mon centre (fictif)")
    SiteFactory(centre=centre, postal_code=places["5000"], name="Site de Namur")
    return centre


@pytest.fixture
def coordinator(client, centre):
    user = make_member(Role.COORDINATOR, organisation=centre.organisation)
    client.force_login(user)
    return user


def entry_data(centre, **changes):
    data = {
        "name": centre.name,
        "agrement_number": centre.agrement_number,
        "legal_form": centre.legal_form,
        "methods": centre.methods,
        "description": "Nouvelle présentation.",
        "phone": "081 11 22 33",
        "email": "accueil@centre.exemple.test",
        "website": "",
        "accessibility": "Entrée de plain-pied.",
    }
    data.update(changes)
    return data


def test_coordinator_edits_contact_data_directly(client, coordinator, centre):
    response = client.post(f"/centre/annuaire/{centre.pk}/fiche/", entry_data(centre))
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.phone == "081 11 22 33"
    assert not AgrementChange.objects.exists()


def test_agrement_changes_wait_for_the_federation(client, coordinator, centre):
    old_number = centre.agrement_number
    client.post(
        f"/centre/annuaire/{centre.pk}/fiche/",
        entry_data(centre, agrement_number="CISP n° 999", methods=["DEFI", "EFT"]),
    )
    centre.refresh_from_db()
    assert centre.agrement_number == old_number  # the public still sees the validated value
    assert centre.phone == "081 11 22 33"  # other fields apply at once
    change = AgrementChange.objects.get()
    assert change.proposed["agrement_number"] == "CISP n° 999"
    assert change.status == "pending"
    assert Centre.objects.awaiting_validation().get() == centre
    page = client.get(f"/centre/annuaire/{centre.pk}/")
    assert "attend la validation de la fédération" in page.text


def test_draft_centre_changes_agrement_directly(client, places):
    draft = CentreFactory(status="draft", validated_at=None)
    client.force_login(make_member(Role.COORDINATOR, organisation=draft.organisation))
    client.post(
        f"/centre/annuaire/{draft.pk}/fiche/", entry_data(draft, agrement_number="CISP n° 42")
    )
    draft.refresh_from_db()
    assert draft.agrement_number == "CISP n° 42"


@pytest.mark.parametrize(
    "path",
    [
        "/centre/annuaire/{pk}/",
        "/centre/annuaire/{pk}/fiche/",
        "/centre/annuaire/{pk}/sites/nouveau/",
        "/centre/annuaire/{pk}/formations/nouvelle/",
        "/centre/annuaire/{pk}/seances/nouvelle/",
    ],
)
def test_other_centres_coordinator_gets_404(client, centre, path):
    other = CentreFactory()
    client.force_login(make_member(Role.COORDINATOR, organisation=other.organisation))
    assert client.get(path.format(pk=centre.pk)).status_code == 404


@pytest.mark.parametrize("role", [Role.CENTRE_STAFF, Role.TRAINER, Role.SOCIAL_WORKER])
def test_other_roles_of_the_same_centre_are_refused(client, centre, role):
    client.force_login(make_member(role, organisation=centre.organisation))
    assert client.get(f"/centre/annuaire/{centre.pk}/fiche/").status_code == 403
    response = client.post(f"/centre/annuaire/{centre.pk}/fiche/", entry_data(centre))
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client, centre):
    response = client.get(f"/centre/annuaire/{centre.pk}/")
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


def test_cannot_edit_a_site_of_another_centre(client, coordinator, centre, places):
    other_site = SiteFactory(postal_code=places["4000"])
    url = f"/centre/annuaire/{centre.pk}/sites/{other_site.pk}/"
    assert client.get(url).status_code == 404


def test_add_site_training_and_session(client, coordinator, centre):
    response = client.post(
        f"/centre/annuaire/{centre.pk}/sites/nouveau/",
        {"name": "Antenne de Jambes", "street": "Rue de Dave 1", "postal_code_text": "5100"},
    )
    assert response.status_code == 302, response.context["form"].errors
    site = centre.sites.get(name="Antenne de Jambes")
    assert (site.latitude, site.longitude) == (50.4545, 4.8736)
    response = client.post(
        f"/centre/annuaire/{centre.pk}/formations/nouvelle/",
        {
            "name": "Aide-ménager·ère",
            "site": site.pk,
            "objective": "formation_professionnalisante",
            "method": "DEFI",
            "sector": "cleaning",
            "duration_weeks": 20,
            "hours_per_week": 28,
            "french_level": "oral",
            "publics": ["women"],
            "places": 10,
            "agreed_hours_per_year": 5000,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    training = centre.trainings.get()
    day = timezone.localdate() + timedelta(days=10)
    response = client.post(
        f"/centre/annuaire/{centre.pk}/seances/nouvelle/",
        {
            "training": training.pk,
            "site": site.pk,
            "day": day.isoformat(),
            "start": "09:30",
            "end": "11:00",
            "capacity": 12,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    session = centre.info_sessions.get()
    assert timezone.localtime(session.starts_at).hour == 9


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"hours_per_week": 45}, None, "entre 1 et 40"),
        ({"places": 0}, None, "au moins une place"),
    ],
)
def test_training_constraints_give_french_messages(
    client, coordinator, centre, data, field, message
):
    site = centre.sites.get()
    base = {
        "name": "Test",
        "site": site.pk,
        "objective": "orientation",
        "method": "DEFI",
        "sector": "orientation",
        "duration_weeks": 4,
        "hours_per_week": 20,
        "french_level": "none",
        "places": 8,
        "agreed_hours_per_year": 0,
    }
    response = client.post(f"/centre/annuaire/{centre.pk}/formations/nouvelle/", {**base, **data})
    assert response.status_code == 400
    assert message in response.text


def test_session_must_end_after_it_starts(client, coordinator, centre):
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        f"/centre/annuaire/{centre.pk}/seances/nouvelle/",
        {
            "site": centre.sites.get().pk,
            "day": day,
            "start": "14:00",
            "end": "13:00",
            "capacity": 5,
        },
    )
    assert "La séance doit finir après son début." in response.text
    assert not InfoSession.objects.exists()


def test_site_with_unknown_postal_code(client, coordinator, centre):
    response = client.post(
        f"/centre/annuaire/{centre.pk}/sites/nouveau/",
        {"name": "X", "street": "Rue Y 1", "postal_code_text": "9999"},
    )
    assert "Le code postal 9999 n&#x27;existe pas en Belgique." in response.text


def test_cancel_session_sends_the_signal_after_commit(
    client, coordinator, centre, django_capture_on_commit_callbacks
):
    session = InfoSessionFactory(centre=centre, site=centre.sites.get())
    received = []

    def receiver(sender, session, **kwargs):
        received.append(session.pk)

    session_cancelled.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/centre/annuaire/{centre.pk}/seances/{session.pk}/annuler/",
                {"note": "La formatrice est malade."},
            )
    finally:
        session_cancelled.disconnect(receiver)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_cancelled
    assert session.cancellation_note == "La formatrice est malade."
    assert received == [session.pk]


def test_cancel_needs_a_message(client, coordinator, centre):
    session = InfoSessionFactory(centre=centre, site=centre.sites.get())
    response = client.post(f"/centre/annuaire/{centre.pk}/seances/{session.pk}/annuler/", {})
    assert "Expliquez pourquoi la séance est annulée." in response.text
    session.refresh_from_db()
    assert not session.is_cancelled


def test_forms_sent_back_with_their_mistakes_answer_400(client, coordinator, centre):
    """The entry, a site, a training, an information session and its cancellation: sent back
    with their mistakes, they answer 400 (nothing saved), as every other form (they answered
    200)."""
    session = InfoSessionFactory(centre=centre, site=centre.sites.get())
    base = f"/centre/annuaire/{centre.pk}"
    for path, data in (
        ("/fiche/", entry_data(centre, email="pas une adresse")),
        ("/sites/nouveau/", {"name": "X", "street": "Rue Y 1", "postal_code_text": "9999"}),
        (f"/sites/{centre.sites.get().pk}/", {"name": "", "postal_code_text": "5000"}),
        ("/formations/nouvelle/", {"name": ""}),
        ("/seances/nouvelle/", {"site": centre.sites.get().pk, "capacity": 5}),
        (f"/seances/{session.pk}/", {"day": "pas une date"}),
        (f"/seances/{session.pk}/annuler/", {}),
    ):
        response = client.post(base + path, data)
        assert response.status_code == 400, path
        assert response.context["form"].errors, path
    assert client.get(base + "/sites/nouveau/").status_code == 200
    assert InfoSession.objects.get() == session and not session.is_cancelled
    assert centre.sites.count() == 1


def test_stale_entries(centre):
    today = date(2026, 6, 1)
    fresh = CentreFactory()
    Centre.objects.filter(pk=centre.pk).update(updated_at=timezone.now() - timedelta(days=400))
    Centre.objects.filter(pk=fresh.pk).update(updated_at=timezone.now())
    stale = Centre.objects.stale(timezone.localdate())
    assert list(stale) == [centre]
    assert Centre.objects.stale(today - timedelta(days=400)).count() == 0


def test_stale_flag_shown_to_the_centre_and_cleared_by_confirming(client, coordinator, centre):
    Centre.objects.filter(pk=centre.pk).update(updated_at=timezone.now() - timedelta(days=200))
    assert "pas été mise à jour depuis" in client.get(f"/centre/annuaire/{centre.pk}/").text
    client.post(f"/centre/annuaire/{centre.pk}/a-jour/")
    assert "pas été mise à jour depuis" not in client.get(f"/centre/annuaire/{centre.pk}/").text


def test_editing_a_training_refreshes_the_entry(client, coordinator, centre):
    Centre.objects.filter(pk=centre.pk).update(updated_at=timezone.now() - timedelta(days=200))
    training = TrainingFactory(centre=centre, site=centre.sites.get())
    data = {
        "name": "Nouveau nom",
        "site": training.site_id,
        "objective": training.objective,
        "method": training.method,
        "sector": training.sector,
        "duration_weeks": 10,
        "hours_per_week": 20,
        "french_level": "none",
        "places": 8,
        "agreed_hours_per_year": 0,
        "is_active": "on",
    }
    client.post(f"/centre/annuaire/{centre.pk}/formations/{training.pk}/", data)
    centre.refresh_from_db()
    assert not centre.is_stale()


def test_coordinator_with_one_centre_is_sent_to_it(client, coordinator, centre):
    response = client.get("/centre/annuaire/")
    assert response["Location"] == f"/centre/annuaire/{centre.pk}/"


def test_capacity_cannot_drop_below_the_confirmed_seats(client, coordinator, centre):
    from tests.intake.factories import SessionBookingFactory

    # 9:00–11:00: the form takes one day, so the session must not cross midnight.
    starts = timezone.localtime(timezone.now() + timedelta(days=7)).replace(hour=9, minute=0)
    session = InfoSessionFactory(
        centre=centre,
        site=centre.sites.get(),
        capacity=5,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    for _ in range(3):
        SessionBookingFactory(session=session)
    starts = timezone.localtime(session.starts_at)
    data = {
        "site": session.site_id,
        "day": starts.date().isoformat(),
        "start": starts.strftime("%H:%M"),
        "end": timezone.localtime(session.ends_at).strftime("%H:%M"),
        "capacity": 2,
    }
    url = f"/centre/annuaire/{centre.pk}/seances/{session.pk}/"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "3 personnes ont déjà une place confirmée" in response.text
    session.refresh_from_db()
    assert session.capacity == 5
    assert client.post(url, {**data, "capacity": 3}).status_code == 302
