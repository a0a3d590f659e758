"""Forms of the continuing-training pages (federation editing, coordinator decisions,
attendance, survey, public catalogue filters)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin import formatting
from tremplin.accounts.models import CENTRE_ROLES
from tremplin.directory.search import WALLOON_REGION
from tremplin.staff_training.models import (
    OPEN_QUESTION,
    SCORE_QUESTIONS,
    Module,
    Registration,
    Session,
    Theme,
)
from tremplin.territory.models import PostalCode, Province
from tremplin.training.surveys import SurveyForm


class ModuleForm(forms.ModelForm):
    audience = forms.MultipleChoiceField(
        label=_("Public visé"),
        choices=[(r.value, r.label) for r in CENTRE_ROLES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins une fonction visée.")},
    )

    class Meta:
        model = Module
        fields = ["title", "theme", "audience", "trainer_name", "hours", "price", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class SessionForm(forms.ModelForm):
    start_day = forms.DateField(
        label=_("Premier jour"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Heure de début"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_day = forms.DateField(
        label=_("Dernier jour"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    postal_code_text = forms.CharField(
        label=_("Code postal"),
        required=False,
        max_length=4,
        help_text=_("4 chiffres. Vide pour une session en ligne."),
    )

    class Meta:
        model = Session
        fields = ["online", "venue", "capacity", "registration_deadline", "trainer", "status"]
        widgets = {
            "registration_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }

    def __init__(self, *args, module, trainers, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.module = module
        self.fields["trainer"].queryset = trainers
        self.fields["status"].choices = [
            (Session.Status.DRAFT, _("Brouillon (pas encore dans le catalogue)")),
            (Session.Status.PUBLISHED, _("Publiée (visible, inscriptions ouvertes)")),
        ]
        if self.instance.pk:
            starts = timezone.localtime(self.instance.starts_at)
            ends = timezone.localtime(self.instance.ends_at)
            self.initial.update(
                start_day=starts.date(),
                start_time=starts.time(),
                end_day=ends.date(),
                end_time=ends.time(),
                postal_code_text=self.instance.postal_code.code
                if self.instance.postal_code_id
                else "",
            )
        self.order_fields(
            [
                "start_day",
                "start_time",
                "end_day",
                "end_time",
                "online",
                "venue",
                "postal_code_text",
                "capacity",
                "registration_deadline",
                "trainer",
                "status",
            ]
        )

    def clean(self):
        data = super().clean()
        parts = [data.get(k) for k in ("start_day", "start_time", "end_day", "end_time")]
        if all(parts):
            starts = timezone.make_aware(dt.datetime.combine(parts[0], parts[1]))
            ends = timezone.make_aware(dt.datetime.combine(parts[2], parts[3]))
            self.instance.starts_at, self.instance.ends_at = starts, ends
            if ends <= starts:
                self.add_error("end_day", _("La session doit finir après son début."))
            elif starts < timezone.now() and not self.instance.pk:
                self.add_error("start_day", _("Choisissez une date à venir."))
            deadline = data.get("registration_deadline")
            if deadline and deadline > parts[0]:
                self.add_error(
                    "registration_deadline",
                    _("Les inscriptions doivent fermer au plus tard le premier jour."),
                )
        self._clean_place(data)
        capacity = data.get("capacity")
        if capacity and self.instance.pk:
            confirmed = self.instance.registrations.confirmed().count()
            if capacity < confirmed:
                self.add_error(
                    "capacity",
                    _(
                        "%(n)s personnes ont déjà une place confirmée : gardez au moins "
                        "%(n)s places, ou annulez des inscriptions."
                    )
                    % {"n": confirmed},
                )
        return data

    def _clean_place(self, data):
        code = (data.get("postal_code_text") or "").strip()
        if data.get("online"):
            self.instance.postal_code = None
            data["venue"] = ""
            self.instance.venue = ""
            return
        if not data.get("venue"):
            self.add_error("venue", _("Indiquez le lieu, ou cochez « en ligne »."))
        postal_code = PostalCode.objects.filter(code=code).order_by("pk").first() if code else None
        if postal_code is None:
            self.add_error(
                "postal_code_text", _("Indiquez un code postal belge existant, par exemple 5000.")
            )
        self.instance.postal_code = postal_code


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Raison du refus (envoyée à la personne)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CancelSessionForm(forms.Form):
    note = forms.CharField(
        label=_("Message aux personnes inscrites"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttendanceForm(forms.Form):
    """One radio group per confirmed seat."""

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (Registration.Attendance.PRESENT, Registration.Attendance.PRESENT.label),
            (Registration.Attendance.ABSENT, Registration.Attendance.ABSENT.label),
        ]
        for registration in registrations:
            self.fields[str(registration.pk)] = forms.ChoiceField(
                label=str(registration.user),
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=registration.attendance
                if registration.attendance != Registration.Attendance.UNKNOWN
                else None,
            )

    def values(self) -> dict[str, str]:
        return {key: value for key, value in self.cleaned_data.items() if value}


class StaffSurveyForm(SurveyForm):
    questions = SCORE_QUESTIONS
    open_question = OPEN_QUESTION


class CatalogueFilterForm(forms.Form):
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    month = forms.ChoiceField(label=_("Mois"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)

    ONLINE = "en-ligne"

    def __init__(self, data, months: list[dt.date]):
        super().__init__(data)
        self.fields["theme"].choices = [("", _("Tous les thèmes")), *Theme.choices]
        self.fields["month"].choices = [("", _("Tous les mois"))] + [
            (m.strftime("%Y-%m"), formatting.month(m)) for m in months
        ]
        self.fields["province"].choices = [
            ("", _("Toutes les provinces")),
            (self.ONLINE, _("En ligne")),
            *Province.objects.filter(region_id=WALLOON_REGION).values_list("nis_code", "name_fr"),
        ]

    def filter(self, sessions):
        if not self.is_valid():
            return sessions
        data = self.cleaned_data
        if data["theme"]:
            sessions = sessions.filter(module__theme=data["theme"])
        if data["month"]:
            year, month = (int(x) for x in data["month"].split("-"))
            sessions = sessions.filter(starts_at__year=year, starts_at__month=month)
        if data["province"] == self.ONLINE:
            sessions = sessions.filter(online=True)
        elif data["province"]:
            sessions = sessions.filter(postal_code__municipality__province=data["province"])
        return sessions
