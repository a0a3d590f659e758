"""Public directory pages: the search ("Trouver un CISP") and the centre page."""

import functools
import json
from datetime import datetime

from django.db.models import Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from tremplin import formatting
from tremplin.accounts.capabilities import Capability, can, centres_where
from tremplin.directory.enums import Method, Objective, Sector
from tremplin.directory.models import Centre
from tremplin.directory.ranking import Links
from tremplin.directory.search import DirectorySearchForm, search_directory
from tremplin.www.decorators import public_view
from tremplin.www.fast_widgets import plain_widgets
from tremplin.www.forms import form_status

PAGE_SIZE = 20


def _query_with(request, **changes) -> str:
    """The current GET query with ``changes`` applied (empty value = parameter removed)."""
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value in ("", None):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()


def _map_points(centres) -> list[dict]:
    return [
        {
            "name": centre["name"],
            "url": centre["url"],
            "address": site["full_address"],
            "lat": site["latitude"],
            "lon": site["longitude"],
        }
        for centre in centres
        for site in centre["sites"]
    ]


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


@functools.cache
def _enum_labels(language: str) -> tuple[dict, ...]:
    """The labels of the methods, objectives and sectors in ``language``: fixed texts of the
    code, translated once per language (as Django's catalogues), not once per page."""
    return tuple(
        {code: str(label) for code, label in enum.choices} for enum in (Method, Objective, Sector)
    )


def _readable(centres: list[dict], radius_km: int) -> list[dict]:
    """The API's data of a page with the texts of the page (codes are the API's). Every label
    is translated once per page, not once per result (a result card rendered its texts
    through about twenty template tags: most of the page's time)."""
    methods, objectives, sectors = _enum_labels(get_language())
    at_km = gettext("À %(km)s km")
    session_at_km = gettext("à %(km)s km")
    beyond = gettext("à %(km)s km : plus loin que %(radius)s km")
    for centre in centres:
        centre["methods_display"] = ", ".join(methods.get(m, m) for m in centre["methods"])
        km = centre["distance_km"]
        if km is not None:
            centre["distance_text"] = gettext("À moins de 1 km") if km < 1 else at_km % {"km": km}
        for training in centre["trainings"]:
            training["objective_display"] = objectives.get(training["objective"], "")
            training["sector_display"] = sectors.get(training["sector"], "")
        session = centre["next_info_session"]
        if session:
            starts_at = datetime.fromisoformat(session["starts_at"])
            session["when"] = formatting.weekday_moment(starts_at)
            session["day"] = formatting.day(starts_at)
            if session["distance_km"] is not None:
                values = {"km": session["distance_km"], "radius": radius_km}
                text = session_at_km if session["within_radius"] else beyond
                session["distance_text"] = text % values
    return centres


# The search form's fields: (name, width of its column out of 12), then the criteria under
# "Plus de critères".
MAIN_FIELDS = [("near", 4), ("radius_km", 2), ("q", 6)]
MORE_FIELDS = [
    (name, 4)
    for name in ("sector", "objective", "method", "public", "language", "session_within_weeks")
]


def search_fields(form, main, more=(), more_open=False) -> str:
    """The fields of a directory search form in rows, by the compiled (Jinja2) fragment: the
    page's eleven fields took a template include each (decision 0315). Autoescaped."""
    fields = get_template("www/public/directory/_fields.html", using="jinja2")
    return mark_safe(
        fields.render(
            {
                "main": [(form[name], width) for name, width in main],
                "more": [(form[name], width) for name, width in more],
                "more_open": more_open,
                "more_label": gettext("Plus de critères"),
            }
        )
    )


def _result_cards(centres: list[dict]) -> str:
    """The cards of the results, rendered by the compiled (Jinja2) fragment: Django's engine
    spent most of the page's time on them (decision 0315). Autoescaped."""
    labels = {
        "methods": gettext("Méthodes :"),
        "trainings": gettext("Formations"),
        "next_session": gettext("Prochaine séance d'information :"),
        "book": gettext("S'inscrire"),
    }
    cards = get_template("www/public/directory/_results.html", using="jinja2")
    return mark_safe(cards.render({"centres": centres, "labels": labels}))


def search_query(query: QueryDict) -> str:
    """The parameters of a search (its fields and its page) in ``query``, as a query string:
    what a centre page needs to lead back to the same results, nothing else it was given."""
    kept = QueryDict(mutable=True)
    for name in (*DirectorySearchForm.base_fields, "page"):
        if query.get(name):
            kept[name] = query[name]
    return kept.urlencode()


def search_results(request, search, back_to_search: bool = False) -> dict:
    """The page of results of a valid search, ready for a template: ``page`` (number, total,
    pages), ``centres`` (the API's data with labels), ``query`` and, when nothing is found,
    ``suggestions`` (message, query) to get out of zero results. With ``back_to_search``, a
    centre's link carries the search, so that its page leads back to these results."""
    # Site-relative links (the API's are absolute).
    links = Links.relative(search_query(request.GET) if back_to_search else "")
    page = search.page(_page_number(request), PAGE_SIZE, links)
    if not page.exists:
        page = search.page(page.num_pages, PAGE_SIZE, links)
    context = {
        "page": page,
        "centres": _readable(json.loads(page.results), search.radius_km),
        "query": _query_with(request),
    }
    if not context["centres"]:
        context["suggestions"] = [
            (suggestion.message, _query_with(request, **suggestion.params))
            for suggestion in search.explain_empty()
        ]
    return context


def place_suggestions(request, form) -> list[tuple[str, str]]:
    """(label, query) of the places offered for a place unknown or named by several (the same
    search near each of them), for ``_search_errors.html``."""
    return [
        (place.label, _query_with(request, near=place.label)) for place in form.place_suggestions
    ]


@public_view("GET")
def directory_search(request):
    searched = any(value for value in request.GET.values())
    search = search_directory(request.GET if searched else None)
    plain_widgets(search.form)
    context = {
        "form": search.form,
        "search": search,
        "searched": searched,
        "page": None,
        "fields_html": search_fields(
            search.form,
            MAIN_FIELDS,
            [*MORE_FIELDS, ("province", 4), ("ibefe", 4)],
            more_open=bool(search.active_filters()),
        ),
    }
    if searched and search.is_valid:
        context.update(search_results(request, search, back_to_search=True))
        context["map_points"] = _map_points(context["centres"])
        context["results_html"] = _result_cards(context["centres"])
    elif searched:
        context["place_suggestions"] = place_suggestions(request, search.form)
    return render(
        request,
        "www/public/directory/search.html",
        context,
        status=form_status(search.form),
    )


@public_view("GET")
def centre_detail(request, pk):
    """A published centre; its own coordinators, and the federation that decides on its
    publication, also see it before publication (a preview)."""
    visible = Q(status=Centre.Status.PUBLISHED)
    if can(request.user, Capability.REVIEW_DIRECTORY):
        visible = Q()
    elif request.user.is_authenticated:
        editable = centres_where(request.user, Capability.EDIT_DIRECTORY_ENTRY)
        visible |= Q(pk__in=editable.values("pk"))
    centre = get_object_or_404(Centre.objects.filter(visible).with_public_details(), pk=pk)
    sites = list(centre.sites.all())
    return render(
        request,
        "www/public/directory/centre.html",
        {
            "centre": centre,
            "sites": sites,
            "sessions": centre.upcoming_sessions,
            "map_points": [
                {"name": s.name, "address": s.address, "lat": s.latitude, "lon": s.longitude}
                for s in sites
            ],
            "is_stale": centre.is_stale(timezone.localdate()),
            "back_query": search_query(request.GET),
        },
    )
