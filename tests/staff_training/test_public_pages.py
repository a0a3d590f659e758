"""The public catalogue (no account): filters by theme, month and province, the module page,
the .ics of a session; drafts never show."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from tests.directory.factories import walloon_places
from tests.factories import make_member
from tests.staff_training.factories import ModuleFactory, SessionFactory
from tremplin import formatting
from tremplin.accounts.models import Role
from tremplin.staff_training.models import Session, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    places = walloon_places()
    start = (timezone.now() + dt.timedelta(days=40)).replace(hour=9, minute=0)
    namur = SessionFactory(
        module=ModuleFactory(title="Alpha : lire avec des adultes", theme=Theme.LITERACY),
        online=False,
        venue="Maison des CISP, rue de Fer 1",
        postal_code=places["5000"],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
    )
    online = SessionFactory(
        module=ModuleFactory(title="Le décret CISP en pratique", theme=Theme.REGULATION),
        starts_at=start + dt.timedelta(days=31),
        ends_at=start + dt.timedelta(days=31, hours=3),
    )
    draft = SessionFactory(
        module=ModuleFactory(title="Brouillon secret"), status=Session.Status.DRAFT
    )
    return namur, online, draft


def test_catalogue_lists_published_sessions_without_login(client, catalogue):
    namur, online, _draft = catalogue
    page = client.get("/formation-continue/").content.decode()
    assert "Alpha : lire avec des adultes" in page
    assert "Le décret CISP en pratique" in page
    assert "Brouillon secret" not in page
    assert "Province de Namur" in page


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("theme=literacy", "Alpha", "Le décret"),
        ("province=90000", "Alpha", "Le décret"),
        ("province=en-ligne", "Le décret", "Alpha"),
    ],
)
def test_filters(client, catalogue, query, shown, hidden):
    page = client.get(f"/formation-continue/?{query}").content.decode()
    assert shown in page and hidden not in page


def test_month_filter(client, catalogue):
    namur, _online, _draft = catalogue
    month = timezone.localtime(namur.starts_at).strftime("%Y-%m")
    page = client.get(f"/formation-continue/?month={month}").content.decode()
    assert "Alpha" in page and "Le décret" not in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_month_filter_names_each_month_in_words(client, catalogue, language):
    """« janvier 2027 » / « January 2027 » (it read « 1 janvier 2027 », « Jan. 1, 2027 »)."""
    start = timezone.localtime(catalogue[0].starts_at)
    with translation.override(language):
        name = formatting.month(start)
    page = client.get("/formation-continue/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert re.search(rf'<option value="{start:%Y-%m}"[^>]*>\s*{name}\s*</option>', page)


def test_module_page_and_ics(client, catalogue):
    namur, _online, draft = catalogue
    page = client.get(f"/formation-continue/modules/{namur.module_id}/").content.decode()
    assert "Accueillir des adultes" in page
    # Who it is for, in plain words (the catalogue is public): the role labels.
    namur.module.audience = ["trainer", "social_worker", "coordinator"]
    namur.module.save()
    page = client.get(f"/formation-continue/modules/{namur.module_id}/").content.decode()
    assert "Formateur ou formatrice, Travailleur social ou travailleuse sociale" in page
    assert not re.search(r"\w·\w", page)  # « · » between parts of a line stays
    response = client.get(f"/formation-continue/sessions/{namur.pk}.ics")
    assert response.status_code == 200
    day = timezone.localtime(namur.starts_at).date().isoformat()
    name = f"formation-{slugify(namur.module.title)}-{day}.ics"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and f"UID:formation-continue-{namur.pk}@" in body
    assert "Alpha : lire avec des adultes" in body.replace("\r\n ", "")
    assert client.get(f"/formation-continue/sessions/{draft.pk}.ics").status_code == 404
    assert client.get(f"/formation-continue/modules/{draft.module_id}/").status_code == 404


def test_catalogue_queries_do_not_grow_with_sessions(
    client, catalogue, django_assert_max_num_queries
):
    for _ in range(5):
        SessionFactory()
    with django_assert_max_num_queries(8):
        client.get("/formation-continue/")


def test_catalogue_and_library_in_english(catalogue):
    from django.test import Client

    from tests.factories import make_member
    from tests.staff_training.test_library import make_document
    from tremplin.accounts.models import Role

    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = english.get("/formation-continue/?theme=literacy").content.decode()
    assert "Continuing training for CISP staff" in page
    assert "Literacy methods" in page and "Add to my calendar (.ics)" in page
    assert "Formation continue du personnel" not in page
    namur = catalogue[0]
    calendar = english.get(f"/formation-continue/sessions/{namur.pk}.ics")
    day = timezone.localtime(namur.starts_at).date().isoformat()
    name = f"training-{slugify(namur.module.title)}-{day}.ics"
    assert calendar["Content-Disposition"] == f'attachment; filename="{name}"'
    assert "SUMMARY:Continuing training — " in calendar.content.decode()
    namur, _online, _draft = catalogue
    page = english.get(f"/formation-continue/modules/{namur.module_id}/").content.decode()
    assert "All continuing training" in page and "Toutes les formations" not in page
    document = make_document(make_member(Role.FEDERATION_ANALYST), public=True)
    page = english.get(f"/documents/{document.pk}/").content.decode()
    assert "All versions" in page and "Toutes les versions" not in page


def test_member_pages_do_not_query_per_row(client, django_assert_max_num_queries):
    from tests.staff_training.factories import seat, team

    namur = team()
    for _n in range(6):
        session = SessionFactory()
        seat(session, namur.trainer, namur.centre, status="pending")
    client.force_login(namur.trainer)
    with django_assert_max_num_queries(12):
        assert client.get("/centre/formation-continue/").status_code == 200
    client.force_login(namur.coordinator)
    with django_assert_max_num_queries(12):
        assert client.get("/centre/formation-continue/demandes/").status_code == 200


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (None, True),
        (Role.TRAINER, True),
        (Role.FEDERATION_ANALYST, False),
        (Role.PRESCRIBER, False),
    ],
)
def test_asking_for_a_seat_is_offered_to_those_who_can(client, catalogue, role, offered):
    """Centre staff (or a visitor, who is asked to log in) ask for a seat in their centre's
    space; the federation and counsellors have none (the link led them to a 403)."""
    if role:
        client.force_login(make_member(role))
    ask = reverse("centre:staff_training:mine")
    module = f"/formation-continue/modules/{catalogue[0].module_id}/"
    for page in (client.get("/formation-continue/"), client.get(module)):
        assert (f'href="{ask}"' in page.text) is offered
