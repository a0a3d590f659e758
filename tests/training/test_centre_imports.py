"""A centre's own import in steps: mapping guesses, saved mapping, dry run, matches offered,
apply with the rows recorded, undo within 24 hours unless something was recorded on top,
groups, purge (issue 15 §2, decision 1005)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.directory.factories import TrainingFactory
from tests.factories import make_member
from tests.imports.helpers import Upload, csv_file, xlsx
from tests.training.factories import GroupFactory, PersonFactory
from tremplin.accounts.models import Role
from tremplin.imports import mapping as column_mapping
from tremplin.imports.spreadsheet import Unreadable
from tremplin.intake.models import Person
from tremplin.training import centre_imports, moving_in
from tremplin.training.models import (
    AttendanceDay,
    AttendanceWeek,
    CentreImport,
    CentreImportFile,
    CentreImportMapping,
    Contract,
)

# A centre's own workbook: its sheet names, its headers (French, English, odd case, accents).
OWN = {
    "Stagiaires 2024": [
        ["Matricule", "NOM", "Prenom", "Né le", "N° national", "Remarque"],
        ["S1", "Exemple", "Awa", "12/03/1990", "", "gentille"],
        ["S2", "Fictif", "Marc", "30-07-1985", "85.07.30-033.28", ""],
    ],
    "Contracts": [
        ["Trainee ID", "Course", "Start date", "Planned end", "Weekly hours", "Exit date"],
        ["S1", "Commis de cuisine", "05.09.2022", "30/06/2023", "30", "30/06/2023"],
        ["S2", "Commis de cuisine", "2023-09-04", "2024-06-28", "30", ""],
    ],
    "Pointage": [
        ["Matricule", "Formation", "Date", "Heures de présence", "Motif", "Assimilées"],
        ["S1", "Commis de cuisine", "05/09/2022", "6", "", ""],
        ["S1", "Commis de cuisine", "06/09/2022", "3", "medical", "3"],
    ],
}


@pytest.fixture
def training(db):
    return TrainingFactory(name="Commis de cuisine")


@pytest.fixture
def centre(training):
    return training.centre


@pytest.fixture
def coordinator(centre):
    return make_member(Role.COORDINATOR, organisation=centre.organisation)


def own_book(sheets=None, name="export.xlsx"):
    return xlsx(sheets or OWN, name=name)


def received(centre, user, upload=None):
    return centre_imports.receive(centre, user, [upload or own_book()])


def test_guesses_sheets_and_columns_from_french_and_english_headers(centre, coordinator):
    record = received(centre, coordinator)
    sheets = centre_imports.sheets_of(record)
    assert [s.title for s in sheets] == ["Stagiaires 2024", "Contracts", "Pointage"]
    persons, contracts, days = (record.mapping[n] for n in ("personnes", "contrats", "presences"))
    assert persons == {
        "sheet": "Stagiaires 2024",
        "columns": {"person_ref": 0, "last_name": 1, "first_name": 2, "birth_date": 3, "niss": 4},
    }
    assert contracts["sheet"] == "Contracts"
    assert contracts["columns"] == {
        "person_ref": 0,
        "training": 1,
        "start_date": 2,
        "planned_end_date": 3,
        "actual_end_date": 5,
        "hours_per_week": 4,
    }
    assert days["sheet"] == "Pointage"
    assert days["columns"] == {
        "person_ref": 0,
        "training": 1,
        "day": 2,
        "hours_followed": 3,
        "reason": 4,
        "hours_assimilated": 5,
    }
    assert sheets[0].examples[1] == "Exemple"  # shown next to the column on the page
    assert not Person.objects.exists()


def test_the_chosen_mapping_is_saved_and_offered_at_the_next_import(centre, coordinator):
    own = {title: [row[:] for row in rows] for title, rows in OWN.items()}
    own["Stagiaires 2024"][0][5] = "Nom d'usage"  # an odd column the centre maps by hand
    record = received(centre, coordinator, own_book(own))
    mapping = record.mapping
    mapping["personnes"]["columns"]["last_name"] = 5  # « Nom d'usage » rather than « NOM »
    assert centre_imports.choose_mapping(record, mapping, coordinator) == []
    saved = CentreImportMapping.objects.get(centre=centre).mapping
    assert saved["personnes"]["columns"]["last_name"] == "Nom d'usage"
    # Next import: the columns moved, the saved choice still wins over the name guess.
    moved = {title: [list(reversed(row)) for row in rows] for title, rows in own.items()}
    again = received(centre, coordinator, own_book(moved))
    assert again.mapping["personnes"]["columns"]["last_name"] == 0
    assert again.mapping["personnes"]["columns"]["first_name"] == 3


def test_mapping_errors_in_french_and_nothing_run(centre, coordinator):
    record = received(centre, coordinator)
    mapping = record.mapping
    del mapping["personnes"]["columns"]["birth_date"]
    mapping["contrats"]["columns"]["training"] = 0  # same column twice
    errors = centre_imports.choose_mapping(record, mapping, coordinator)
    assert "Feuille « Stagiaires 2024 » : dites quelle colonne est « Date de naissance »." in errors
    assert any("la colonne A est choisie pour" in e for e in errors)
    record.refresh_from_db()
    assert record.status == CentreImport.Status.UPLOADED and not record.report
    assert not CentreImportMapping.objects.exists()


def test_problems_name_the_centres_own_sheet_and_columns(centre, coordinator):
    own = {title: [row[:] for row in rows] for title, rows in OWN.items()}
    own["Stagiaires 2024"][1][3] = "douze mars"
    record = received(centre, coordinator, own_book(own))
    centre_imports.choose_mapping(record, record.mapping, coordinator)
    texts = [p["text"] for p in record.report["problems"]]
    assert texts[0].startswith("Stagiaires 2024, ligne 2, Né le : « douze mars » n'est pas")


def test_dry_run_apply_and_rows_recorded(centre, coordinator, django_capture_on_commit_callbacks):
    record = received(centre, coordinator)
    assert centre_imports.choose_mapping(record, record.mapping, coordinator) == []
    record.refresh_from_db()
    assert record.status == CentreImport.Status.CHECKED
    assert record.report["problems"] == []
    assert record.report["counts"] == {
        "persons": 2,
        "matched": 0,
        "contracts": 2,
        "attendance": 2,
    }
    assert not Person.objects.exists()
    files = [f.file.name for f in record.files.all()]
    with django_capture_on_commit_callbacks(execute=True):
        centre_imports.apply_import(record, coordinator)
    record.refresh_from_db()
    assert record.status == CentreImport.Status.APPLIED and record.applied_by == coordinator
    assert sorted(record.created_rows["persons"]) == sorted(
        str(pk) for pk in Person.objects.values_list("pk", flat=True)
    )
    assert len(record.created_rows["attendance"]) == 2
    assert not CentreImportFile.objects.exists()  # the upload goes once applied
    from tremplin.imports.storage import private_imports

    assert not any(private_imports.exists(name) for name in files)
    awa = Person.objects.get(first_name="Awa")
    assert Contract.objects.get(person=awa).status == "ended"


def test_a_match_is_offered_and_used_only_when_confirmed(centre, coordinator):
    existing = PersonFactory(
        holding_centre=centre,
        first_name="Marc",
        last_name="Fictif",
        birth_date=datetime.date(1985, 7, 30),
    )
    record = received(centre, coordinator)
    centre_imports.choose_mapping(record, record.mapping, coordinator)
    record.refresh_from_db()
    [match] = record.report["matches"]
    assert match["ref"] == "S2" and match["person_id"] == str(existing.pk)
    assert record.report["problems"]  # refused until confirmed
    with pytest.raises(moving_in.MovingInRefused):
        centre_imports.apply_import(record, coordinator)
    assert Person.objects.count() == 1
    centre_imports.confirm_matches(record, ["S2", "not-offered"])
    record.refresh_from_db()
    assert record.confirmed_matches == ["S2"] and record.report["problems"] == []
    centre_imports.apply_import(record, coordinator)
    assert Person.objects.count() == 2
    record.refresh_from_db()
    assert str(existing.pk) not in record.created_rows["persons"]  # never deleted by an undo
    assert Contract.objects.filter(person=existing).count() == 1


def applied(centre, user):
    record = received(centre, user)
    centre_imports.choose_mapping(record, record.mapping, user)
    centre_imports.apply_import(record, user)
    record.refresh_from_db()
    end_of_request()
    return record


def end_of_request():
    """The test runs in one transaction: forget the import's history context, as the next
    request (another transaction) would."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pghistory.context_id', '', true)")


def test_undo_deletes_exactly_what_the_import_created(centre, coordinator):
    before = PersonFactory(holding_centre=centre)
    record = applied(centre, coordinator)
    assert centre_imports.undo_refusals(record) == []
    centre_imports.undo_import(record, coordinator)
    record.refresh_from_db()
    assert record.status == CentreImport.Status.UNDONE and record.undone_by == coordinator
    assert list(Person.objects.all()) == [before]
    assert not Contract.objects.exists() and not AttendanceDay.objects.exists()
    # No copy of the undone rows stays in the history tables.
    for model, key in ((Person, "persons"), (Contract, "contracts"), (AttendanceDay, "attendance")):
        for event_model in model.pgh_event_models.values():
            assert not event_model.objects.filter(pgh_obj_id__in=record.created_rows[key]).exists()
    assert centre_imports.undo_refusals(record) == ["Cet import a déjà été annulé."]


def test_undo_refused_after_24_hours(centre, coordinator):
    record = applied(centre, coordinator)
    later = record.applied_at + datetime.timedelta(hours=24, minutes=1)
    [reason] = centre_imports.undo_refusals(record, now=later)
    assert reason.startswith("Plus de 24 heures ont passé")
    with pytest.raises(centre_imports.UndoRefused):
        centre_imports.undo_import(record, coordinator, now=later)
    assert Person.objects.count() == 2


def test_only_the_last_import_can_be_undone(centre, coordinator):
    first = applied(centre, coordinator)
    other = {
        "personnes": [moving_in.SPECS[0].columns[i].code for i in range(4)],
    }
    second = centre_imports.receive(
        centre,
        coordinator,
        [xlsx({"personnes": [other["personnes"], ["Z1", "Autre", "Zoé", "01/01/1991"]]})],
    )
    assert centre_imports.choose_mapping(second, second.mapping, coordinator) == []
    centre_imports.apply_import(second, coordinator)
    assert centre_imports.undo_refusals(first) == [
        "Un import plus récent a été appliqué : seul le dernier import peut être annulé."
    ]


def test_the_same_file_imported_twice_duplicates_nothing(centre, coordinator):
    """Confirming the matches of a file already imported created its ended contract and its
    attendance a second time."""
    first = applied(centre, coordinator)
    again = received(centre, coordinator)
    centre_imports.choose_mapping(again, again.mapping, coordinator)
    centre_imports.confirm_matches(again, ["S1", "S2"])
    again.refresh_from_db()
    assert [p["text"] for p in again.report["problems"]] == [
        "Contracts, ligne 2, Début : ce contrat est déjà dans Tremplin (même personne, "
        "même formation, même début) : retirez la ligne, et ses présences.",
        "Contracts, ligne 3, Début : ce contrat est déjà dans Tremplin (même personne, "
        "même formation, même début) : retirez la ligne, et ses présences.",
        "Pointage, ligne 2, Date : son contrat est déjà dans Tremplin : retirez la ligne.",
        "Pointage, ligne 3, Date : son contrat est déjà dans Tremplin : retirez la ligne.",
    ]
    with pytest.raises(moving_in.MovingInRefused):
        centre_imports.apply_import(again, coordinator)
    assert (Person.objects.count(), Contract.objects.count(), AttendanceDay.objects.count()) == (
        2,
        2,
        2,
    )
    assert centre_imports.undo_refusals(first) == []


def test_a_file_with_nothing_to_import_is_not_applied(centre, coordinator):
    """A sheet with only its headers was « applied » with nothing in it, and became the last
    import: the real import before it could no longer be undone."""
    first = applied(centre, coordinator)
    empty = received(centre, coordinator, own_book({"Stagiaires": [OWN["Stagiaires 2024"][0]]}))
    centre_imports.choose_mapping(empty, empty.mapping, coordinator)
    empty.refresh_from_db()
    assert [p["text"] for p in empty.report["problems"]] == [
        "Stagiaires : rien à importer : le fichier n'a aucune personne, aucun contrat ni aucune "
        "présence qui ne soit pas déjà dans Tremplin."
    ]
    with pytest.raises(moving_in.MovingInRefused):
        centre_imports.apply_import(empty, coordinator)
    assert centre_imports.undo_refusals(first) == []


def test_attendance_changed_on_top_refuses_the_undo(centre, coordinator):
    record = applied(centre, coordinator)
    day = AttendanceDay.objects.get(day=datetime.date(2022, 9, 5))
    day.hours_followed = Decimal("5")
    day.save()
    assert centre_imports.undo_refusals(record) == [
        "1 journée de présence importée a été modifiée ou effacée depuis."
    ]


def test_attendance_added_on_top_refuses_the_undo(centre, coordinator):
    record = applied(centre, coordinator)
    contract = Contract.objects.get(person__first_name="Marc")
    AttendanceDay.objects.create(contract=contract, day=datetime.date(2023, 9, 4))
    reasons = centre_imports.undo_refusals(record)
    assert reasons == ["1 × journées de présence ajouté(s) depuis sur ce que l'import a créé."]
    with pytest.raises(centre_imports.UndoRefused) as refused:
        centre_imports.undo_import(record, coordinator)
    assert refused.value.reasons == reasons
    assert Person.objects.count() == 2


def test_contract_or_person_changed_on_top_refuses_the_undo(centre, coordinator):
    record = applied(centre, coordinator)
    contract = Contract.objects.get(person__first_name="Marc")
    contract.forem_reference = "FOR-1"
    contract.save()
    person = Person.objects.get(first_name="Awa")
    person.phone = "0470000000"
    person.save()
    assert centre_imports.undo_refusals(record) == [
        "1 dossier de personne importé a été modifié depuis.",
        "1 contrat importé a été modifié depuis.",
    ]


def test_a_statement_produced_since_refuses_the_undo(centre, coordinator):
    from tremplin.audit.models import AccessLog

    record = applied(centre, coordinator)
    marc = Person.objects.get(first_name="Marc")
    AccessLog.objects.create(
        user=coordinator,
        content_type_id=__import__("django.contrib.contenttypes.models", fromlist=["ContentType"])
        .ContentType.objects.get_for_model(Person)
        .pk,
        object_id=marc.pk,
        view_name="centre:training:statement_pdf",
    )
    [reason] = centre_imports.undo_refusals(record)
    assert reason.startswith("1 relevé mensuel d'un stagiaire importé a été produit depuis")


def test_a_week_locked_since_refuses_the_undo(centre, coordinator, training):
    group = GroupFactory(training=training, name="Septembre 2022")
    record = applied(centre, coordinator)
    assert Contract.objects.filter(group=group).count() == 1  # Awa's, started in the group
    AttendanceWeek.objects.create(
        group=group,
        week_start=datetime.date(2022, 9, 5),
        locked_by=coordinator,
        locked_at=timezone.now(),
    )
    assert centre_imports.undo_refusals(record) == [
        "1 semaine du registre a été verrouillée depuis."
    ]


def test_contracts_placed_in_groups(centre, coordinator, training):
    autumn = GroupFactory(
        training=training,
        name="Automne",
        starts_on=datetime.date(2022, 9, 1),
        ends_on=datetime.date(2023, 6, 30),
    )
    evening = GroupFactory(
        training=training,
        name="Soir",
        starts_on=datetime.date(2023, 9, 1),
        ends_on=datetime.date(2024, 6, 30),
    )
    own = {title: [row[:] for row in rows] for title, rows in OWN.items()}
    own["Contracts"][0].append("Groupe")
    own["Contracts"][1].append("")  # found by its dates: Automne
    own["Contracts"][2].append("soir")  # named (case and accents do not matter)
    record = received(centre, coordinator, own_book(own))
    assert record.mapping["contrats"]["columns"]["group"] == 6
    centre_imports.choose_mapping(record, record.mapping, coordinator)
    centre_imports.apply_import(record, coordinator)
    assert Contract.objects.get(person__first_name="Awa").group == autumn
    assert Contract.objects.get(person__first_name="Marc").group == evening


def test_group_problems_and_warning(centre, coordinator, training):
    GroupFactory(
        training=training,
        name="Automne",
        starts_on=datetime.date(2022, 9, 1),
        ends_on=datetime.date(2023, 6, 30),
    )
    own = {title: [row[:] for row in rows] for title, rows in OWN.items()}
    own["Contracts"][0].append("Groupe")
    own["Contracts"][1].append("Printemps")
    own["Contracts"][2].append("")
    record = received(centre, coordinator, own_book(own))
    centre_imports.choose_mapping(record, record.mapping, coordinator)
    [problem] = record.report["problems"]
    assert problem["text"] == (
        "Contracts, ligne 2, Groupe : groupe inconnu pour cette formation (groupes : « Automne »)."
    )
    [warning] = record.report["warnings"]
    assert warning["text"].startswith(
        "Contracts, ligne 3, Groupe : aucun groupe de cette formation ne tourne le 4 septembre 2023"
    )


def test_csv_files_are_mapped_like_sheets(centre, coordinator):
    files = [
        csv_file("stagiaires.csv", OWN["Stagiaires 2024"]),
        csv_file("contrats.csv", OWN["Contracts"]),
        csv_file("presences.csv", OWN["Pointage"], delimiter=","),
    ]
    record = centre_imports.receive(centre, coordinator, files)
    assert record.mapping["personnes"]["sheet"] == "stagiaires"
    assert record.mapping["contrats"]["sheet"] == "contrats"
    assert record.mapping["presences"]["sheet"] == "presences"
    assert centre_imports.choose_mapping(record, record.mapping, coordinator) == []
    record.refresh_from_db()
    assert record.report["problems"] == [], record.report["problems"]


def test_the_template_has_persons_contracts_and_attendance_sheets(centre, coordinator):
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(moving_in.template_bytes()))
    assert book.sheetnames == ["persons", "contracts", "attendance"]
    record = received(centre, coordinator, Upload("modele.xlsx", moving_in.template_bytes()))
    assert centre_imports.choose_mapping(record, record.mapping, coordinator) == []
    record.refresh_from_db()
    assert record.report["problems"] == [] and record.report["counts"]["attendance"] == 2


def test_abandoned_uploads_are_purged_after_a_day(
    centre, coordinator, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    old = received(centre, coordinator)
    name = old.files.get().file.name
    fresh = received(centre, coordinator)
    done = applied(centre, coordinator)
    CentreImport.objects.filter(pk=old.pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_centre_imports")
    assert set(CentreImport.objects.values_list("pk", flat=True)) == {fresh.pk, done.pk}
    from tremplin.imports.storage import private_imports

    assert not private_imports.exists(name)


def test_describe_gives_headers_letters_and_examples():
    sheets = column_mapping.describe([own_book()])
    assert sheets[0].choices()[:2] == [(0, "A — Matricule"), (1, "B — NOM")]
    assert column_mapping.column_letter(27) == "AB"


def test_unreadable_upload_keeps_nothing(centre, coordinator):
    with pytest.raises(Unreadable):
        centre_imports.receive(centre, coordinator, [Upload("notes.pdf", b"%PDF-1.4 ...")])
    assert not CentreImport.objects.exists() and not CentreImportFile.objects.exists()
