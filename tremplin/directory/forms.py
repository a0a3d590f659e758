"""Forms a centre coordinator uses to edit the directory entry, sites, trainings and sessions."""

import re
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tremplin.directory.enums import Language, Method, Public
from tremplin.directory.models import AGREMENT_FIELDS, Centre, InfoSession, Site, Training
from tremplin.territory.lookup import normalise
from tremplin.territory.models import PostalCode

POSTAL_CODE_TEXT = re.compile(r"^\s*([0-9]{4})\s*(.*)$")


class CentreEntryForm(forms.ModelForm):
    methods = forms.MultipleChoiceField(
        label=_("Méthodes agréées"),
        choices=Method.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez DéFI, EFT ou les deux.")},
    )

    class Meta:
        model = Centre
        fields = [
            "name",
            "agrement_number",
            "legal_form",
            "methods",
            "description",
            "phone",
            "email",
            "website",
            "accessibility",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def agrement_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in AGREMENT_FIELDS}


class SiteForm(forms.ModelForm):
    postal_code_text = forms.CharField(
        label=_("Code postal et localité"),
        max_length=80,
        help_text=_("Par exemple : 5100 Jambes."),
    )

    class Meta:
        model = Site
        fields = ["name", "street", "accessibility"]
        widgets = {"accessibility": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.postal_code_id:
            code = self.instance.postal_code
            self.initial["postal_code_text"] = f"{code.code} {code.locality}".strip()
        self.order_fields(["name", "street", "postal_code_text", "accessibility"])

    def clean_postal_code_text(self):
        match = POSTAL_CODE_TEXT.match(self.cleaned_data["postal_code_text"])
        if not match:
            raise forms.ValidationError(_("Commencez par le code postal à 4 chiffres."))
        code, locality = match.groups()
        rows = list(PostalCode.objects.filter(code=code).select_related("municipality"))
        if not rows:
            raise forms.ValidationError(
                _("Le code postal %(code)s n'existe pas en Belgique."), params={"code": code}
            )
        wanted = normalise(locality)
        chosen = [row for row in rows if wanted and normalise(row.locality) == wanted]
        if len(rows) > 1 and not chosen:
            names = ", ".join(sorted(row.locality or row.municipality.name_fr for row in rows))
            raise forms.ValidationError(
                _("Plusieurs localités ont ce code (%(names)s). Ajoutez le nom de la localité."),
                params={"names": names},
            )
        postal_code = (chosen or rows)[0]
        if self.instance.postal_code_id != postal_code.pk or self.instance.latitude is None:
            # A new postal code moves the site to the point of that postal code.
            self.instance.postal_code = postal_code
            self.instance.latitude = postal_code.latitude
            self.instance.longitude = postal_code.longitude
        return self.cleaned_data["postal_code_text"]


class TrainingForm(forms.ModelForm):
    publics = forms.MultipleChoiceField(
        label=_("Publics visés"),
        choices=Public.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ne cochez rien si la formation est ouverte à tout le monde."),
    )
    language_support = forms.MultipleChoiceField(
        label=_("Aide dans d'autres langues"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Training
        fields = [
            "name",
            "site",
            "objective",
            "method",
            "sector",
            "description",
            "duration_weeks",
            "hours_per_week",
            "schedule",
            "french_level",
            "prerequisites",
            "publics",
            "language_support",
            "places",
            "next_intake",
            "agreed_hours_per_year",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
            "next_intake": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.centre = centre
        self.fields["site"].queryset = centre.sites.select_related("postal_code")
        self.fields["site"].empty_label = None


class InfoSessionForm(forms.ModelForm):
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start = forms.TimeField(
        label=_("Heure de début"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(label=_("Heure de fin"), widget=forms.TimeInput(attrs={"type": "time"}))

    class Meta:
        model = InfoSession
        fields = ["training", "site", "capacity"]

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.centre = centre
        self.fields["training"].queryset = centre.trainings.active().only("id", "name")
        self.fields["training"].empty_label = _("Tout le centre (pas une formation précise)")
        self.fields["site"].queryset = centre.sites.select_related("postal_code")
        self.fields["site"].empty_label = None
        if self.instance.pk:
            starts = timezone.localtime(self.instance.starts_at)
            self.initial.update(
                day=starts.date(),
                start=starts.time(),
                end=timezone.localtime(self.instance.ends_at).time(),
            )
        self.order_fields(["training", "site", "day", "start", "end", "capacity"])

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            self.instance.starts_at = timezone.make_aware(datetime.combine(day, start))
            self.instance.ends_at = timezone.make_aware(datetime.combine(day, end))
            if end <= start:
                self.add_error("end", _("La séance doit finir après son début."))
            elif self.instance.starts_at < timezone.now() and not self.instance.pk:
                self.add_error("day", _("Choisissez une date à venir."))
        capacity = data.get("capacity")
        if capacity and self.instance.pk:
            confirmed = self.instance.bookings.confirmed().count()
            if capacity < confirmed:
                # People with a confirmed seat were told so: they cannot be moved back.
                self.add_error(
                    "capacity",
                    ngettext(
                        "Une personne a déjà une place confirmée. Gardez au moins une place, "
                        "ou annulez la séance.",
                        "%(count)s personnes ont déjà une place confirmée. Gardez au moins "
                        "%(count)s places, ou annulez la séance.",
                        confirmed,
                    )
                    % {"count": confirmed},
                )
        return data


class CancelSessionForm(forms.Form):
    note = forms.CharField(
        label=_("Message aux personnes inscrites"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Elles reçoivent ce message par e-mail."),
        error_messages={"required": _("Expliquez pourquoi la séance est annulée.")},
    )


class DecisionForm(forms.Form):
    """The federation's note when it refuses (required) or accepts (optional)."""

    note = forms.CharField(
        label=_("Note pour le centre"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
