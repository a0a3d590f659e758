"""Search the directory: one entry point for the public page and the API.

``search_directory(data, today)`` validates what the person typed (a Django form, French
messages), finds the place, and returns a ``DirectorySearch`` whose ``centres`` queryset is
ordered nearest first with a fair daily rotation of ties, and makes a fixed number of queries
whatever the number of results (see docs/decisions/0301-directory-search.md).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import (
    CharField,
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import MD5, Cast, Concat, Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tremplin.directory.enums import Language, Method, Objective, Public, Sector
from tremplin.directory.models import Centre, InfoSession, Site, Training
from tremplin.territory.distance import distance_km_expression
from tremplin.territory.lookup import Place, find_place, normalise, suggest_places
from tremplin.territory.models import IbefeArea, Province

DEFAULT_RADIUS_KM = 25
MAX_RADIUS_KM = 100
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
# Filters on trainings: a centre matches when one of its active trainings matches them all.
TRAINING_FILTERS = ("sector", "objective", "method", "public", "language", "session_within_weeks")
_WORD = re.compile(r"[a-z0-9]+")


def _blank(choices, label):
    return [("", label), *choices]


def _province_choices():
    return _blank(
        [(p.nis_code, p.name_fr) for p in Province.objects.filter(region_id=WALLOON_REGION)]
        or [(p.nis_code, p.name_fr) for p in Province.objects.all()],
        _("Toutes les provinces"),
    )


def _ibefe_choices():
    return _blank([(a.code, a.name) for a in IbefeArea.objects.all()], _("Tous les bassins"))


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
        if digits.isdigit() and len(digits) != 4:
            raise forms.ValidationError(_("Un code postal belge a 4 chiffres, par exemple 5000."))
        self.place = find_place(text)
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

    province = forms.ChoiceField(label=_("Province"), required=False, choices=_province_choices)
    ibefe = forms.ChoiceField(label=_("Bassin IBEFE"), required=False, choices=_ibefe_choices)
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
        label=_("Secteur"), required=False, choices=_blank(Sector.choices, _("Tous les secteurs"))
    )
    objective = forms.ChoiceField(
        label=_("Objectif"),
        required=False,
        choices=_blank(Objective.choices, _("Tous les objectifs")),
    )
    method = forms.ChoiceField(
        label=_("Méthode"),
        required=False,
        choices=_blank(Method.choices, _("Les deux méthodes")),
    )
    public = forms.ChoiceField(
        label=_("Public"), required=False, choices=_blank(Public.choices, _("Tout le monde"))
    )
    language = forms.ChoiceField(
        label=_("Aide dans une autre langue"),
        required=False,
        choices=_blank(Language.choices, _("Pas besoin")),
    )
    session_within_weeks = forms.TypedChoiceField(
        label=_("Prochaine séance d'information"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=SESSION_WEEKS_CHOICES,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Reference lists are read once per form, and only if rendered or validated.
        self.fields["province"].choices = _once(_province_choices)
        self.fields["ibefe"].choices = _once(_ibefe_choices)
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


def text_query_terms(text: str) -> list[str]:
    """The words of a free-text search, accent-free, that can go into a prefix tsquery."""
    return [word for word in _WORD.findall(normalise(text)) if len(word) >= 2][:10]


def text_search_query(text: str) -> SearchQuery | None:
    """A French full-text query where each word also matches longer words (``macon:*``)."""
    terms = text_query_terms(text)
    if not terms:
        return None
    # Only [a-z0-9] reach the raw tsquery: nothing typed can change its syntax.
    raw = " & ".join(f"{term}:*" for term in terms)
    return SearchQuery(raw, search_type="raw", config="french")


@dataclass
class Suggestion:
    """A way out of zero results: a message and the search parameters that would help."""

    message: str
    params: dict = field(default_factory=dict)


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

    @property
    def has_criteria(self) -> bool:
        return any(
            value not in ("", None) for key, value in self.criteria.items() if key != "radius_km"
        )

    def centres(self) -> QuerySet:
        """Matching published centres, nearest first, ties rotated daily, all prefetched."""
        return centres_matching(self.criteria, self.place, self.today, with_details=True)

    def explain_empty(self) -> list[Suggestion]:
        return explain_empty(self.criteria, self.place, self.today)

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


def _matching_trainings(criteria: dict, today: date) -> QuerySet:
    trainings = Training.objects.published()
    if criteria.get("sector"):
        trainings = trainings.filter(sector=criteria["sector"])
    if criteria.get("objective"):
        trainings = trainings.filter(objective=criteria["objective"])
    if criteria.get("method"):
        trainings = trainings.filter(method=criteria["method"])
    if criteria.get("public"):
        trainings = trainings.for_public(criteria["public"])
    if criteria.get("language"):
        trainings = trainings.filter(language_support__contains=[criteria["language"]])
    if criteria.get("session_within_weeks"):
        start = timezone.make_aware(datetime.combine(today, time.min))
        end = start + timedelta(weeks=criteria["session_within_weeks"])
        sessions = InfoSession.objects.upcoming(start).filter(starts_at__lt=end)
        trainings = trainings.filter(
            Exists(sessions.filter(training=OuterRef("pk")))
            | Exists(sessions.filter(training__isnull=True, centre=OuterRef("centre")))
        )
    query = text_search_query(criteria.get("q") or "")
    if query is not None:
        trainings = trainings.filter(search_vector=query)
    return trainings


def _filters_trainings(criteria: dict) -> bool:
    return any(criteria.get(name) for name in (*TRAINING_FILTERS, "q"))


def _daily_seed(today: date):
    return Value(today.isoformat(), output_field=CharField())


def centres_matching(criteria: dict, place: Place | None, today: date, with_details=False):
    """The queryset behind the search (also used, without details, to count alternatives)."""
    trainings = _matching_trainings(criteria, today)
    filters_trainings = _filters_trainings(criteria)
    centres = Centre.objects.published()
    if filters_trainings:
        centres = centres.filter(Exists(trainings.filter(centre=OuterRef("pk"))))
    # Where the centre meets the criteria: the sites of its matching trainings, or all its sites.
    if filters_trainings:
        places = Site.objects.filter(
            Exists(trainings.filter(site=OuterRef("pk"))), centre=OuterRef("pk")
        )
    else:
        places = Site.objects.filter(centre=OuterRef("pk"))
    if criteria.get("province"):
        centres = centres.filter(
            Exists(places.filter(postal_code__municipality__province_id=criteria["province"]))
        )
    if criteria.get("ibefe"):
        centres = centres.filter(
            Exists(places.filter(postal_code__municipality__ibefe_area_id=criteria["ibefe"]))
        )
    order = []
    if place is not None:
        nearest = (
            places.annotate(distance=distance_km_expression(place.latitude, place.longitude))
            .order_by("distance")
            .values("distance")[:1]
        )
        centres = centres.annotate(
            exact_distance_km=Subquery(nearest, output_field=FloatField())
        ).filter(exact_distance_km__lte=criteria.get("radius_km") or DEFAULT_RADIUS_KM)
        # Distances are shown to the km; centres in the same km are ties (rotated daily).
        centres = centres.annotate(
            distance_km=Cast(Round(F("exact_distance_km")), output_field=IntegerField())
        )
        order.append("distance_km")
    else:
        centres = centres.annotate(distance_km=Value(None, output_field=IntegerField()))
    query = text_search_query(criteria.get("q") or "")
    if query is not None:
        best_rank = (
            trainings.filter(centre=OuterRef("pk"))
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by()
            .values("centre")
            .annotate(best=Max("rank"))
            .values("best")
        )
        # Rounded so that near-equal relevance is a tie too.
        centres = centres.annotate(
            relevance=Round(Subquery(best_rank, output_field=FloatField()), 2)
        )
        order.append(F("relevance").desc(nulls_last=True))
    centres = centres.annotate(
        daily_rank=MD5(Concat(Cast("id", output_field=CharField()), _daily_seed(today)))
    )
    centres = centres.order_by(*order, "daily_rank", "id")
    if with_details:
        centres = _with_details(centres, trainings if filters_trainings else None)
    return centres


def _with_details(centres: QuerySet, trainings: QuerySet | None) -> QuerySet:
    shown_trainings = (trainings if trainings is not None else Training.objects.active()).defer(
        "search_text", "search_vector"
    )
    next_session = (
        InfoSession.objects.upcoming()
        .with_seats_left()
        .select_related("training", "site__postal_code__municipality")
        .defer("training__search_text", "training__search_vector")
        .order_by("starts_at")
    )
    return centres.prefetch_related(
        Prefetch(
            "sites",
            queryset=Site.objects.select_related("postal_code__municipality").order_by("name"),
        ),
        Prefetch("trainings", queryset=shown_trainings.order_by("name"), to_attr="shown_trainings"),
        Prefetch("info_sessions", queryset=next_session[:1], to_attr="next_sessions"),
    )


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


def sessions_near(place: Place | None, radius_km: int, from_day: date | None) -> QuerySet:
    """Upcoming sessions of published centres with seats left, soonest first."""
    start = timezone.now()
    if from_day and from_day > timezone.localdate():
        start = timezone.make_aware(datetime.combine(from_day, time.min))
    sessions = (
        InfoSession.objects.upcoming(start)
        .published()
        .with_seats_left()
        .filter(seats_left__gte=1)
        .select_related("centre", "training", "site__postal_code__municipality")
        .defer("training__search_text", "training__search_vector")
    )
    if place is not None:
        sessions = sessions.annotate(
            exact_distance_km=distance_km_expression(
                place.latitude, place.longitude, "site__latitude", "site__longitude"
            )
        ).filter(exact_distance_km__lte=radius_km)
        sessions = sessions.annotate(
            distance_km=Cast(Round(F("exact_distance_km")), output_field=IntegerField())
        )
    else:
        sessions = sessions.annotate(distance_km=Value(None, output_field=IntegerField()))
    return sessions.order_by("starts_at", "id")


def explain_empty(criteria: dict, place: Place | None, today: date) -> list[Suggestion]:
    """Why nothing was found, and which change of the search would find something."""
    suggestions = []
    if place is not None:
        radius = criteria.get("radius_km") or DEFAULT_RADIUS_KM
        anywhere = dict(criteria, radius_km=EARTH_HALF_CIRCUMFERENCE_KM)
        nearest = (
            centres_matching(anywhere, place, today)
            .values_list("exact_distance_km", flat=True)
            .first()
        )
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
        relaxed = dict(criteria, **{name: None if name == "session_within_weeks" else ""})
        count = centres_matching(relaxed, place, today).count()
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
    "Suggestion",
    "centres_matching",
    "explain_empty",
    "InfoSessionSearchForm",
    "sessions_near",
    "search_directory",
    "text_search_query",
]
