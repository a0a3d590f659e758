import pytest
from django.core.exceptions import FieldError, ValidationError
from django.db import connection, models

from tremplin.audit.fields import EncryptedNissField, EncryptedTextField


class Secret(models.Model):
    note = EncryptedTextField(blank=True)
    niss = EncryptedNissField(blank=True, null=True)

    class Meta:
        app_label = "audit"
        db_table = "test_audit_secret"

    def __str__(self):
        return f"Secret {self.pk}"


@pytest.fixture
def secret_table(db):
    with connection.schema_editor() as editor:
        editor.create_model(Secret)
    yield
    with connection.schema_editor() as editor:
        editor.delete_model(Secret)


def raw_row(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT note, niss FROM test_audit_secret WHERE id = %s", [pk])
        return cursor.fetchone()


def test_values_are_encrypted_at_rest_and_read_back(secret_table):
    secret = Secret.objects.create(note="suivi social confidentiel", niss="85.07.30-033.28")
    note, niss = raw_row(secret.pk)
    assert "confidentiel" not in note and note.startswith("gAAAA")
    assert "85073003328" not in niss
    secret = Secret.objects.get(pk=secret.pk)
    assert secret.note == "suivi social confidentiel"
    assert secret.niss == "85073003328"


def test_empty_values_stay_empty(secret_table):
    secret = Secret.objects.create(note="", niss=None)
    assert raw_row(secret.pk) == ("", None)
    assert Secret.objects.filter(niss__isnull=True).count() == 1


def test_filtering_on_ciphertext_is_refused(secret_table):
    with pytest.raises(FieldError):
        list(Secret.objects.filter(note__icontains="x"))


def test_the_niss_field_validates():
    field = Secret._meta.get_field("niss")
    with pytest.raises(ValidationError):
        field.clean("85.07.30-033.29", None)
    assert field.clean("85.07.30-033.28", None) == "85073003328"
    form_field = field.formfield()
    assert form_field.prepare_value("85073003328") == "85.07.30-033.28"
