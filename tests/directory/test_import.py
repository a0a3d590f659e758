"""The federation's directory file: dry run, all-or-nothing apply, ownership, idempotence."""

import io

import pghistory.models
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tests.directory.factories import CentreFactory, SiteFactory, TrainingFactory
from tests.imports.helpers import Upload, csv_file, xlsx
from tremplin.accounts.models import Organisation
from tremplin.directory import import_spec
from tremplin.directory.importing import ImportRefused, analyse_files, apply_file
from tremplin.directory.models import Centre, InfoSession, Site, Training

CENTRES = [c.code for c in import_spec.CENTRES.columns]
SITES = [c.code for c in import_spec.SITES.columns]
FORMATIONS = [c.code for c in import_spec.FORMATIONS.columns]


def sheets(centres=(), sites=(), formations=()):
    return {
        "centres": [CENTRES, *centres],
        "sites": [SITES, *sites],
        "formations": [FORMATIONS, *formations],
    }


def template_upload():
    return Upload("modele.xlsx", import_spec.template_bytes())


def wipe_directory():
    InfoSession.objects.all().delete()
    Training.objects.all().delete()
    Site.objects.all().delete()
    Centre.objects.all().delete()
    Organisation.objects.filter(kind=Organisation.Kind.CENTRE).delete()


def test_template_has_two_examples_per_sheet_and_the_codes(places):
    book = load_workbook(io.BytesIO(import_spec.template_bytes()))
    assert book.sheetnames == ["centres", "sites", "formations", "Codes"]
    for name in ("centres", "sites", "formations"):
        assert book[name].max_row == 3  # header + two examples
    codes = {(row[0], row[1]) for row in book["Codes"].iter_rows(min_row=2, values_only=True)}
    assert ("sector", "construction") in codes and ("method", "DEFI") in codes


def test_template_imports_with_a_dry_run_then_applies(places, django_user_model):
    report = analyse_files([template_upload()])
    assert report.ok, [str(p) for p in report.problems]
    assert report.counts == {"created": 6, "changed": 0, "unchanged": 0}
    assert not Centre.objects.exists()  # the dry run wrote nothing
    apply_file([template_upload()], None, "modele.xlsx")
    huy = Centre.objects.get(agrement_number="CISP n° 902")
    assert huy.legal_form == "asbl" and huy.federation == "lire_et_ecrire"  # French labels
    assert huy.methods == ["DEFI"] and huy.is_published
    training = Training.objects.get(centre=huy)
    assert training.publics == ["newcomers", "no_diploma"]
    assert not training.is_active  # the centre completes duration, hours and places
    assert Site.objects.get(centre=huy).postal_code.code == "4500"


def test_demo_centres_round_trip_and_second_run_changes_nothing(directory):
    before = {
        c.agrement_number: (c.name, c.legal_form, c.federation, c.email, c.description)
        for c in Centre.objects.all()
    }
    exported = import_spec.workbook_bytes(import_spec.export_rows())
    wipe_directory()
    report = apply_file([Upload("annuaire.xlsx", exported)], None, "annuaire.xlsx")
    assert report.counts == {"created": 15, "changed": 0, "unchanged": 0}
    after = {
        c.agrement_number: (c.name, c.legal_form, c.federation, c.email, c.description)
        for c in Centre.objects.all()
    }
    assert after == before
    events = pghistory.models.Events.objects.filter(pgh_model__startswith="directory.")
    imported = events.filter(pgh_context__import_file="annuaire.xlsx")
    assert imported.count() == 15  # every centre, site and training says where it came from
    count = events.count()
    again = apply_file([Upload("annuaire.xlsx", exported)], None, "annuaire.xlsx")
    assert again.counts == {"created": 0, "changed": 0, "unchanged": 15}
    assert events.count() == count  # the second run wrote nothing


def test_file_owns_identity_and_sites_centre_keeps_its_texts(directory, places):
    namur = directory["namur"]
    namur.description = "Notre présentation, écrite par le centre."
    namur.website = ""
    namur.save()
    rows = import_spec.export_rows()
    row = next(r for r in rows["centres"] if r[0] == namur.agrement_number)
    row[1] = "Les Ateliers de la Meuse (nouveau nom)"
    row[6] = "https://ateliers.example"
    row[7] = "Texte de la fédération."
    site = next(r for r in rows["sites"] if r[0] == namur.agrement_number)
    site[2], site[3], site[4] = "Quai de Meuse 3", "5100", "Jambes"
    report = apply_file([Upload("a.xlsx", import_spec.workbook_bytes(rows))], None, "a.xlsx")
    item = next(
        i for i in report.items if i.kind == "centre" and i.label.startswith(namur.agrement_number)
    )
    assert item.action == "changed"
    assert item.disagreements == [
        ("présentation", "Notre présentation, écrite par le centre.", "Texte de la fédération.")
    ]
    namur.refresh_from_db()
    assert namur.name == "Les Ateliers de la Meuse (nouveau nom)"
    assert namur.description == "Notre présentation, écrite par le centre."
    assert namur.website == "https://ateliers.example"  # was empty: the file fills it
    moved = namur.sites.get()
    assert (moved.street, moved.postal_code.code) == ("Quai de Meuse 3", "5100")
    assert moved.latitude == pytest.approx(places["5100"].latitude)


def test_absent_centres_are_listed_never_deleted(directory):
    rows = import_spec.export_rows()
    number = directory["liege"].agrement_number
    for name in rows:
        rows[name] = [r for r in rows[name] if r[0] != number]
    report = apply_file([Upload("a.xlsx", import_spec.workbook_bytes(rows))], None, "a.xlsx")
    assert report.absent == [f"{number} — {directory['liege'].name}"]
    assert Centre.objects.filter(agrement_number=number).exists()


def test_a_file_with_six_kinds_of_errors_lists_them_all_and_saves_nothing(places):
    upload = xlsx(
        sheets(
            centres=[
                ["CISP n° 1", "Centre A (fictif)", "asbl", "aleap", "", "", "", ""],
                ["CISP n° 1", "Centre B (fictif)", "asbl", "aleap", "", "", "", ""],
                ["CISP n° 2", "", "asbl", "caips", "", "", "", ""],
            ],
            sites=[
                ["CISP n° 1", "Site 1", "Rue 1", "9999", "Namur", ""],
                ["CISP n° 1", "Site 2", "Rue 2", "5000", "Liège", ""],
                ["CISP n° 7", "Site 3", "Rue 3", "5000", "Namur", ""],
            ],
            formations=[
                ["CISP n° 1", "Site 1", "Cuisine", "astronautique", "formation_base", "EFT"],
            ],
        )
    )
    report = analyse_files([upload])
    messages = [str(p) for p in report.problems]
    expected = [
        "centres, ligne 3, Numéro d'agrément : numéro d'agrément en double (déjà à la ligne 2).",
        "centres, ligne 4, Nom du centre : cellule vide : cette valeur est obligatoire.",
        "sites, ligne 2, Code postal : code postal « 9999 » inconnu.",
        "sites, ligne 3, Commune : « Liège » ne correspond pas au code postal 5000 (Namur).",
        "sites, ligne 4, Numéro d'agrément : le centre « CISP n° 7 » n'est pas dans la feuille "
        "« centres ».",
        "formations, ligne 2, Secteur : « astronautique » n'est pas une valeur connue (voir la "
        "feuille « Codes »).",
    ]
    for message in expected:
        assert message in messages, messages
    with pytest.raises(ImportRefused):
        apply_file([upload], None, "erreurs.xlsx")
    assert not Centre.objects.exists() and not Organisation.objects.exists()


def test_three_csv_files_with_either_separator_and_french_headers(places):
    files = [
        csv_file(
            "centres.csv",
            [
                [
                    "Numéro d'agrément",
                    "Nom du centre",
                    "Forme juridique",
                    "Fédération",
                    "E-mail",
                    "Téléphone",
                    "Site internet",
                    "Présentation",
                ],
                ["CISP n° 5", "Centre CSV (fictif)", "ASBL", "CAIPS", "", "", "", ""],
            ],
            delimiter=",",
        ),
        csv_file("sites.csv", [SITES, ["CISP n° 5", "Site", "Rue 1", "5000", "namur", ""]]),
        csv_file(
            "formations.csv",
            [FORMATIONS, ["CISP n° 5", "site", "Vente", "retail", "Formation de base", "defi"]],
        ),
    ]
    report = apply_file(files, None, "csv")
    assert report.counts["created"] == 3
    assert Centre.objects.get().methods == ["DEFI"]


@pytest.mark.parametrize(
    "upload, message",
    [
        (Upload("annuaire.xlsx", b"PK\x03\x04 pas un zip"), "n'est pas un classeur XLSX lisible"),
        (Upload("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00"), "n'est ni un classeur XLSX ni"),
        (Upload("centres.csv", b"GIF89a\x00\x00"), "n'est pas un tableau"),
        (Upload("centres.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "n'est pas un tableau"),
        (xlsx({"centres": [CENTRES], "sites": [SITES]}), "La feuille « formations » manque."),
        (xlsx(sheets() | {"sites": [SITES[:3]]}), "colonne(s) manquante(s) : « Code postal »"),
    ],
)
def test_unreadable_files_get_a_french_message(places, upload, message):
    report = analyse_files([upload])
    assert not report.ok
    assert message in str(report.problems[0])


def test_too_many_rows_formulas_and_huge_cells(places):
    many = xlsx(sheets(centres=[["CISP", "x", "asbl", "aleap"]] * 5_001))
    assert "plus de 5000 lignes" in str(analyse_files([many]).problems[0])
    formula = xlsx(sheets(centres=[["CISP n° 1", "=A1", "asbl", "aleap", "", "", "", ""]]))
    problems = analyse_files([formula]).problems
    told = [p.message for p in problems if (p.row, p.column) == (2, "Nom du centre")]
    assert len(told) == 1 and "Tremplin ne calcule pas les formules" in told[0]  # not « empty »
    huge = xlsx(sheets(centres=[["CISP n° 1", "x", "asbl", "aleap", "", "", "", "a" * 10_000_000]]))
    assert "texte trop long" in str(analyse_files([huge]).problems)
    big_csv = Upload("centres.csv", b"a;" + b"b" * (10 * 1024 * 1024))
    assert "dépasse 8 Mo" in str(analyse_files([big_csv]).problems[0])


def test_command_dry_run_and_apply(places, tmp_path, capsys):
    path = tmp_path / "modele.xlsx"
    path.write_bytes(import_spec.template_bytes())
    call_command("import_directory", str(path), "--dry-run")
    assert "Créés : 6" in capsys.readouterr().out
    assert not Centre.objects.exists()
    call_command("import_directory", str(path))
    assert Centre.objects.count() == 2
    bad = tmp_path / "centres.csv"
    bad.write_text("rien\n")
    with pytest.raises(CommandError) as error:
        call_command("import_directory", str(bad), "--dry-run")
    assert error.value.returncode == 1
    assert "colonne(s) manquante(s)" in capsys.readouterr().err


def test_existing_site_can_carry_a_training_without_being_in_the_file(places):
    centre = CentreFactory(agrement_number="CISP n° 3")
    site = SiteFactory(centre=centre, name="Atelier")
    TrainingFactory(centre=centre, site=site, name="Ancienne formation")
    upload = xlsx(
        sheets(
            centres=[["CISP n° 3", centre.name, "asbl", "caips", "", "", "", ""]],
            formations=[["CISP n° 3", "Atelier", "Nouvelle", "retail", "orientation", "DEFI"]],
        )
    )
    report = apply_file([upload], None, "f.xlsx")
    assert report.ok
    assert centre.trainings.filter(name="Nouvelle", site=site).exists()
