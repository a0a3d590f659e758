"""The register of processing is generated from the classifications next to the models, and a
new model or field with no classification fails here (decision 0805)."""

from django.core.management import call_command

from tremplin.audit.register import classification, markdown, project_models, unclassified
from tremplin.audit.retention.schedule import RULES


def test_every_field_of_every_project_model_is_classified():
    assert unclassified() == [], (
        "Classez ces champs dans tremplin/<app>/personal_data.py (Personal(...) ou None) :\n"
        + "\n".join(unclassified())
    )


def test_classifications_name_real_fields_and_rules():
    models = {model._meta.label: model for model in project_models()}
    for label, fields in classification().items():
        names = {field.name for field in models[label]._meta.concrete_fields}
        assert set(fields) <= names, (label, set(fields) - names)
        for personal in filter(None, fields.values()):
            assert personal.retention in RULES, (label, personal.retention)


def test_a_new_field_fails_the_check(monkeypatch):
    from tremplin.intake import personal_data

    person = dict(personal_data.CLASSIFICATION["intake.Person"])
    del person["niss"]
    monkeypatch.setitem(personal_data.CLASSIFICATION, "intake.Person", person)
    assert "intake.Person.niss" in unclassified()


def test_special_categories_are_marked():
    fields = classification()
    assert fields["intake.Interview"]["health_notes"].special
    assert fields["training.SocialNote"]["text"].special
    assert not fields["intake.Person"]["last_name"].special


def test_processing_register_writes_markdown(tmp_path):
    target = tmp_path / "registre.md"
    call_command("processing_register", "--output", str(target))
    text = target.read_text()
    assert text == markdown()
    assert "`intake.Person`" in text and "numéro de registre national" in text
    assert "à confirmer" in text
    assert "`directory.Centre`" not in text


def test_the_platform_administration_reads_the_register_as_a_page(client, db):
    """Same code as the command (``register.tables()``): every model and field of the Markdown
    is on the page; staff only; the page only reads; the admin's home links to it."""
    from tests.factories import make_member, make_platform_admin
    from tremplin.accounts.models import Role
    from tremplin.audit.register import tables

    url = "/admin/registre-des-traitements/"
    client.force_login(make_member(Role.COORDINATOR))
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]

    client.force_login(make_platform_admin())
    assert url in client.get("/admin/").content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    text = page.content.decode()
    for table in tables():
        assert f"<code>{table.label}</code>" in text
        for row in table.rows:
            assert f"<code>{row.name}</code>" in text
    assert "numéro de registre national" in text and "à confirmer" in text
    assert client.post(url).status_code == 405
