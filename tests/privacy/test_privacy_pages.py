"""The centre's privacy pages (issue 14): access requests, the access log per person and per
member, erasure on request, social notes withheld from the copy. Each route: who may open it
(another centre's object → 404, a role without the capability → 403), a GET writes nothing but
the access log, lists make no query per row."""

import datetime
import html

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from tests.audit.test_retention import ended_trainee
from tests.factories import make_member
from tests.intake.people_factories import CandidacyFactory
from tests.isolation import visitors_for
from tests.training.factories import ContractFactory
from tremplin.accounts.models import Role
from tremplin.audit.models import AccessLog, AccessRequest, ErasureRecord
from tremplin.documents.models import GeneratedDocument
from tremplin.intake.models import Person
from tremplin.training.models import SocialNote
from tremplin.www.centre.privacy import PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def journal(settings, tmp_path):
    settings.ERASURE_JOURNAL = tmp_path / "erasure-journal.jsonl"


@pytest.fixture
def centre():
    """A former trainee (ended contract, a social note) of a centre, its team and another
    centre's team."""
    contract = ended_trainee(datetime.date(2025, 6, 30), "Demandeuse")
    Person.objects.filter(pk=contract.person_id).update(holding_centre=contract.centre)
    contract.person.refresh_from_db()
    organisation = contract.centre.organisation
    return {
        "contract": contract,
        "person": contract.person,
        "note": SocialNote.objects.get(follow_up__contract=contract),
        "visitors": visitors_for(organisation),
        "organisation": organisation,
    }


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def status_for(client, user, url, method="get", data=None) -> int:
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


def test_access_request_recorded_listed_prepared_and_answered(
    client, centre, django_capture_on_commit_callbacks
):
    person, visitors = centre["person"], centre["visitors"]
    coordinator = visitors["own:coordinator"]
    client.force_login(coordinator)
    new_url = reverse("centre:access_request_new", args=[person.pk])
    form = client.get(new_url)
    assert form.status_code == 200 and "Demandeuse" in page_text(form)
    assert not AccessRequest.objects.exists()  # a GET writes nothing (but the access log)

    refused = client.post(new_url, {"received_on": "2099-01-01", "how": "courrier"})
    assert refused.status_code == 400 and "futur" in page_text(refused)
    response = client.post(new_url, {"received_on": "2026-10-01", "how": "Lettre recommandée"})
    assert response.status_code == 302
    request = AccessRequest.objects.get()
    assert (request.person, request.recorded_by, request.how) == (
        person,
        coordinator,
        "Lettre recommandée",
    )

    listing = client.get(response["Location"])
    text = page_text(listing)
    assert "Demandeuse" in text and "01/11/2026" in text  # the deadline, one month later
    assert "En retard" in text  # received on 1 October, no answer by 1 November
    assert "Lettre recommandée" in text

    with django_capture_on_commit_callbacks(execute=True):
        prepared = client.post(reverse("centre:access_request_prepare", args=[request.pk]))
    assert prepared.status_code == 302
    request.refresh_from_db()
    document = request.document
    assert document.owner == coordinator and document.person == person
    assert document.status == GeneratedDocument.Status.READY  # immediate task backend in tests
    assert "Mes documents" in page_text(client.get(prepared["Location"]))
    download = client.get(reverse("document_file", args=[document.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"

    answered = client.post(reverse("centre:access_request_answered", args=[request.pk]))
    assert answered.status_code == 302
    request.refresh_from_db()
    assert request.answered_by == coordinator
    text = page_text(client.get(answered["Location"]))
    assert "Aucune demande en cours." in text and "répondue le" in text


def test_access_request_routes_refuse_other_centres_and_other_roles(client, centre):
    person, visitors = centre["person"], centre["visitors"]
    request = AccessRequest.objects.create(
        person=person,
        organisation=centre["organisation"],
        recorded_by=visitors["own:coordinator"],
        received_on=datetime.date(2026, 11, 2),
    )
    get_urls = [
        reverse("centre:access_request_new", args=[person.pk]),
    ]
    post_urls = [
        reverse("centre:access_request_prepare", args=[request.pk]),
        reverse("centre:access_request_answered", args=[request.pk]),
    ]
    for url in get_urls:
        assert status_for(client, visitors["other:coordinator"], url) == 404
        assert status_for(client, visitors["own:social_worker"], url) == 403
        assert status_for(client, visitors["own:centre_staff"], url) == 403
    for url in post_urls:
        assert status_for(client, visitors["other:coordinator"], url, "post") == 404
        assert status_for(client, visitors["own:centre_staff"], url, "post") == 403
        assert status_for(client, visitors["own:coordinator"], url) == 405
    list_url = reverse("centre:access_requests")
    assert status_for(client, visitors["own:trainer"], list_url) == 403
    client.force_login(visitors["other:coordinator"])
    other = page_text(client.get(list_url))
    assert "Demandeuse" not in other  # another centre's coordinator: their own (empty) list
    request.refresh_from_db()
    assert request.answered_at is None and request.document is None


def test_the_access_requests_list_makes_no_query_per_row(
    client, centre, django_assert_max_num_queries
):
    coordinator = centre["visitors"]["own:coordinator"]
    url = reverse("centre:access_requests")

    def add(count):
        for _ in range(count):
            contract = ContractFactory(centre=centre["contract"].centre)
            AccessRequest.objects.create(
                person=contract.person,
                organisation=centre["organisation"],
                recorded_by=coordinator,
                received_on=datetime.date(2026, 11, 2),
            )

    client.force_login(coordinator)
    add(1)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add(6)
    with django_assert_max_num_queries(len(one)):
        assert client.get(url).status_code == 200


def opened(user, obj, organisation, view="centre:person_detail", minutes=0):
    return AccessLog(
        user=user,
        organisation=organisation,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        view_name=view,
        accessed_at=timezone.now() - datetime.timedelta(minutes=minutes),
    )


def test_who_looked_at_this_file_roles_by_default_names_by_choice(
    client, centre, django_assert_max_num_queries
):
    person, visitors, organisation = centre["person"], centre["visitors"], centre["organisation"]
    social = visitors["own:social_worker"]
    social.first_name, social.last_name = "Sofia", "Assistante"
    social.save()
    AccessLog.objects.bulk_create(
        [opened(social, person, organisation, minutes=10 + i) for i in range(PAGE_SIZE + 5)]
        + [opened(visitors["own:trainer"], centre["contract"], organisation, "x:y", minutes=1)]
    )
    coordinator = visitors["own:coordinator"]
    client.force_login(coordinator)
    url = reverse("centre:person_access_log", args=[person.pk])
    first = client.get(url)
    text = page_text(first)
    assert first.status_code == 200
    assert str(Role.SOCIAL_WORKER.label) in text and str(Role.TRAINER.label) in text
    assert "Fiche de la personne" in text and "Page 1 sur 2" in text
    assert "Sofia" not in text  # no staff names by default (Pankki, C-579/21)
    with django_assert_max_num_queries(12):
        second = client.get(url + "?page=2")
    assert "Page 2 sur 2" in page_text(second)

    organisation.access_log_names_staff = True
    organisation.save()
    assert "Sofia Assistante" in page_text(client.get(url))

    assert status_for(client, visitors["other:coordinator"], url) == 404
    assert status_for(client, social, url) == 403
    assert status_for(client, visitors["own:centre_staff"], url) == 403


def test_what_a_member_opened(client, centre, django_assert_max_num_queries):
    visitors, organisation = centre["visitors"], centre["organisation"]
    staff = visitors["own:centre_staff"]
    people = [ContractFactory(centre=centre["contract"].centre) for _ in range(3)]
    AccessLog.objects.bulk_create(
        [opened(staff, c.person, organisation, minutes=i) for i, c in enumerate(people)]
        + [opened(staff, people[0], organisation, "centre:training:contract", minutes=9)]
    )
    coordinator = visitors["own:coordinator"]
    client.force_login(coordinator)
    members = page_text(client.get(reverse("centre:member_list")))
    assert staff.email in members or staff.get_full_name() in members
    url = reverse("centre:member_access_log", args=[staff.pk])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    text = page_text(response)
    assert response.status_code == 200
    for contract in people:
        assert contract.person.full_name in text
    assert text.count(people[0].person.full_name) == 2  # the contract row names its person

    other_member = visitors["other:centre_staff"]
    assert (
        status_for(client, coordinator, reverse("centre:member_access_log", args=[other_member.pk]))
        == 404
    )
    assert status_for(client, visitors["other:coordinator"], url) == 404
    assert status_for(client, staff, url) == 403


def test_the_access_log_pages_make_no_query_per_row(client, centre):
    """Ten times more rows on a page, the same number of queries (member and person pages)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    visitors, organisation = centre["visitors"], centre["organisation"]
    staff, person = visitors["own:centre_staff"], centre["person"]
    client.force_login(visitors["own:coordinator"])
    urls = [
        reverse("centre:member_access_log", args=[staff.pk]),
        reverse("centre:person_access_log", args=[person.pk]),
    ]

    def add(count):
        for _ in range(count):
            contract = ContractFactory(centre=centre["contract"].centre)
            AccessLog.objects.bulk_create(
                [
                    opened(staff, contract.person, organisation),
                    opened(staff, contract, organisation, "centre:training:contract"),
                    opened(
                        make_member(Role.CENTRE_STAFF, organisation=organisation),
                        person,
                        organisation,
                    ),
                ]
            )

    add(2)
    counts = []
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts.append(len(few))
    add(20)
    for url, expected in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as many:
            response = client.get(url)
        assert response.status_code == 200
        assert len(many) == expected, url


def test_erasure_explains_the_holds_then_asks_confirmation(client, centre):
    person, visitors = centre["person"], centre["visitors"]
    coordinator = visitors["own:coordinator"]
    GeneratedDocument.objects.create(
        owner=coordinator, kind="subject_access", title="Copie", person=person
    )
    client.force_login(coordinator)
    url = reverse("centre:person_erase", args=[person.pk])
    page = client.get(url)
    text = page_text(page)
    assert page.status_code == 200
    assert "Les heures de formation doivent être gardées jusqu'au 30 juin 2035" in text
    assert "Le document préparé à son sujet" in text
    assert Person.objects.get(pk=person.pk).last_name == "Demandeuse"  # GET wrote nothing

    unconfirmed = client.post(url, {"reason": "Lettre du 28/11/2026"})
    assert unconfirmed.status_code == 400
    assert Person.objects.get(pk=person.pk).last_name == "Demandeuse"

    done = client.post(url, {"reason": "Lettre du 28/11/2026", "confirm": "on"})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Pseudonymisé"
    record = ErasureRecord.objects.get(object_id=str(person.pk))
    assert record.requested_by == coordinator and "30 juin 2035" in record.reason
    assert not GeneratedDocument.objects.filter(title="Copie").exists()


def test_erasure_at_once_refused_while_a_contract_runs_and_isolated(client, centre):
    visitors = centre["visitors"]
    coordinator = visitors["own:coordinator"]
    candidate = CandidacyFactory(training__centre=centre["contract"].centre).person
    running = ContractFactory(centre=centre["contract"].centre).person
    client.force_login(coordinator)
    running_url = reverse("centre:person_erase", args=[running.pk])
    assert "contrat de formation est en cours" in page_text(client.get(running_url))
    client.post(running_url, {"reason": "x", "confirm": "on"})
    assert Person.objects.filter(pk=running.pk).exists()

    url = reverse("centre:person_erase", args=[candidate.pk])
    assert status_for(client, visitors["other:coordinator"], url) == 404
    assert (
        status_for(
            client, visitors["other:coordinator"], url, "post", {"reason": "x", "confirm": "on"}
        )
        == 404
    )
    for key in ("own:centre_staff", "own:social_worker", "own:trainer"):
        assert (
            status_for(client, visitors[key], url, "post", {"reason": "x", "confirm": "on"}) == 403
        )
    assert Person.objects.filter(pk=candidate.pk).exists()
    client.force_login(coordinator)
    assert "effacé tout de suite" in page_text(client.get(url))
    assert client.post(url, {"reason": "Courriel", "confirm": "on"}).status_code == 302
    assert not Person.objects.filter(pk=candidate.pk).exists()


def test_the_social_worker_withholds_a_note_with_a_reason(client, centre):
    note, visitors = centre["note"], centre["visitors"]
    social = visitors["own:social_worker"]
    client.force_login(social)
    social_page = page_text(
        client.get(reverse("centre:training:social", args=[centre["contract"].pk]))
    )
    assert "Ne pas remettre cette note" in social_page
    url = reverse("centre:note_withhold", args=[note.pk])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"reason": "  "})
    assert empty.status_code == 400
    note.refresh_from_db()
    assert note.withheld_reason == ""
    response = client.post(url, {"reason": "Parle de son ex-compagnon"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.withheld_reason == "Parle de son ex-compagnon" and note.withheld_by == social
    assert "Retenue de la copie" in page_text(client.get(response["Location"]))

    assert status_for(client, visitors["other:social_worker"], url) == 404
    assert status_for(client, visitors["own:coordinator"], url) == 403
    assert status_for(client, visitors["own:centre_staff"], url, "post", {"reason": "x"}) == 403
    release = reverse("centre:note_release", args=[note.pk])
    assert status_for(client, visitors["other:social_worker"], release, "post") == 404
    assert status_for(client, social, release, "post") == 302
    note.refresh_from_db()
    assert note.withheld_reason == "" and note.withheld_by is None


def test_the_centre_chooses_whether_the_log_names_staff(client, centre):
    organisation, coordinator = centre["organisation"], centre["visitors"]["own:coordinator"]
    assert organisation.access_log_names_staff is False
    client.force_login(coordinator)
    page = page_text(client.get(reverse("centre:settings")))
    assert "Pankki" in page and "C-579/21" in page
    client.post(reverse("centre:settings"), {"access_log_names_staff": "on"})
    organisation.refresh_from_db()
    assert organisation.access_log_names_staff is True


def test_the_privacy_pages_in_english(client, centre):
    """A coordinator whose browser asks for English reads the pages in English."""
    person, visitors = centre["person"], centre["visitors"]
    client.force_login(visitors["own:coordinator"])
    pages = {
        reverse("centre:access_requests"): ["Data access requests", "No open request."],
        reverse("centre:access_request_new", args=[person.pk]): ["Record an access request"],
        reverse("centre:person_access_log", args=[person.pk]): ["Who looked at this file?"],
        reverse("centre:person_erase", args=[person.pk]): [
            "What will happen",
            "The training hours must be kept until June 30, 2035",
        ],
        reverse("centre:member_list"): ["Access log by member"],
    }
    for url, phrases in pages.items():
        text = page_text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
        for phrase in phrases:
            assert phrase in text, (url, phrase)
        for french in ("Demandes d'accès", "Enregistrer la demande", "Qui a consulté", "Ce qui se"):
            assert french not in text, (url, french)
