"""The federation's directory import in Chromium: upload → preview → apply (axe-core)."""

from tests.directory.factories import walloon_places
from tests.factories import make_member
from tremplin.accounts.models import Role
from tremplin.directory import import_spec
from tremplin.directory.models import Centre


def test_federation_uploads_previews_and_applies(
    page, live_server, login_as, assert_accessible, tmp_path
):
    walloon_places()
    login_as(page, live_server, make_member(Role.FEDERATION_ANALYST))
    page.goto(live_server.url + "/federation/")
    page.get_by_role("link", name="Importer l'annuaire").click()
    assert page.locator("h1").inner_text() == "Importer l'annuaire"
    assert_accessible(page)
    # A wrong file first: a French message, nothing kept.
    wrong = tmp_path / "notes.txt"
    wrong.write_text("bonjour\n")
    page.get_by_label("Fichier de l'annuaire").set_input_files(str(wrong))
    page.get_by_role("button", name="Vérifier le fichier").click()
    assert "La feuille « centres » manque." in page.locator("main").inner_text()
    assert_accessible(page)
    # The template with its two example centres.
    template = tmp_path / "modele.xlsx"
    template.write_bytes(import_spec.template_bytes())
    page.get_by_label("Fichier de l'annuaire").set_input_files(str(template))
    page.get_by_role("button", name="Vérifier le fichier").click()
    main = page.locator("main")
    assert "6 à créer" in main.inner_text()
    assert not Centre.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Appliquer ces changements à l'annuaire").click()
    assert "Annuaire mis à jour : 6 créé(s)" in page.locator("main").inner_text()
    assert "Appliqué par" in page.locator("main").inner_text()
    assert Centre.objects.count() == 2
    assert_accessible(page)
