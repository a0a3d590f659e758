"""Public directory pages: the search ("Trouver un CISP") and the centre page."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tremplin.accounts.capabilities import Capability, centres_where
from tremplin.directory.models import Centre
from tremplin.directory.search import search_directory
from tremplin.www.decorators import public_view

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
            "name": centre.name,
            "url": centre.get_absolute_url(),
            "address": site.address,
            "lat": site.latitude,
            "lon": site.longitude,
        }
        for centre in centres
        for site in centre.sites.all()
    ]


@public_view("GET")
def directory_search(request):
    searched = any(value for value in request.GET.values())
    search = search_directory(request.GET if searched else None)
    context = {"form": search.form, "search": search, "searched": searched, "page": None}
    if searched and search.is_valid:
        page = Paginator(search.centres(), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            map_points=_map_points(page.object_list),
            query=_query_with(request),
        )
        if not page.object_list:
            context["suggestions"] = [
                (suggestion.message, _query_with(request, **suggestion.params))
                for suggestion in search.explain_empty()
            ]
    elif searched:
        context["place_suggestions"] = [
            (place.label, _query_with(request, near=place.label))
            for place in search.form.place_suggestions
        ]
    return render(request, "www/public/directory/search.html", context)


@public_view("GET")
def centre_detail(request, pk):
    """A published centre; its own coordinators also see it before publication."""
    visible = Q(status=Centre.Status.PUBLISHED)
    if request.user.is_authenticated:
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
        },
    )
