"""The federation's import pages: upload (dry run), preview, apply; only for analysts."""

import pytest

from tests.directory.test_import import CENTRES, sheets
from tests.factories import make_member
from tests.imports.helpers import Upload, xlsx
from tests.isolation import assert_only_allowed
from tremplin.accounts.models import Role
from tremplin.directory import import_spec
from tremplin.directory.import_record import DirectoryImport
from tremplin.directory.models import Centre

pytestmark = pytest.mark.django_db
URL = "/federation/annuaire/import/"


@pytest.fixture
def analyst(client):
    user = make_member(Role.FEDERATION_ANALYST)
    client.force_login(user)
    return user


def test_only_analysts_open_the_import_pages(client, places):
    record = DirectoryImport.objects.create(
        file_name="x.xlsx", files=[], sha256="0", uploaded_by=make_member(Role.FEDERATION_ANALYST)
    )
    for url in (URL, URL + "modele.xlsx", URL + "annuaire.xlsx", f"{URL}{record.pk}/"):
        assert_only_allowed(client, url, allowed={"federation_analyst"})


def test_upload_preview_apply(client, analyst, places):
    response = client.get(URL)
    assert response.status_code == 200
    upload = Upload("modele.xlsx", import_spec.template_bytes())
    response = client.post(URL, {"files": upload})
    record = DirectoryImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}{record.pk}/"
    assert not Centre.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "6 à créer" in page and "Appliquer ces changements" in page
    response = client.post(f"{URL}{record.pk}/appliquer/", follow=True)
    done = "Annuaire mis à jour : 6 créé(s), 0 modifié(s), 0 inchangé(s)."
    assert done in response.content.decode()
    assert Centre.objects.count() == 2
    record.refresh_from_db()
    assert record.applied_by == analyst
    event = Centre.objects.get(agrement_number="CISP n° 901").events.get()
    assert event.pgh_context.metadata["import_id"] == str(record.pk)
    assert event.pgh_context.metadata["user"] == str(analyst.pk)
    # Applying twice does nothing more.
    client.post(f"{URL}{record.pk}/appliquer/")
    assert Centre.objects.count() == 2


def test_a_file_with_problems_is_shown_and_not_kept(client, analyst, places):
    upload = xlsx(sheets(centres=[["CISP n° 1", "", "asbl", "inconnue", "", "", "", ""]]))
    response = client.post(URL, {"files": upload})
    assert response.status_code == 400
    page = response.content.decode().replace("&#x27;", "'")
    assert "rien n'a été enregistré" in page
    assert "cellule vide : cette valeur est obligatoire." in page
    assert "« inconnue » n'est pas une valeur connue" in page
    assert not DirectoryImport.objects.exists() and not Centre.objects.exists()


@pytest.mark.parametrize(
    "files, message",
    [
        ({}, "Choisissez un fichier."),
        ({"files": Upload("photo.jpg", b"\xff\xd8\xff")}, "ni un classeur XLSX ni un fichier CSV"),
        ({"files": xlsx({"centres": [CENTRES]})}, "La feuille « sites » manque."),
    ],
)
def test_bad_files_get_a_french_message(client, analyst, places, files, message):
    response = client.post(URL, files)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not DirectoryImport.objects.exists()


def test_template_and_export_are_xlsx(client, analyst, directory):
    for url in (URL + "modele.xlsx", URL + "annuaire.xlsx"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
