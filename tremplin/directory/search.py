"""Search the directory: what a person can ask (forms, French messages) and the texts around
the results (active filters, ways out of zero results).

``search_directory(data, today)`` validates what the person typed and finds the place; the
query itself, its ranking and the JSON of a page are in ``directory/ranking.py`` (one SQL
statement per page, see docs/decisions/0301 and 0312).
"""

import copy
import functools
from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from tremplin.directory.enums import Language, Method, Objective, Public, Sector
from tremplin.directory.ranking import (
    DEFAULT_RADIUS_KM,
    MAX_RADIUS_KM,
    Links,
    Query,
    text_query_terms,
)
from tremplin.prepared import fetch_all
from tremplin.territory.lookup import AmbiguousPlace, Place, find_place, suggest_places

EARTH_HALF_CIRCUMFERENCE_KM = 20_100  # no point on Earth is further
RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (25, "25 km"), (50, "50 km"), (100, "100 km")]
SESSION_WEEKS_CHOICES = [
    ("", _("Peu importe")),
    (1, _("Dans la semaine")),
    (2, _("Dans les 2 semaines")),
    (4, _("Dans le mois")),
    (8, _("Dans les 2 mois")),
]
MAX_QUERY_LENGTH = 100
WALLOON_REGION = "03000"  # NIS code of the Walloon Region
MAX_PLACE_LENGTH = 80
AMBIGUOUS_WHOLE = _("Plusieurs lieux s'appellent « %(text)s ». Choisissez le vôtre.")
AMBIGUOUS_START = _(
    "Plusieurs communes commencent par « %(text)s ». Choisissez la vôtre ou tapez son nom complet."
)
# Filters on trainings: a centre matches when one of its active trainings matches them all.
TRAINING_FILTERS = ("sector", "objective", "method", "public", "language", "session_within_weeks")


def _blank(choices, label):
    return [("", label), *choices]


def _choices_of(enum, label):
    """The choices of ``enum`` after a blank ``label``, as a callable, translated once per
    language (fixed labels of the code, like Django's own catalogues; no data). Django
    deep-copies a form's fields at every request and copies a callable by reference; the
    search page shows about a hundred of these labels (docs/performance.md, "Directory
    search")."""

    @functools.cache
    def translated(language):
        return [("", str(label)), *((value, str(name)) for value, name in enum.choices)]

    return lambda: translated(get_language())


# The provinces and the IBEFE areas of the search form, in one prepared statement (two ORM
# queries cost a tenth of the page). Ordered by name as the models are.
_AREAS_SQL = """
SELECT 'province', nis_code, name_fr, region_id = %(region)s,
       row_number() OVER (ORDER BY name_fr, nis_code)
FROM territory_province
UNION ALL
SELECT 'ibefe', code, name, true, row_number() OVER (ORDER BY name, code)
FROM territory_ibefearea
"""


def _area_choices() -> dict[str, list]:
    """``{"province": choices, "ibefe": choices}``: the Walloon provinces (all of them where
    the territory has no Walloon province, as in tests) and the IBEFE areas, each after its
    blank choice."""
    rows = sorted(fetch_all(_AREAS_SQL, {"region": WALLOON_REGION}), key=lambda row: row[4])
    provinces = [row for row in rows if row[0] == "province"]
    provinces = [row for row in provinces if row[3]] or provinces
    return {
        "province": _blank([row[1:3] for row in provinces], _("Toutes les provinces")),
        "ibefe": _blank([row[1:3] for row in rows if row[0] == "ibefe"], _("Tous les bassins")),
    }


class _FieldsCopiedLightly(dict):
    """The fields of a form class, copied for each form as Django does (``copy.deepcopy`` of
    ``base_fields``) minus the deep copy of their choices and lazy labels, which no form
    changes: each form gets its own field, widget, widget attributes, error messages and
    validators. Django's deep copy of the search form's eleven fields cost more than a tenth
    of an answer of the API (docs/decisions/0316)."""

    def __deepcopy__(self, memo):
        return {name: _copy_field(field) for name, field in self.items()}


def _copy_field(field: forms.Field) -> forms.Field:
    copied = copy.copy(field)
    copied.widget = copy.copy(field.widget)
    copied.widget.attrs = dict(field.widget.attrs)
    copied.error_messages = dict(field.error_messages)
    copied.validators = list(field.validators)
    return copied


def _once(function):
    """A callable that calls ``function`` the first time only (lazy choices read once)."""
    result = []

    def call():
        if not result:
            result.append(function())
        return result[0]

    return call


class PlaceForm(forms.Form):
    """A place typed by a person (postal code or name) and a radius around it."""

    near = forms.CharField(
        label=_("Code postal ou commune"),
        required=False,
        max_length=MAX_PLACE_LENGTH,
        help_text=_("Par exemple : 5000 ou Namur."),
        error_messages={"max_length": _("Tapez un code postal ou un nom de commune plus court.")},
    )
    radius_km = forms.IntegerField(
        label=_("Distance maximum"),
        required=False,
        min_value=1,
        max_value=MAX_RADIUS_KM,
        widget=forms.Select(choices=RADIUS_CHOICES),
        error_messages={
            "invalid": _("La distance doit être un nombre de kilomètres."),
            "min_value": _("La distance doit être d'au moins 1 km."),
            "max_value": _("La distance ne peut pas dépasser %(limit_value)s km."),
        },
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("radius_km"):
            # Without a radius the select must show the default radius the search uses.
            data = data.copy()
            data["radius_km"] = str(DEFAULT_RADIUS_KM)
        super().__init__(data, *args, **kwargs)
        self.place: Place | None = None
        self.place_suggestions: list[Place] = []

    def clean_near(self):
        text = " ".join(self.cleaned_data["near"].split())
        if not text:
            return ""
        digits = text.replace(" ", "")
        # Non-Latin digits (٥٠٠٠) are a malformed code, not an unknown one.
        if digits.isdigit() and (len(digits) != 4 or not digits.isascii()):
            raise forms.ValidationError(_("Un code postal belge a 4 chiffres, par exemple 5000."))
        try:
            self.place = find_place(text)
        except AmbiguousPlace as ambiguous:
            # Not decided for the person: the candidates are offered as suggestions.
            self.place_suggestions = ambiguous.places
            raise forms.ValidationError(
                AMBIGUOUS_WHOLE if ambiguous.whole else AMBIGUOUS_START, params={"text": text}
            ) from None
        if self.place is None:
            self.place_suggestions = suggest_places(text, limit=5)
            if digits.isdigit():
                message = _("Le code postal %(code)s n'existe pas en Belgique.")
                raise forms.ValidationError(message, params={"code": digits})
            raise forms.ValidationError(
                _("Nous ne trouvons pas « %(text)s ». Vérifiez le nom de la commune."),
                params={"text": text},
            )
        return text

    def clean(self):
        data = super().clean()
        if data.get("radius_km") is None:
            data["radius_km"] = DEFAULT_RADIUS_KM
        return data

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class DirectorySearchForm(PlaceForm):
    """What a person can search on. Used as is by the page and the API (GET parameters)."""

    # Choices set per form in __init__ (read once, only if rendered or validated).
    province = forms.ChoiceField(label=_("Province"), required=False)
    ibefe = forms.ChoiceField(label=_("Bassin IBEFE"), required=False)
    q = forms.CharField(
        label=_("Métier ou mot-clé"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Par exemple : maçon, cuisine, alphabétisation."),
        error_messages={
            "max_length": _("Tapez au plus %(limit_value)d caractères dans la recherche.")
        },
    )
    sector = forms.ChoiceField(
        label=_("Secteur"), required=False, choices=_choices_of(Sector, _("Tous les secteurs"))
    )
    objective = forms.ChoiceField(
        label=_("Objectif"),
        required=False,
        choices=_choices_of(Objective, _("Tous les objectifs")),
    )
    method = forms.ChoiceField(
        label=_("Méthode"),
        required=False,
        choices=_choices_of(Method, _("Les deux méthodes")),
    )
    public = forms.ChoiceField(
        label=_("Public"), required=False, choices=_choices_of(Public, _("Tout le monde"))
    )
    language = forms.ChoiceField(
        label=_("Aide dans une autre langue"),
        required=False,
        choices=_choices_of(Language, _("Pas besoin")),
    )
    session_within_weeks = forms.TypedChoiceField(
        label=_("Prochaine séance d'information"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=lambda: SESSION_WEEKS_CHOICES,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Reference lists are read once per form, and only if rendered or validated.
        areas = _once(_area_choices)
        self.fields["province"].choices = lambda: areas()["province"]
        self.fields["ibefe"].choices = lambda: areas()["ibefe"]
        invalid_choice = _("Ce choix n'existe pas. Choisissez dans la liste.")
        for name in ("province", "ibefe", "sector", "objective", "method", "public", "language"):
            self.fields[name].error_messages["invalid_choice"] = invalid_choice
        self.fields["session_within_weeks"].error_messages["invalid_choice"] = invalid_choice

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].split())
        if text and not text_query_terms(text):
            raise forms.ValidationError(
                _("Tapez au moins un mot de deux lettres ou plus, par exemple « cuisine ».")
            )
        return text


@dataclass
class Suggestion:
    """A way out of zero results: a message and the search parameters that would help."""

    message: str
    params: dict = field(default_factory=dict)


@dataclass
class SearchPage:
    """One page of results: ``results`` is the JSON text of the centres (the API's shape)."""

    number: int
    size: int
    total: int
    results: str

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def exists(self) -> bool:
        return self.number == 1 or self.number <= self.num_pages

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


@dataclass
class DirectorySearch:
    form: DirectorySearchForm
    today: date
    criteria: dict = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return self.form.is_valid()

    @property
    def place(self) -> Place | None:
        return self.form.place

    @property
    def radius_km(self) -> int:
        return self.criteria.get("radius_km") or DEFAULT_RADIUS_KM

    def query(self, **changes) -> Query:
        return Query(dict(self.criteria, **changes), self.place, self.today)

    def page(self, number: int, size: int, links: Links) -> SearchPage:
        """Matching published centres, nearest first, ties rotated daily: one SQL statement."""
        total, results = self.query().page(number, size, links)
        return SearchPage(number, size, total, results)

    def explain_empty(self) -> list[Suggestion]:
        return explain_empty(self)

    def active_filters(self) -> list[tuple[str, str]]:
        """(field name, readable "label : value") of each filter in use."""
        out = []
        for name in ("province", "ibefe", "q", *TRAINING_FILTERS):
            value = self.criteria.get(name)
            if value in ("", None):
                continue
            form_field = self.form.fields[name]
            shown = (
                dict(form_field.choices).get(value, value)
                if hasattr(form_field, "choices")
                else value
            )
            out.append((name, f"{form_field.label} : {shown}"))
        return out


def search_directory(data, today: date | None = None) -> DirectorySearch:
    """Validate ``data`` (GET parameters) and prepare the search. Check ``is_valid`` first."""
    form = DirectorySearchForm(data)
    search = DirectorySearch(form=form, today=today or timezone.localdate())
    if form.is_valid():
        search.criteria = dict(form.cleaned_data)
    return search


DirectorySearchForm.base_fields = _FieldsCopiedLightly(DirectorySearchForm.base_fields)


class InfoSessionSearchForm(PlaceForm):
    """Upcoming information sessions near a place, from a date (API ``from`` parameter)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(
            label=_("À partir du"),
            required=False,
            input_formats=["%Y-%m-%d"],
            error_messages={
                "invalid": _("Donnez la date au format AAAA-MM-JJ, par exemple 2026-09-01.")
            },
        )

    def clean_from(self):
        day = self.cleaned_data.get("from")
        if day and day > timezone.localdate() + timedelta(days=366):
            raise forms.ValidationError(_("Choisissez une date dans l'année qui vient."))
        return day


def explain_empty(search: DirectorySearch) -> list[Suggestion]:
    """Why nothing was found, and which change of the search would find something."""
    suggestions = []
    criteria = search.criteria
    if search.place is not None:
        radius = search.radius_km
        nearest = search.query(radius_km=EARTH_HALF_CIRCUMFERENCE_KM).nearest_km()
        if nearest is not None and nearest <= MAX_RADIUS_KM:
            needed = next(
                (r for r, _label in RADIUS_CHOICES if r >= nearest and r > radius), MAX_RADIUS_KM
            )
            message = _(
                "Aucun centre à moins de %(radius)s km. Le plus proche est à %(nearest)s km : "
                "élargissez la distance à %(needed)s km."
            ) % {"radius": radius, "nearest": round(nearest), "needed": needed}
            suggestions.append(Suggestion(message, {"radius_km": needed}))
        elif nearest is not None:
            message = _(
                "Aucun centre à moins de %(radius)s km. Le plus proche est à %(nearest)s km : "
                "cherchez sans commune pour voir toute la Wallonie."
            ) % {"radius": radius, "nearest": round(nearest)}
            suggestions.append(Suggestion(message, {"near": "", "radius_km": ""}))
    for name in ("q", *TRAINING_FILTERS, "province", "ibefe"):
        if criteria.get(name) in ("", None):
            continue
        count = search.query(**{name: None if name == "session_within_weeks" else ""}).count()
        if count:
            label = DirectorySearchForm.base_fields[name].label
            message = ngettext(
                "Sans le filtre « %(filter)s », vous trouvez %(count)d centre.",
                "Sans le filtre « %(filter)s », vous trouvez %(count)d centres.",
                count,
            ) % {"filter": label, "count": count}
            suggestions.append(Suggestion(message, {name: ""}))
    if not suggestions:
        suggestions.append(
            Suggestion(
                str(
                    _(
                        "Aucun centre ne correspond à cette recherche. Essayez avec moins de "
                        "filtres ou une autre commune."
                    )
                ),
                {},
            )
        )
    return suggestions


__all__ = [
    "DEFAULT_RADIUS_KM",
    "MAX_RADIUS_KM",
    "DirectorySearch",
    "DirectorySearchForm",
    "InfoSessionSearchForm",
    "SearchPage",
    "Suggestion",
    "explain_empty",
    "search_directory",
]
