from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.library.models import Document, DocumentVersion


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title", "kind", "summary", "reference_date", "is_public"]
        widgets = {"reference_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self):
        data = super().clean()
        if data.get("kind") == "circular" and not data.get("reference_date"):
            self.add_error("reference_date", _("Une circulaire porte sa date."))
        return data


class VersionForm(forms.ModelForm):
    class Meta:
        model = DocumentVersion
        fields = ["body", "change_note"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
