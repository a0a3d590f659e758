"""The directory as open data: valid against its own schema, no person, ETag and 304."""

import csv
import io
import json

import jsonschema
import pytest
from django.utils import timezone

from tests.directory.factories import InfoSessionFactory
from tremplin.directory import open_data
from tremplin.directory.models import Centre

JSON_URL = "/api/v1/open-data/directory.json"
CSV_URL = "/api/v1/open-data/directory.csv"
SCHEMA_URL = "/api/v1/open-data/schema.json"


def test_the_data_validates_against_its_own_schema(client, directory):
    data = client.get(JSON_URL).json()
    schema = client.get(SCHEMA_URL).json()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert data["licence"]["nom"].startswith("Creative Commons Attribution 4.0")
    names = {s["nom"] for s in data["structures"]}
    assert directory["namur"].name in names and directory["draft"].name not in names
    assert len(data["services"]) == 4 and len(data["lieux"]) == 4
    assert len(data["seances"]) == 1


def test_a_broken_record_fails_the_schema(client, directory):
    data = client.get(JSON_URL).json()
    schema = client.get(SCHEMA_URL).json()
    data["services"][0]["methode"] = "autre"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_never_a_person(client, directory):
    namur = directory["namur"]
    namur.email = "marie.dupont@ateliers.example"
    namur.save()
    jambes = directory["jambes"]
    jambes.email = "accueil@lire-jambes.example"
    jambes.save()
    body = client.get(JSON_URL).content.decode() + client.get(CSV_URL).content.decode()
    assert "marie.dupont" not in body
    assert "accueil@lire-jambes.example" in body
    assert "niss" not in body.lower() and "booking" not in body.lower()


@pytest.mark.parametrize(
    "email, published",
    [
        ("info@centre.example", True),
        ("contact.12@cisp-demo.example", True),
        ("secretariat-cisp@centre.example", True),
        ("marie.dupont@centre.example", False),
        ("mdupont@centre.example", False),
        ("", False),
    ],
)
def test_generic_email(email, published):
    assert bool(open_data.generic_email(email)) is published


def test_etag_and_last_modified_give_304_until_something_changes(client, directory):
    first = client.get(JSON_URL)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get(JSON_URL, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and not again.content
    since = client.get(JSON_URL, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    Centre.objects.filter(pk=directory["namur"].pk).update(description="Nouveau texte.")
    changed = client.get(JSON_URL, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert "Nouveau texte." in changed.content.decode()


def test_last_change_follows_writes_and_sessions(directory):
    before = open_data.last_change()
    InfoSessionFactory(centre=directory["liege"], site=directory["liege"].sites.get())
    assert open_data.last_change() >= before
    assert open_data.last_change() <= timezone.now()


def test_csv_has_one_row_per_training_and_the_same_fields(client, directory):
    response = client.get(CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["structure_id", "structure_nom"]
    assert "service_volume_horaire_hebdomadaire" in rows[0]
    assert len(rows) == 1 + 4
    assert client.get(CSV_URL, headers={"If-None-Match": response["ETag"]}).status_code == 304


def test_open_data_is_public_and_in_the_openapi_schema(client, directory):
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"})
    paths = json.loads(schema.content)["paths"]
    assert {JSON_URL, CSV_URL, SCHEMA_URL} <= set(paths)
