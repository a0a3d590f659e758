"""Forms of the centre's candidacy pages (inbox, candidacy, person file). Every widget gets
``aria-describedby`` to its help text and errors (``AccessibleForm``; the Bootstrap classes come
from the site's form renderer); templates render fields with
``www/centre/candidacies/_field.html``.
"""

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin import formatting
from tremplin.audit.fields import NissFormField
from tremplin.intake.eligibility_checks import ASKED_FACTS
from tremplin.intake.models import (
    NEEDS,
    EvidenceType,
    Interview,
    Person,
    age_on,
)
from tremplin.intake.states import CandidacyStatus, RefusalReason, Source
from tremplin.rules.facts import CERTIFICATES
from tremplin.rules.texts import CERTIFICATE_LABELS
from tremplin.www.listing import Column, ListFilterForm, Listing, date_filter

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
YES_NO_UNKNOWN = [("", _("Je ne sais pas")), ("yes", _("Oui")), ("no", _("Non"))]


def session_choices(sessions, empty_label) -> list[tuple[str, str]]:
    """Choices of a session select: ``empty_label`` first, then each session's local time."""
    return [("", empty_label)] + [
        (str(s.pk), formatting.short_moment(s.starts_at)) for s in sessions
    ]


class AccessibleForm:
    """Mixin: help and errors linked to each field for screen readers (the Bootstrap classes
    come from the site's form renderer, ``tremplin.www.forms``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            self.style(name, field)

    def style(self, name, field):
        if field.help_text:
            field.widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-help"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                described = widget.attrs.get("aria-describedby", "")
                error_id = f"id_{self.add_prefix(name)}-error"
                widget.attrs["aria-describedby"] = f"{error_id} {described}".strip()
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class InboxFilterForm(AccessibleForm, ListFilterForm):
    """The inbox's filters (``Candidacy.objects.matching``) and the dates it was received."""

    WAITING = [
        ("", _("Toutes")),
        ("7", _("Plus de 7 jours")),
        ("14", _("Plus de 14 jours")),
        ("30", _("Plus de 30 jours (à relancer)")),
    ]
    LOOKUPS = {"recue_du": "created_at__date__gte", "recue_au": "created_at__date__lte"}
    status = forms.ChoiceField(
        label=_("Étape"),
        required=False,
        choices=[("", _("Toutes les candidatures en cours")), *CandidacyStatus.choices],
    )
    source = forms.ChoiceField(
        label=_("Origine"), required=False, choices=[("", _("Toutes")), *Source.choices]
    )
    session = forms.ChoiceField(label=_("Séance d'information"), required=False)
    waiting = forms.ChoiceField(label=_("Sans action depuis"), required=False, choices=WAITING)
    recue_du = date_filter(_("Reçue à partir du"))
    recue_au = date_filter(_("Reçue jusqu'au"))

    def __init__(self, data, rows=None, *, sessions=()):
        super().__init__(data, rows)
        self.fields["session"].choices = session_choices(sessions, _("Toutes"))

    def filter(self, candidacies):
        data = self.cleaned_data if self.is_valid() else {}
        found = candidacies.matching(
            status=data.get("status", ""),
            source=data.get("source", ""),
            session=data.get("session"),
            waiting_days=int(data["waiting"]) if data.get("waiting") else None,
        )
        return super().filter(found)


INBOX = Listing(
    columns=[
        Column("personne", _("Personne"), ("person__last_name", "person__first_name")),
        Column("etape", _("Étape"), ("status",)),
        Column("origine", _("Origine"), ("source",)),
        Column("seance", _("Séance"), (F("session__starts_at"),)),
        Column("recue", _("Reçue le"), ("created_at",)),
        Column("action", _("Dernière action"), ("updated_at",)),
    ],
    default="recue",
    form=InboxFilterForm,
)


class BatchForm(AccessibleForm, forms.Form):
    ACTIONS = [
        ("invite", _("Inviter à une séance")),
        ("attend", _("Marquer présentes à la séance")),
        ("refuse", _("Refuser")),
    ]
    action = forms.ChoiceField(label=_("Action pour les candidatures cochées"), choices=ACTIONS)
    session = forms.ChoiceField(
        label=_("Séance (pour une invitation)"),
        required=False,
        help_text=_("Laissez vide si vous donnez la date autrement (téléphone, courrier)."),
    )
    refusal_reason = forms.ChoiceField(
        label=_("Raison (pour un refus)"),
        required=False,
        choices=[("", "—"), *RefusalReason.choices],
    )
    decision_message = forms.CharField(
        label=_("Message aux personnes (pour un refus)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = session_choices(sessions, "—")


class TransitionForm(AccessibleForm, forms.Form):
    """One form for every workflow button; the view reads the fields the action needs."""

    name = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Note pour le journal (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    session = forms.ChoiceField(label=_("Séance d'information"), required=False)
    interview_at = forms.DateTimeField(
        label=_("Date et heure de l'entretien"), required=False, widget=DATETIME
    )
    refusal_reason = forms.ChoiceField(
        label=_("Raison du refus"), required=False, choices=[("", "—"), *RefusalReason.choices]
    )
    decision_message = forms.CharField(
        label=_("Message à la personne"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Envoyé par e-mail avec la décision. Restez simple et concret."),
    )
    derogation = forms.BooleanField(label=_("Admettre par dérogation"), required=False)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = session_choices(sessions, _("Date donnée autrement"))


class PersonForm(AccessibleForm, forms.ModelForm):
    niss = NissFormField(label=_("Numéro de registre national (NISS)"), required=False)

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "niss",
            "gender",
            "nationality_group",
            "email",
            "phone",
            "street",
            "postal_code",
            "highest_certificate",
            "forem_registration_date",
            "income_at_entry",
        ]
        widgets = {"birth_date": DATE, "forem_registration_date": DATE}

    def __init__(self, *args, show_niss=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = True
        if not show_niss:
            del self.fields["niss"]

    def clean_birth_date(self):
        birth = self.cleaned_data["birth_date"]
        if birth:
            age = age_on(birth, timezone.localdate())
            if not 15 <= age <= 100:
                raise forms.ValidationError(
                    _(
                        "Cette date de naissance donne un âge de %(age)s ans. "
                        "Une personne doit avoir entre 15 et 100 ans."
                    ),
                    params={"age": age},
                )
        return birth


class NewCandidacyForm(PersonForm):
    """A walk-in: the person file and the training they apply to."""

    training = forms.ChoiceField(label=_("Formation demandée"))
    create_anyway = forms.BooleanField(
        label=_("Ce n'est aucune de ces personnes : créer un nouveau dossier"), required=False
    )

    def __init__(self, *args, trainings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training"].choices = [(str(t.pk), t.name) for t in trainings]


class InterviewForm(AccessibleForm, forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["held_on", "motivation", "professional_project"] + [
            name for code, _label in NEEDS for name in (code, f"{code}_notes")
        ]
        widgets = {
            "held_on": DATE,
            "motivation": forms.Textarea(attrs={"rows": 3}),
            "professional_project": forms.Textarea(attrs={"rows": 3}),
            **{f"{code}_notes": forms.Textarea(attrs={"rows": 2}) for code, _l in NEEDS},
        }

    def __init__(self, *args, with_notes=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_notes:
            for code, _label in NEEDS:
                del self.fields[f"{code}_notes"]

    def need_rows(self):
        return [
            (self[code], self[f"{code}_notes"] if f"{code}_notes" in self.fields else None)
            for code, _label in NEEDS
        ]


def yes_no(label):
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=YES_NO_UNKNOWN,
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
    )


class EligibilityForm(AccessibleForm, forms.Form):
    forem_registered = yes_no(
        _("La personne est inscrite au Forem comme demandeuse d'emploi inoccupée")
    )
    months_registered_last_24 = forms.IntegerField(
        label=_("Mois d'inscription au Forem sur les 24 derniers mois"),
        required=False,
        min_value=0,
        max_value=24,
    )
    highest_certificate = forms.ChoiceField(
        label=_("Diplôme le plus élevé"),
        required=False,
        choices=[("", _("Je ne sais pas")), *((c, CERTIFICATE_LABELS[c]) for c in CERTIFICATES)],
    )
    integration_income = yes_no(_("Reçoit le revenu d'intégration (CPAS)"))
    equivalent_social_aid = yes_no(
        _("Reçoit une aide sociale équivalente du CPAS (sans droit au revenu d'intégration)")
    )
    disability_recognised = yes_no(_("Handicap reconnu (AViQ ou équivalent)"))
    incapacity_percent = forms.IntegerField(
        label=_("Taux d'incapacité (%)"), required=False, min_value=0, max_value=100
    )
    justice_measure = yes_no(_("Détention, surveillance électronique ou libération conditionnelle"))
    sickness_benefit = yes_no(_("Indemnités de mutuelle (INAMI)"))
    foreign_origin = yes_no(_("Personne d'origine étrangère peu scolarisée"))
    reentering_labour_market = yes_no(_("Reprend le chemin du travail après une longue pause"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(4):
            self.fields[f"evidence_{index}_type"] = forms.ChoiceField(
                label=_("Document vu n° %(n)s") % {"n": index + 1},
                required=False,
                choices=[("", "—"), *EvidenceType.choices],
            )
            self.fields[f"evidence_{index}_date"] = forms.DateField(
                label=_("Date du document n° %(n)s") % {"n": index + 1},
                required=False,
                widget=DATE,
            )
            for name in (f"evidence_{index}_type", f"evidence_{index}_date"):
                self.style(name, self.fields[name])

    def fact_fields(self):
        return [self[name] for name in ASKED_FACTS]

    def evidence_rows(self):
        return [(self[f"evidence_{i}_type"], self[f"evidence_{i}_date"]) for i in range(4)]

    def clean(self):
        data = super().clean()
        for index in range(4):
            kind, day = data.get(f"evidence_{index}_type"), data.get(f"evidence_{index}_date")
            if kind and not day:
                self.add_error(f"evidence_{index}_date", _("Indiquez la date du document."))
            if day and not kind:
                self.add_error(f"evidence_{index}_type", _("Indiquez quel document vous avez vu."))
            if day and day > timezone.localdate():
                self.add_error(
                    f"evidence_{index}_date", _("La date du document ne peut pas être future.")
                )
        return data

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        data["highest_certificate"] = data.get("highest_certificate") or None
        return {name: data.get(name) for name in ASKED_FACTS}

    def evidence(self) -> list:
        return [
            (self.cleaned_data[f"evidence_{i}_type"], self.cleaned_data[f"evidence_{i}_date"])
            for i in range(4)
            if self.cleaned_data.get(f"evidence_{i}_type")
        ]


class QuotaForm(AccessibleForm, forms.Form):
    places = forms.IntegerField(
        label=_("Places par dérogation cette année"), min_value=0, max_value=500
    )
    note = forms.CharField(label=_("Base du calcul"), required=False, max_length=300)


class CentreAnswerForm(AccessibleForm, forms.Form):
    ANSWERS = [
        ("accept", _("J'invite la personne à une séance d'information")),
        ("refuse", _("Je ne peux pas accueillir cette personne")),
    ]
    answer = forms.ChoiceField(label=_("Votre réponse"), choices=ANSWERS, widget=forms.RadioSelect)
    refusal_reason = forms.ChoiceField(
        label=_("Raison (si vous refusez)"),
        required=False,
        choices=[("", "—"), *RefusalReason.choices],
    )
    message = forms.CharField(
        label=_("Message à la personne"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pour une invitation : la date, l'heure et l'adresse de la séance."),
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == "refuse" and not data.get("refusal_reason"):
            self.add_error("refusal_reason", _("Choisissez la raison du refus."))
        if data.get("answer") == "accept" and not data.get("message", "").strip():
            self.add_error("message", _("Donnez la date et le lieu de la séance."))
        return data
