"""Access requests (RGPD art. 15/20, decision 0806): the ZIP holds a readable PDF and a JSON of
everything held, staff names only on request, withheld social notes replaced by their reason;
requests carry a one-month deadline and stay listed until answered."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from tests.audit.test_retention import ended_trainee
from tests.factories import make_member
from tremplin.accounts.models import Role
from tremplin.audit.access_requests import answer, record_request, withhold_note
from tremplin.audit.models import AccessLog, AccessRequest
from tremplin.training.models import SocialNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainee():
    contract = ended_trainee(datetime.date(2025, 6, 30), "Demandeur")
    organisation = contract.centre.organisation
    social_worker = make_member(
        Role.SOCIAL_WORKER, organisation=organisation, email="assistante@exemple.test"
    )
    AccessLog.objects.create(
        user=social_worker,
        organisation=organisation,
        content_type_id=1,
        object_id=contract.person_id,
        view_name="centre:person_detail",
    )
    return contract


def unzip(content: bytes) -> tuple[dict, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sorted(archive.namelist()) == ["donnees.json", "donnees.pdf"]
        return json.loads(archive.read("donnees.json")), archive.read("donnees.pdf")


def section(data, title):
    return next(s["lignes"] for s in data["sections"] if s["titre"] == title)


def test_the_zip_holds_everything_and_withholds_what_the_social_worker_kept(trainee):
    person = trainee.person
    note = SocialNote.objects.get(follow_up__contract=trainee)
    withhold_note(note, "Mentionne un tiers (art. 15.4)")
    coordinator = make_member(Role.COORDINATOR, organisation=trainee.centre.organisation)
    request = record_request(
        person,
        organisation=trainee.centre.organisation,
        by=coordinator,
        received_on=datetime.date(2026, 1, 31),
    )
    assert request.deadline == datetime.date(2026, 2, 28)
    assert list(AccessRequest.objects.open_for(trainee.centre.organisation)) == [request]

    data, pdf = unzip(answer(request, by=coordinator))
    assert pdf.startswith(b"%PDF")
    text = json.dumps(data, ensure_ascii=False)
    assert "Demandeur" in text and person.niss in text
    assert section(data, "Contrats de formation")[0]["formation"] == trainee.training.name
    assert section(data, "Présences") and section(data, "Relevés d'heures par mois")
    assert "Confidentiel Demandeur" in text  # the exit interview note
    notes = section(data, "Notes de suivi social")
    assert notes[0]["note"].endswith("Mentionne un tiers (art. 15.4)")
    assert "Note sociale Demandeur" not in text
    log = section(data, "Consultations du dossier")
    assert log[0]["rôle"] == Role.SOCIAL_WORKER.label and "par" not in log[0]
    assert "assistante@exemple.test" not in text  # no staff names by default (Pankki)
    assert not AccessRequest.objects.open_for(trainee.centre.organisation).exists()


def test_staff_names_on_request_and_the_command(trainee, tmp_path):
    target = tmp_path / "acces.zip"
    call_command(
        "subject_access",
        "--person",
        str(trainee.person_id),
        "--output",
        str(target),
        "--with-staff-names",
    )
    data, _pdf = unzip(target.read_bytes())
    assert (
        section(data, "Consultations du dossier")[0]["par"] == "assistante@exemple.test"
        or (section(data, "Consultations du dossier")[0]["par"])
    )
