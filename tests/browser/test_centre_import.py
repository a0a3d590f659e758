"""A centre imports its own spreadsheet in Chromium: upload → columns → dry run → apply → undo,
with axe-core on every step (issue 15 §2)."""

from tests.directory.factories import TrainingFactory
from tests.factories import make_member
from tests.imports.helpers import xlsx
from tests.training.test_centre_imports import OWN
from tremplin.accounts.models import Role
from tremplin.intake.models import Person
from tremplin.training.models import AttendanceDay


def test_coordinator_maps_columns_checks_applies_and_undoes(
    page, live_server, login_as, assert_accessible, tmp_path
):
    centre = TrainingFactory(name="Commis de cuisine").centre
    login_as(page, live_server, make_member(Role.COORDINATOR, organisation=centre.organisation))
    page.goto(live_server.url + "/centre/")
    page.get_by_role("link", name="Importer les données du centre").click()
    assert page.locator("h1").inner_text() == "Importer les données du centre"
    assert_accessible(page)
    # A wrong file first: a French message, nothing kept.
    wrong = tmp_path / "scan.pdf"
    wrong.write_bytes(b"%PDF-1.4 binaire")
    page.get_by_label("Votre fichier", exact=True).set_input_files(str(wrong))
    page.get_by_role("button", name="Envoyer et choisir les colonnes").click()
    assert "n'est ni un classeur XLSX ni un fichier CSV" in page.locator("main").inner_text()
    assert_accessible(page)
    # The centre's own workbook, with its own sheet names and headers.
    own = tmp_path / "export.xlsx"
    own.write_bytes(xlsx(OWN).getvalue())
    page.get_by_label("Votre fichier", exact=True).set_input_files(str(own))
    page.get_by_role("button", name="Envoyer et choisir les colonnes").click()
    assert page.locator("h1").inner_text() == "2. Dire quelle colonne est quoi"
    assert page.get_by_label("Votre feuille pour « Personnes »").input_value() == "Stagiaires 2024"
    assert_accessible(page)
    page.get_by_role("button", name="Faire l'essai (rien n'est encore enregistré)").click()
    main = page.locator("main")
    assert "2 personne(s) nouvelle(s)" in main.inner_text()
    assert not Person.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Importer ces données").click()
    assert "Import terminé : 2 personne(s) créée(s)" in page.locator("main").inner_text()
    assert Person.objects.count() == 2 and AttendanceDay.objects.count() == 2
    assert_accessible(page)
    page.get_by_role("button", name="Annuler cet import").click()
    assert "Import annulé" in page.locator("main").inner_text()
    assert not Person.objects.exists()
    assert_accessible(page)
