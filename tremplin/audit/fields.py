"""Model fields that encrypt their value at rest (Fernet, ``settings.FIELD_ENCRYPTION_KEY``).

The database (and its backups, and pghistory's event tables) only hold ciphertext. The
encryption is randomised, so these fields cannot be filtered on: store a keyed digest next to
them when you need a lookup or a unique constraint (``tremplin.audit.niss.niss_digest``).
"""

from django import forms
from django.db import models

from tremplin.audit.crypto import decrypt_text, encrypt_text
from tremplin.audit.niss import format_niss, normalize_niss, validate_niss


class EncryptedTextField(models.TextField):
    description = "Texte chiffré au repos"

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt_text(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":  # ciphertexts differ each time: nothing else can match
            return None
        return super().get_lookup(lookup_name)


class NissFormField(forms.CharField):
    """A NISS typed in a form: checked (11 digits, check number, birth date) with the form's
    other fields, so that a plain form (the prescriber's referral) tells a wrong number with
    the other mistakes instead of after them; cleaned to its 11 digits."""

    default_validators = [validate_niss]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 15)
        kwargs.setdefault("help_text", "11 chiffres, par exemple 85.07.30-033.28")
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_niss(value) if value else value

    def prepare_value(self, value):
        return format_niss(value) if value and len(normalize_niss(value)) == 11 else value


class EncryptedNissField(EncryptedTextField):
    """A Belgian national number, validated, stored as 11 digits, encrypted at rest."""

    description = "Numéro de registre national chiffré"
    default_validators = [validate_niss]

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_niss(value) if value else value

    def get_prep_value(self, value):
        return super().get_prep_value(normalize_niss(value) if value else value)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": NissFormField, "widget": forms.TextInput, **kwargs}
        )
