"""A centre moves in: persons, contracts and attendance from its spreadsheets (issue 15)."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.directory.factories import TrainingFactory
from tests.factories import make_member
from tests.imports.helpers import Upload, xlsx
from tests.training.factories import PersonFactory
from tremplin.accounts.models import Role
from tremplin.intake.models import Person
from tremplin.training import moving_in
from tremplin.training.models import AttendanceDay, Contract

HEADERS = {spec.name: [c.code for c in spec.columns] for spec in moving_in.SPECS}


@pytest.fixture
def training(db):
    return TrainingFactory(name="Commis de cuisine")


@pytest.fixture
def centre(training):
    return training.centre


@pytest.fixture
def member(centre):
    return make_member(Role.COORDINATOR, organisation=centre.organisation)


def book(personnes=(), contrats=(), presences=()):
    return xlsx(
        {
            "personnes": [HEADERS["personnes"], *personnes],
            "contrats": [HEADERS["contrats"], *contrats],
            "presences": [HEADERS["presences"], *presences],
        }
    )


def template():
    return Upload("modele.xlsx", moving_in.template_bytes())


def test_a_centre_moves_in_from_the_template(centre, member):
    report = moving_in.analyse([template()], centre)
    assert report.ok, [str(p) for p in report.problems]
    assert report.counts == {"persons": 2, "matched": 0, "contracts": 2, "attendance": 2}
    assert not Person.objects.exists()  # the dry run wrote nothing
    moving_in.apply([template()], centre, member, "modele.xlsx")
    awa = Person.objects.get(first_name="Awa")
    assert awa.birth_date == datetime.date(1990, 3, 12)
    ended = Contract.objects.get(person=awa)
    assert ended.status == "ended" and ended.hours_mon == 6
    marc = Person.objects.get(first_name="Marc")
    assert marc.niss_hash and Contract.objects.get(person=marc).status == "active"
    second = AttendanceDay.objects.get(day=datetime.date(2022, 9, 6))
    assert second.hours_assimilated == 3 and second.reason_id == "medical"


def test_a_match_is_offered_never_merged_silently(centre, member):
    existing = PersonFactory(
        holding_centre=centre,
        first_name="Awa",
        last_name="Exemple",
        birth_date=datetime.date(1990, 3, 12),
    )
    report = moving_in.analyse([template()], centre)
    assert [m["ref"] for m in report.matches] == ["P001"]
    assert "ressemble au dossier existant « Awa Exemple »" in str(report.problems)
    with pytest.raises(moving_in.MovingInRefused):
        moving_in.apply([template()], centre, member, "modele.xlsx")
    assert Person.objects.count() == 1
    moving_in.apply([template()], centre, member, "modele.xlsx", use_existing=["P001"])
    assert Person.objects.count() == 2
    assert Contract.objects.filter(person=existing).count() == 1


def test_problems_by_sheet_row_column_and_nothing_saved(centre, member):
    upload = book(
        personnes=[
            ["P1", "Nom", "Prénom", "31 décembre", "", "", ""],
            ["P1", "Nom", "Autre", "01/01/1990", "12345678901", "", ""],
        ],
        contrats=[["P9", "Plomberie", "01/09/2022", "01/08/2022", "", "50", ""]],
        presences=[["P1", "Commis de cuisine", "05/09/2022", "25", "", "", ""]],
    )
    problems = [str(p) for p in moving_in.analyse([upload], centre).problems]
    expected = [
        "personnes, ligne 2, Date de naissance : « 31 décembre » n'est pas une date",
        "personnes, ligne 3, Référence de la personne : référence en double",
        "personnes, ligne 3, NISS :",
        "contrats, ligne 2, Formation : formation inconnue dans ce centre.",
        "contrats, ligne 2, Référence de la personne : personne absente",
        "contrats, ligne 2, Fin prévue : Le contrat doit finir après son début.",
        "contrats, ligne 2, Heures par semaine : pas plus de 40 heures.",
        "presences, ligne 2, Heures suivies : pas plus de 12 heures.",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)
    with pytest.raises(moving_in.MovingInRefused):
        moving_in.apply([upload], centre, member, "x.xlsx")
    assert not Person.objects.exists() and not AttendanceDay.objects.exists()


def test_command_dry_run_and_apply(centre, member, tmp_path, capsys):
    path = tmp_path / "modele.xlsx"
    path.write_bytes(moving_in.template_bytes())
    args = [centre.agrement_number, str(path), "--user", member.email]
    call_command("import_centre_data", *args, "--dry-run")
    assert "présences : 2 (essai" in capsys.readouterr().out
    call_command("import_centre_data", *args)
    assert Person.objects.count() == 2
    from tremplin.training.models import CentreImport

    record = CentreImport.objects.get()  # recorded: the centre may undo it from its page
    assert record.status == "applied" and len(record.created_rows["persons"]) == 2
    with pytest.raises(CommandError) as error:
        call_command("import_centre_data", *args)  # now the persons exist: matches to confirm
    assert error.value.returncode == 1
