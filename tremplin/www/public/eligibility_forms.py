"""The questions of the "Suis-je éligible ?" simulator: one small form per step.

Each step owns some answers; answers travel between steps in a signed hidden field (nothing is
stored on the server). "Je ne sais pas" is always possible and means "unknown", never "no".
"""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.intake.booking import validate_postal_code
from tremplin.rules.facts import (
    CERTIFICATES,
    CHILDREN_MAX,
    COMMUTE_KM_MAX,
    DATE_MIN,
    HOURS_PER_WEEK_MAX,
    MONTHS_MAX,
    PERCENT_MAX,
    WEEKS_MAX,
    Situation,
)
from tremplin.rules.texts import CERTIFICATE_LABELS, MESSAGES, number_errors

UNKNOWN = "unknown"
YES_NO_UNKNOWN = [("yes", _("Oui")), ("no", _("Non")), (UNKNOWN, _("Je ne sais pas"))]
TRI_STATE = {"yes": True, "no": False, UNKNOWN: None}


def tri_state_field(label):
    return forms.ChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une réponse. « Je ne sais pas » est possible.")},
    )


def tri_state_initial(value) -> str | None:
    return {True: "yes", False: "no"}.get(value, UNKNOWN if value is None else None)


def number_field(label, maximum, message, help_text="", decimal=False, min_message=None):
    field_class = forms.DecimalField if decimal else forms.IntegerField
    options = {"max_digits": 6, "decimal_places": 1} if decimal else {}
    return field_class(
        label=label,
        required=False,
        min_value=0,
        max_value=maximum,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "decimal" if decimal else "numeric"}),
        error_messages=number_errors(message, decimal=decimal, min_message=min_message),
        **options,
    )


def json_value(value):
    return str(value) if isinstance(value, Decimal) else value


class Step(forms.Form):
    """One question. ``keys`` are the answers it owns, ``why`` says why we ask."""

    question = ""
    why = ""
    keys: tuple[str, ...] = ()

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        return {key: answers.get(key) for key in cls.keys if answers.get(key) is not None}

    def answers(self) -> dict:
        """JSON-friendly answers from ``cleaned_data`` (decimals as text, read back by
        ``situation_from_answers``)."""
        return {key: json_value(self.cleaned_data.get(key)) for key in self.keys}


class TriStateStep(Step):
    """Steps whose answers are all yes / no / don't know."""

    @classmethod
    def initial_from(cls, answers):
        return {key: tri_state_initial(answers.get(key)) for key in cls.keys if key in answers}

    def answers(self):
        return {key: TRI_STATE[self.cleaned_data[key]] for key in self.keys}


class BirthDateStep(Step):
    question = _("Quelle est votre date de naissance ?")
    why = _(
        "Il faut avoir fini l'école obligatoire pour entrer dans un CISP. En Belgique, "
        "l'école est obligatoire jusqu'à la fin de l'année scolaire de l'année de vos 18 ans, "
        "ou jusqu'à vos 18 ans s'ils viennent avant."
    )
    keys = ("birth_date",)
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        required=False,
        help_text=_("Par exemple : 31/05/1990. Si vous préférez ne pas répondre, laissez vide."),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        error_messages={"invalid": MESSAGES["date_typed_invalid"]},
    )

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(MESSAGES["birth_date_future"])
        if value and value < DATE_MIN:
            raise forms.ValidationError(MESSAGES["birth_date_too_old"])
        return value

    def answers(self):
        value = self.cleaned_data.get("birth_date")
        return {"birth_date": value.isoformat() if value else None}


class ForemStep(TriStateStep):
    question = _("Êtes-vous inscrit ou inscrite comme demandeur ou demandeuse d'emploi au Forem ?")
    why = _(
        "La plupart des personnes entrent dans un CISP parce qu'elles sont inscrites au Forem "
        "comme demandeur ou demandeuse d'emploi (on dit aussi « DEI »). Le Forem est le service "
        "public de l'emploi en Wallonie."
    )
    keys = ("forem_registered",)
    forem_registered = tri_state_field(
        _("Inscrit ou inscrite au Forem comme demandeur ou demandeuse d'emploi")
    )


class MonthsStep(Step):
    question = _(
        "Pendant les 24 derniers mois (2 ans), combien de mois étiez-vous inscrit ou inscrite au "
        "Forem ?"
    )
    why = _(
        "Si vous êtes inscrit ou inscrite depuis longtemps (au moins 18 mois sur 24), vous pouvez "
        "entrer "
        "même avec certains diplômes."
    )
    keys = ("months_registered_last_24",)
    months_registered_last_24 = number_field(
        _("Nombre de mois (de 0 à 24)"),
        MONTHS_MAX,
        MESSAGES["months_too_many"],
        help_text=_("Si vous ne savez pas, laissez vide."),
        min_message=MESSAGES["months_negative"],
    )


class CertificateStep(Step):
    question = _("Quel est votre diplôme le plus élevé ?")
    why = _(
        "Les CISP sont d'abord pour les personnes qui ont au maximum le CE2D "
        "(4e année du secondaire réussie). Avec plus, d'autres situations permettent d'entrer."
    )
    keys = ("highest_certificate",)
    highest_certificate = forms.ChoiceField(
        label=_("Diplôme le plus élevé"),
        choices=[
            *((code, CERTIFICATE_LABELS[code]) for code in CERTIFICATES),
            (UNKNOWN, _("Je ne sais pas, ou j'ai un diplôme d'un autre pays")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une réponse. « Je ne sais pas » est possible.")},
    )

    @classmethod
    def initial_from(cls, answers):
        if "highest_certificate" not in answers:
            return {}
        return {"highest_certificate": answers["highest_certificate"] or UNKNOWN}

    def answers(self):
        value = self.cleaned_data["highest_certificate"]
        return {"highest_certificate": None if value == UNKNOWN else value}


class DisabilityStep(Step):
    question = _("Avez-vous un handicap reconnu ou une incapacité de travail ?")
    why = _(
        "Avec un handicap reconnu par l'AViQ (l'Agence pour une vie de qualité) ou une "
        "incapacité de travail d'au moins 30 %, vous pouvez entrer, quel que soit votre diplôme."
    )
    keys = ("disability_recognised", "incapacity_percent")
    disability_recognised = tri_state_field(
        _("Handicap reconnu par l'AViQ (ou un organisme équivalent)")
    )
    incapacity_percent = number_field(
        _("Taux d'incapacité de travail, en % (si vous le connaissez)"),
        PERCENT_MAX,
        MESSAGES["percent_range"],
        help_text=_(
            "Il est écrit sur la décision de l'assurance, du tribunal ou de la mutuelle. "
            "Écrivez 0 si vous n'avez pas d'incapacité reconnue. "
            "Laissez vide si vous ne savez pas."
        ),
    )

    @classmethod
    def initial_from(cls, answers):
        initial = {}
        if "disability_recognised" in answers:
            initial["disability_recognised"] = tri_state_initial(answers["disability_recognised"])
        if answers.get("incapacity_percent") is not None:
            initial["incapacity_percent"] = answers["incapacity_percent"]
        return initial

    def answers(self):
        return {
            "disability_recognised": TRI_STATE[self.cleaned_data["disability_recognised"]],
            "incapacity_percent": self.cleaned_data["incapacity_percent"],
        }


SITUATIONS = [
    ("integration_income", _("Je reçois le revenu d'intégration du CPAS")),
    (
        "equivalent_social_aid",
        _(
            "Je reçois du CPAS une aide sociale équivalente "
            "(je n'ai pas droit au revenu d'intégration)"
        ),
    ),
    (
        "justice_measure",
        _("Je suis en prison, sous bracelet électronique ou en libération conditionnelle"),
    ),
    ("sickness_benefit", _("Je reçois des indemnités de ma mutuelle")),
    ("foreign_origin", _("Je suis une personne réfugiée ou étrangère avec un droit de séjour")),
    ("reentering_labour_market", _("Je veux retravailler après une longue pause")),
]
NONE_OF_THEM = "none"


class SituationsStep(Step):
    question = _("Êtes-vous dans une de ces situations ?")
    why = _(
        "Ces situations permettent aussi d'entrer dans un CISP, parfois sans être inscrit ou "
        "inscrite "
        "au Forem. Cochez tout ce qui vous concerne."
    )
    keys = tuple(key for key, _label in SITUATIONS)
    situations = forms.MultipleChoiceField(
        label=_("Mes situations"),
        choices=[
            *SITUATIONS,
            (NONE_OF_THEM, _("Aucune de ces situations")),
            (UNKNOWN, _("Je ne sais pas, ou je préfère ne pas répondre")),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Cochez au moins une case. « Je ne sais pas » est possible.")
        },
    )

    @classmethod
    def initial_from(cls, answers):
        if not any(key in answers for key in cls.keys):
            return {}
        chosen = [key for key in cls.keys if answers.get(key)]
        if chosen:
            return {"situations": chosen}
        if all(answers.get(key) is False for key in cls.keys):
            return {"situations": [NONE_OF_THEM]}
        return {"situations": [UNKNOWN]}

    def clean_situations(self):
        chosen = set(self.cleaned_data["situations"])
        exclusive = chosen & {NONE_OF_THEM, UNKNOWN}
        if exclusive and len(chosen) > 1:
            raise forms.ValidationError(
                _("« Aucune » et « Je ne sais pas » ne vont pas avec une autre case.")
            )
        return chosen

    def answers(self):
        chosen = self.cleaned_data["situations"]
        if UNKNOWN in chosen:
            return dict.fromkeys(self.keys)
        return {key: key in chosen for key in self.keys}


class TrainingStep(Step):
    question = _("Combien d'heures de formation pensez-vous suivre ?")
    why = _(
        "Vous recevez une allocation pour chaque heure de formation suivie. "
        "Avec ces chiffres, nous estimons le montant. Un CISP propose souvent 20 à 30 heures "
        "par semaine."
    )
    keys = ("planned_hours_per_week", "planned_weeks")
    planned_hours_per_week = number_field(
        _("Heures par semaine"),
        HOURS_PER_WEEK_MAX,
        MESSAGES["hours_range"],
        help_text=_("Si vous ne savez pas, laissez vide."),
        decimal=True,
    )
    planned_weeks = number_field(
        _("Nombre de semaines"),
        WEEKS_MAX,
        MESSAGES["weeks_range"],
        help_text=_("Par exemple 20 semaines, environ 5 mois."),
    )


class CostsStep(Step):
    question = _("Vos trajets et la garde de vos enfants")
    why = _(
        "Le Forem peut rembourser une partie de vos trajets et de vos frais de garde d'enfants."
    )
    keys = ("commute_km", "children_in_childcare")
    commute_km = number_field(
        _("Distance entre chez vous et le centre, en km"),
        COMMUTE_KM_MAX,
        MESSAGES["km_range"],
        help_text=_("Si vous ne savez pas encore, laissez vide."),
        decimal=True,
    )
    children_in_childcare = number_field(
        _("Nombre d'enfants à faire garder pendant la formation"),
        CHILDREN_MAX,
        MESSAGES["children_range"],
        help_text=_("Écrivez 0 si vous n'avez pas d'enfant à faire garder."),
    )


class PostalCodeStep(Step):
    question = _("Quel est votre code postal ?")
    why = _(
        "Pour vous montrer les formations près de chez vous à la fin. "
        "Vous pouvez laisser vide. Nous n'enregistrons rien."
    )
    keys = ("postal_code",)
    postal_code = forms.RegexField(
        label=_("Code postal"),
        regex=r"^[1-9][0-9]{3}$",
        required=False,
        help_text=_("4 chiffres, par exemple 5000."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 4}
        ),
        error_messages={"invalid": _("Un code postal belge a 4 chiffres, par exemple 5000.")},
    )

    def clean_postal_code(self):
        # A code that does not exist (9999) would end on a search of centres that fails.
        code = self.cleaned_data["postal_code"]
        return validate_postal_code(code) if code else code

    def answers(self):
        return {"postal_code": self.cleaned_data["postal_code"] or None}


STEPS: list[type[Step]] = [
    BirthDateStep,
    ForemStep,
    MonthsStep,
    CertificateStep,
    DisabilityStep,
    SituationsStep,
    TrainingStep,
    CostsStep,
    PostalCodeStep,
]


def situation_from_answers(answers: dict, on_date: datetime.date) -> Situation:
    """Turn the JSON answers of the steps into the engine's ``Situation``."""
    data = {name: answers.get(name) for name in Situation.field_names()}
    if data["birth_date"]:
        data["birth_date"] = datetime.date.fromisoformat(data["birth_date"])
    for name in ("planned_hours_per_week", "commute_km"):
        if data[name] is not None:
            data[name] = Decimal(data[name])
    data["on_date"] = on_date
    return Situation.from_dict(data)
