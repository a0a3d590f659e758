"""Forms of the training pages (labels and errors in French)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.training.contracts import END_BEFORE_START
from tremplin.training.exits import JOB_NEEDS_CONTRACT_TYPE
from tremplin.training.models import (
    WEEKDAY_FIELDS,
    Barrier,
    Contract,
    ContractSuspension,
    Exit,
    ExitReason,
    FollowUp,
    Group,
    SocialAction,
    SocialNote,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def limit_reason_field() -> forms.CharField:
    """Why the centre goes beyond a legal limit still to confirm (only asked when warned)."""
    return forms.CharField(
        label=_("Raison du dépassement d'une limite à confirmer"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Seulement si Tremplin vous avertit qu'une limite « à confirmer » est dépassée."
        ),
    )


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "group",
            "start_date",
            "planned_end_date",
            "hours_per_week",
            *WEEKDAY_FIELDS,
            "forem_reference",
            "commute_km",
            "childcare_monthly_cost",
            "childcare_school_age",
        ]
        widgets = {"start_date": DATE, "planned_end_date": DATE}

    # The candidacy version the form was opened on: signing refuses if it changed since.
    candidacy_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    limit_reason = limit_reason_field()

    def __init__(self, *args, training, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(training=training)
        self.fields["group"].required = False

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("planned_end_date")
        if start and end and end <= start:
            # On the field (linked to it), rather than the table's check as a general error.
            self.add_error("planned_end_date", END_BEFORE_START)
        return data

    def terms(self) -> dict:
        data = self.cleaned_data
        terms = {name: data[name] for name in self.Meta.fields if name not in WEEKDAY_FIELDS}
        terms["schedule"] = [data[name] for name in WEEKDAY_FIELDS]
        terms["expected_version"] = data.get("candidacy_version")
        terms["limit_reason"] = data.get("limit_reason", "")
        return terms


class SuspensionForm(forms.ModelForm):
    class Meta:
        model = ContractSuspension
        fields = ["starts_on", "ends_on", "reason"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class ExtensionForm(forms.Form):
    planned_end_date = forms.DateField(label=_("Nouvelle date de fin prévue"), widget=DATE)
    limit_reason = limit_reason_field()


class ExitForm(forms.ModelForm):
    class Meta:
        model = Exit
        fields = ["date", "reason", "job_contract_type", "next_step", "partner", "interview_note"]
        widgets = {"date": DATE}

    def clean(self):
        data = super().clean()
        if data.get("reason") == ExitReason.JOB and not data.get("job_contract_type"):
            # On the field (linked to it), rather than the table's check as a general error.
            self.add_error("job_contract_type", JOB_NEEDS_CONTRACT_TYPE)
        return data


def not_in_the_future(day):
    """A day something happened (a note, a barrier noted): today at the latest."""
    if day and day > timezone.localdate():
        raise forms.ValidationError(
            _("Cette date est dans le futur : indiquez le jour où c'était.")
        )
    return day


class NoteForm(forms.ModelForm):
    class Meta:
        model = SocialNote
        fields = ["date", "kind", "text"]
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 3})}

    def clean_date(self):
        return not_in_the_future(self.cleaned_data.get("date"))


class BarrierForm(forms.ModelForm):
    class Meta:
        model = Barrier
        fields = ["kind", "detail", "noted_on"]
        widgets = {"noted_on": DATE}

    def clean_noted_on(self):
        return not_in_the_future(self.cleaned_data.get("noted_on"))


class ActionForm(forms.ModelForm):
    class Meta:
        model = SocialAction
        fields = ["description", "due_on"]
        widgets = {"due_on": DATE}


class FollowUpAnswerForm(forms.ModelForm):
    """The four questions of the 6-month follow-up, in plain French."""

    class Meta:
        model = FollowUp
        fields = ["situation", "job_contract_type", "training_provider", "comment"]
        labels = {
            "situation": _("1. Aujourd'hui, que faites-vous ?"),
            "job_contract_type": _("2. Si vous travaillez : quel contrat avez-vous ?"),
            "training_provider": _("3. Si vous êtes en formation : où ?"),
            "comment": _("4. Voulez-vous nous dire autre chose ? (pas obligatoire)"),
        }
        widgets = {
            "situation": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["situation"].required = True
        self.fields["situation"].choices = self.fields["situation"].choices[1:]
        self.fields["situation"].error_messages["required"] = _("Choisissez votre situation.")

    def clean(self):
        data = super().clean()
        if data.get("situation") == "job" and not data.get("job_contract_type"):
            self.add_error("job_contract_type", _("Indiquez votre type de contrat."))
        return data
