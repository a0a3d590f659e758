"""The prescriber's referral form: the person, their agreement, the reason. The training is
chosen beforehand in the directory search (``choose.py``), never in a drop-down."""

from typing import NamedTuple

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.audit.fields import NissFormField
from tremplin.intake.booking import normalise_phone, validate_postal_code
from tremplin.intake.models import ConsentMethod, age_on
from tremplin.intake.referrals import check_consent_day
from tremplin.intake.states import CandidacyStatus, WithdrawalReason
from tremplin.www.centre.candidacies.forms import DATE, AccessibleForm


class ReferralForm(AccessibleForm, forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom"), max_length=100)
    birth_date = forms.DateField(label=_("Date de naissance"), widget=DATE)
    niss = NissFormField(label=_("Numéro de registre national (NISS)"), required=False)
    email = forms.EmailField(label=_("E-mail de la personne"), required=False)
    phone = forms.CharField(label=_("Téléphone de la personne"), required=False, max_length=20)
    postal_code = forms.RegexField(
        label=_("Code postal de la personne"),
        regex=r"^[1-9][0-9]{3}$",
        required=False,
        error_messages={"invalid": _("Un code postal belge a 4 chiffres, par exemple 5000.")},
    )
    consent_method = forms.ChoiceField(
        label=_("Comment la personne a donné son accord"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
    )
    consent_given_on = forms.DateField(
        label=_("Date de l'accord"), widget=DATE, initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("Pourquoi orientez-vous cette personne vers cette formation ?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    barriers_shared = forms.BooleanField(
        label=_("La personne accepte que je partage ses difficultés avec le centre"),
        required=False,
    )
    barriers = forms.CharField(
        label=_("Difficultés rencontrées (seulement si la personne est d'accord)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome_consent = forms.BooleanField(
        label=_(
            "La personne accepte que l'on m'informe de la suite après la signature du "
            "contrat (formation commencée, suspendue, arrêtée, terminée, sortie vers un emploi "
            "ou une formation)"
        ),
        help_text=_("Facultatif. Elle peut retirer cet accord à tout moment."),
        required=False,
    )
    team = forms.ChoiceField(label=_("Équipe qui suit cette orientation"))
    even_if_full = forms.BooleanField(
        label=_("Orienter quand même : la personne attend une place à la prochaine entrée"),
        required=False,
    )

    def __init__(self, *args, full=False, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not full:
            del self.fields["even_if_full"]
        self.teams = {str(team.pk): team for team in teams}
        if len(self.teams) > 1:
            self.fields["team"].choices = [("", "—")] + [
                (key, team.name) for key, team in self.teams.items()
            ]
        else:
            del self.fields["team"]

    def chosen_team(self):
        """The team chosen, or the only one, or none (the organisation shares with all)."""
        if "team" in self.fields:
            return self.teams[self.cleaned_data["team"]]
        return next(iter(self.teams.values()), None)

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return normalise_phone(value) if value else ""

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"]
        return validate_postal_code(value) if value else ""

    def clean_birth_date(self):
        birth = self.cleaned_data["birth_date"]
        age = age_on(birth, timezone.localdate())
        if not 15 <= age <= 100:
            raise forms.ValidationError(
                _("Cette date de naissance donne un âge de %(age)s ans : vérifiez-la."),
                params={"age": age},
            )
        return birth

    def clean(self):
        data = super().clean()
        if data.get("barriers", "").strip() and not data.get("barriers_shared"):
            self.add_error(
                "barriers",
                _("Ne notez les difficultés que si la personne accepte de les partager."),
            )
        typed_wrong = self.has_error("email") or self.has_error("phone")
        if not data.get("email") and not data.get("phone") and not typed_wrong:
            self.add_error(
                "email", _("Indiquez un e-mail ou un téléphone pour joindre la personne.")
            )
        consent_on = data.get("consent_given_on")
        problem = check_consent_day(consent_on) if consent_on else ""
        if problem:
            self.add_error("consent_given_on", problem)
        return data


class ConsentDayForm(AccessibleForm, forms.Form):
    """The day the person gave, or withdrew, their agreement."""

    day = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("La date de l'accord ne peut pas être dans le futur."))
        return day


class WithdrawReferralForm(AccessibleForm, forms.Form):
    """Why the prescriber withdraws the referral; ``version`` is the candidacy's version the
    page showed (someone else's change in between is refused, not overwritten)."""

    reason = forms.ChoiceField(
        label=_("Pourquoi retirer cette orientation ?"),
        choices=WithdrawalReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note pour le centre (facultatif)"),
        help_text=_("Pas de détail sur la santé ou la vie privée de la personne."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("reason") == WithdrawalReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Pour « Autre raison », expliquez-la dans la note."))
        return data


class StatusGroup(NamedTuple):
    label: object
    statuses: tuple[str, ...]


S = CandidacyStatus
# The list's statuses, as a counsellor asks « where is the person? ». Every status is in one
# group, so the counts add up to the number of referrals.
STATUS_GROUPS = {
    "waiting": StatusGroup(
        _("En attente du centre"),
        (S.NEW, S.INVITED, S.ATTENDED, S.INTERVIEW_PLANNED, S.INTERVIEWED),
    ),
    "admitted": StatusGroup(_("Acceptée"), (S.ADMITTED,)),
    "waiting_list": StatusGroup(_("Liste d'attente"), (S.WAITING_LIST,)),
    "refused": StatusGroup(_("Refusée"), (S.REFUSED,)),
    "contract_signed": StatusGroup(_("Contrat signé"), (S.CONTRACT_SIGNED,)),
    "withdrawn": StatusGroup(_("Retirée"), (S.WITHDRAWN,)),
    "expired": StatusGroup(_("Sans suite (expirée)"), (S.EXPIRED,)),
}


class ReferralListForm(AccessibleForm, forms.Form):
    """GET filters of « Orientations suivies ». An invalid value filters nothing."""

    whose = forms.ChoiceField(
        label=_("Orientations"),
        choices=[("", _("Toutes celles que je suis")), ("mine", _("Seulement les miennes"))],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Où en est-elle ?"),
        choices=[("", _("Toutes"))] + [(code, g.label) for code, g in STATUS_GROUPS.items()],
        required=False,
    )
    q = forms.CharField(label=_("Nom de la personne"), required=False, max_length=100)

    def _value(self, name) -> str:
        """A field's value when valid: a wrong field filters nothing, the others still do."""
        self.is_valid()
        return self.cleaned_data.get(name) or ""

    def narrow(self, referrals, user):
        """``referrals`` limited to the author and the name searched (not the status: the
        counts of each status are for these)."""
        if self._value("whose") == "mine":
            referrals = referrals.filter(prescriber=user)
        for word in self._value("q").split():
            referrals = referrals.filter(
                Q(person__first_name__unaccent__icontains=word)
                | Q(person__last_name__unaccent__icontains=word)
            )
        return referrals

    def chosen_status(self) -> str:
        return self._value("status")

    def by_status(self, referrals):
        code = self._value("status")
        if code:
            referrals = referrals.filter(candidacy__status__in=STATUS_GROUPS[code].statuses)
        return referrals
