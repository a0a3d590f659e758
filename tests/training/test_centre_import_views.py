"""The centre's import pages: upload → columns → dry run → matches → apply → undo, plain forms;
who may open them (another centre's import is a 404, a role without the capability a 403), GET
writes nothing, the list makes no query per import (issue 15 §2, decision 1005)."""

import dataclasses
import datetime

import pytest
from django.urls import reverse

from tests.directory.factories import TrainingFactory
from tests.factories import make_member
from tests.imports.helpers import csv_file, xlsx
from tests.isolation import assert_only_allowed, visitors_for
from tests.training.factories import PersonFactory
from tests.training.test_centre_imports import OWN, end_of_request
from tremplin.accounts.models import Role
from tremplin.intake.models import Person
from tremplin.training import centre_imports, moving_in
from tremplin.training.models import AttendanceDay, CentreImport, CentreImportMapping, Contract


@pytest.fixture
def training(db):
    return TrainingFactory(name="Commis de cuisine")


@pytest.fixture
def centre(training):
    return training.centre


@pytest.fixture
def coordinator(centre):
    return make_member(Role.COORDINATOR, organisation=centre.organisation)


def upload(client, book=None):
    book = book or xlsx(OWN, name="export.xlsx")
    return client.post(reverse("centre:data_import"), {"files": book})


def mapping_post(response):
    """The mapping form as the browser would send it: every select with its selected value."""
    form = response.context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_upload_columns_preview_apply_undo(client, centre, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("centre:data_import"))
    assert page.status_code == 200
    main = page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main  # plain forms
    response = upload(client)
    record = CentreImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("centre:data_import_columns", args=[record.pk])
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "Stagiaires 2024" in text and "B — NOM (ex. : Exemple)" in text
    response = client.post(page.request["PATH_INFO"], mapping_post(page))
    assert response["Location"] == reverse("centre:data_import_preview", args=[record.pk])
    assert CentreImportMapping.objects.filter(centre=centre).exists()
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "2 personne(s) nouvelle(s)" in text and "2 journée(s) de présence" in text
    assert "Importer ces données" in text
    assert not Person.objects.exists()
    response = client.post(reverse("centre:data_import_apply", args=[record.pk]), follow=True)
    text = response.content.decode()
    assert "Import terminé : 2 personne(s) créée(s)" in text, text.split("<main", 1)[1][:3000]
    assert Person.objects.count() == 2 and AttendanceDay.objects.count() == 2
    assert "L&#x27;annulation efface exactement" in text or "L'annulation efface" in text
    end_of_request()
    response = client.post(reverse("centre:data_import_undo", args=[record.pk]), follow=True)
    assert "Import annulé" in response.content.decode()
    assert not Person.objects.exists() and not Contract.objects.exists()


def test_choosing_another_sheet_shows_its_columns(client, centre, coordinator):
    client.force_login(coordinator)
    upload(client)
    record = CentreImport.objects.get()
    url = reverse("centre:data_import_columns", args=[record.pk])
    data = mapping_post(client.get(url))
    data["sheet-presences"] = ""  # no attendance in this import
    response = client.post(url, data, follow=True)
    assert "Feuille changée : vérifiez les colonnes proposées." in response.content.decode()
    record.refresh_from_db()
    assert record.mapping["presences"] == {"sheet": None, "columns": {}}
    response = client.post(url, mapping_post(response))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.report["counts"]["attendance"] == 0


def test_mapping_errors_are_shown_with_status_400(client, centre, coordinator):
    client.force_login(coordinator)
    upload(client)
    record = CentreImport.objects.get()
    url = reverse("centre:data_import_columns", args=[record.pk])
    data = mapping_post(client.get(url))
    data["column-personnes-birth_date"] = ""
    response = client.post(url, data)
    assert response.status_code == 400
    assert "dites quelle colonne est « Date de naissance »" in response.content.decode()


def test_a_bad_file_is_refused_on_the_upload_page(client, centre, coordinator):
    from tests.imports.helpers import Upload

    client.force_login(coordinator)
    response = client.post(
        reverse("centre:data_import"), {"files": Upload("scan.pdf", b"%PDF-1.4 binaire")}
    )
    assert response.status_code == 400
    assert "n&#x27;est ni un classeur XLSX ni un fichier CSV" in response.content.decode()
    assert not CentreImport.objects.exists()


def test_matches_are_offered_and_confirmed(client, centre, coordinator):
    existing = PersonFactory(
        holding_centre=centre,
        first_name="Marc",
        last_name="Fictif",
        birth_date=datetime.date(1985, 7, 30),
    )
    client.force_login(coordinator)
    upload(client)
    record = CentreImport.objects.get()
    url = reverse("centre:data_import_columns", args=[record.pk])
    client.post(url, mapping_post(client.get(url)))
    page = client.get(reverse("centre:data_import_preview", args=[record.pk]))
    text = page.content.decode()
    assert "Des personnes ressemblent à des dossiers existants" in text
    from tremplin.audit.models import AccessLog

    assert AccessLog.objects.filter(
        object_id=existing.pk, view_name="centre:data_import_preview"
    ).exists()  # the existing file shown is in the access log
    assert "Importer ces données" not in text  # refused until the centre answers
    response = client.post(
        reverse("centre:data_import_matches", args=[record.pk]), {"same": ["S2"]}, follow=True
    )
    text = response.content.decode()
    assert "Importer ces données" in text and "1 dossier(s) existant(s) utilisé(s)" in text


def test_the_undo_button_says_why_it_is_refused(client, centre, coordinator):
    client.force_login(coordinator)
    record = centre_imports.receive(centre, coordinator, [xlsx(OWN, name="export.xlsx")])
    centre_imports.choose_mapping(record, record.mapping, coordinator)
    centre_imports.apply_import(record, coordinator)
    end_of_request()
    contract = Contract.objects.get(person__first_name="Marc")
    AttendanceDay.objects.create(contract=contract, day=datetime.date(2023, 9, 4))
    page = client.get(reverse("centre:data_import_preview", args=[record.pk]))
    text = page.content.decode()
    assert "Cet import ne peut plus être annulé" in text
    assert "journées de présence ajouté(s) depuis" in text
    assert 'disabled aria-describedby="undo-refused"' in text
    response = client.post(reverse("centre:data_import_undo", args=[record.pk]))
    assert response.status_code == 409
    assert Person.objects.count() == 2


def test_template_download(client, centre, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("centre:data_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_only_the_centres_coordinator_opens_its_import(client, centre, coordinator):
    record = centre_imports.receive(centre, coordinator, [xlsx(OWN, name="export.xlsx")])
    centre_imports.choose_mapping(record, record.mapping, coordinator)
    visitors = visitors_for(centre.organisation)
    for name in ("data_import_columns", "data_import_preview"):
        url = reverse(f"centre:{name}", args=[record.pk])
        assert_only_allowed(client, url, allowed={"own:coordinator"}, visitors=visitors)
    # Every coordinator has the import page of their own centre, which lists only its imports.
    allowed = {"own:coordinator", "other:coordinator"}
    for name in ("data_import", "data_import_template"):
        url = reverse(f"centre:{name}")
        assert_only_allowed(client, url, allowed=allowed, visitors=visitors)
    client.force_login(visitors["other:coordinator"])
    assert record.file_name not in client.get(reverse("centre:data_import")).content.decode()
    client.force_login(visitors["own:coordinator"])
    assert record.file_name in client.get(reverse("centre:data_import")).content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "data_import_columns",
        "data_import_matches",
        "data_import_apply",
        "data_import_undo",
        "data_import_discard",
    ],
)
def test_another_centre_gets_404_and_another_role_403_on_posts(client, centre, coordinator, name):
    record = centre_imports.receive(centre, coordinator, [xlsx(OWN, name="export.xlsx")])
    url = reverse(f"centre:{name}", args=[record.pk])
    other = make_member(Role.COORDINATOR)
    client.force_login(other)
    assert client.post(url).status_code == 404
    staff = make_member(Role.CENTRE_STAFF, organisation=centre.organisation)
    client.force_login(staff)
    assert client.post(url).status_code == 403
    assert CentreImport.objects.filter(pk=record.pk, status="uploaded").exists()


def test_get_writes_nothing(client, centre, coordinator):
    client.force_login(coordinator)
    record = centre_imports.receive(centre, coordinator, [xlsx(OWN, name="export.xlsx")])
    before = CentreImport.objects.values().get()
    for url in (
        reverse("centre:data_import"),
        reverse("centre:data_import_columns", args=[record.pk]),
        reverse("centre:data_import_preview", args=[record.pk]),  # redirects to the columns
        reverse("centre:data_import_template"),
    ):
        assert client.get(url).status_code in (200, 302)
    assert CentreImport.objects.values().get() == before
    assert not CentreImportMapping.objects.exists()
    centre_imports.choose_mapping(record, record.mapping, coordinator)
    before = CentreImport.objects.values().get()
    assert client.get(reverse("centre:data_import_preview", args=[record.pk])).status_code == 200
    assert CentreImport.objects.values().get() == before


def test_the_list_makes_no_query_per_import(client, centre, coordinator, django_assert_num_queries):
    client.force_login(coordinator)
    url = reverse("centre:data_import")
    centre_imports.receive(centre, coordinator, [xlsx(OWN, name="export.xlsx")])
    client.get(url)  # warm the session and the caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(5):
        record = centre_imports.receive(centre, coordinator, [xlsx(OWN, name="export.xlsx")])
        centre_imports.choose_mapping(record, record.mapping, coordinator)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", b"%PDF-1.4 binaire", "ni un classeur XLSX ni un fichier CSV"),
        ("faux.xlsx", b"PK\x03\x04 pas un zip", "n&#x27;est pas un classeur XLSX lisible"),
        ("releve.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "n&#x27;est pas un tableau"),
        ("grand.csv", b"a;b\n1;" + b"x" * (10 * 1024 * 1024) + b"\n", "dépasse 8 Mo"),
    ],
)
def test_bad_files_get_a_french_message_and_a_400(
    client, centre, coordinator, name, content, message
):
    from tests.imports.helpers import Upload

    client.force_login(coordinator)
    response = client.post(reverse("centre:data_import"), {"files": Upload(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CentreImport.objects.exists()


def test_a_csv_saved_by_excel_on_windows_is_read(client, centre, coordinator):
    """Excel's « CSV (séparateur : point-virgule) » is in Windows-1252: it was refused as « not
    UTF-8 »."""
    from tests.imports.helpers import Upload

    client.force_login(coordinator)
    text = "Référence;Nom;Prénom;Né le\r\nP1;Dupré;Zoé;12/03/1990\r\n"
    response = upload(client, Upload("stagiaires.csv", text.encode("cp1252")))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "C — Prénom (ex. : Zoé)" in page.content.decode()


def test_too_many_persons_for_the_sheet_chosen_goes_back_to_the_upload(
    client, centre, coordinator, monkeypatch
):
    """More rows than a sheet of persons takes, found once the columns are chosen: the file
    was deleted, then the page crashed (500) redirecting to the deleted import."""
    persons = dataclasses.replace(moving_in.SPECS[0], max_rows=2)
    monkeypatch.setattr(moving_in, "SPECS", (persons, *moving_in.SPECS[1:]))
    client.force_login(coordinator)
    rows = [["Référence", "Nom", "Prénom", "Né le"]] + [
        [f"P{n}", "Nom", "Prénom", "01/01/1990"] for n in range(3)
    ]
    page = client.get(upload(client, csv_file("personnes.csv", rows))["Location"])
    response = client.post(page.request["PATH_INFO"], mapping_post(page), follow=True)
    assert response.redirect_chain == [(reverse("centre:data_import"), 302)]
    assert "La feuille « personnes » a plus de 2 lignes : découpez le fichier." in (
        response.content.decode()
    )
    assert not CentreImport.objects.exists()


def test_the_dry_run_counts_its_problems(client, centre, coordinator):
    """The title of the problems says how many there are (it said « 0 problèmes » above a table
    of three: ``problem_count|default:problems|length`` took the length of a number)."""
    book = {
        **OWN,
        "Stagiaires 2024": [
            OWN["Stagiaires 2024"][0],
            ["S1", "Exemple", "Awa", "31/02/1990", "", ""],
            ["S2", "Fictif", "Marc", "30-07-1985", "85.07.30-033.29", ""],
        ],
    }
    client.force_login(coordinator)
    upload(client, xlsx(book, name="export.xlsx"))
    record = CentreImport.objects.get()
    url = reverse("centre:data_import_columns", args=[record.pk])
    response = client.post(url, mapping_post(client.get(url)), follow=True)
    record.refresh_from_db()
    count = record.report["problem_count"]
    assert count >= 2
    text = response.content.decode()
    assert f"{count} problèmes : rien n'a été enregistré" in text
