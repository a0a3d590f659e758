"""Public API of the directory: centres near a place, one centre, upcoming information sessions.

The contract is in issue 3. Anonymous, read-only, throttled per IP (scope ``public``). Bad
input gives HTTP 400 with a French ``detail`` and the ``errors`` per parameter, never a 500.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from tremplin.api.schema import (
    PAGE,
    SEARCH_ERROR,
    WALLOON_PROVINCES,
    choice_query,
    errors,
    integer_query,
)
from tremplin.api.throttling import PublicRateThrottle
from tremplin.directory.enums import Language, Method, Objective, Public, Sector
from tremplin.directory.models import Centre
from tremplin.directory.ranking import Links, sessions_page
from tremplin.directory.search import (
    MAX_PLACE_LENGTH,
    MAX_QUERY_LENGTH,
    MAX_RADIUS_KM,
    SESSION_WEEKS_CHOICES,
    InfoSessionSearchForm,
    search_directory,
)
from tremplin.territory.reference import IBEFE_AREAS

PAGE_SIZE = 20


class SiteSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    address = serializers.CharField(source="street")
    postal_code = serializers.CharField(source="postal_code.code")
    municipality = serializers.CharField(source="postal_code.municipality.name_fr")
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()


class TrainingSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    objective = serializers.ChoiceField(choices=Objective.choices)
    sector = serializers.ChoiceField(choices=Sector.choices)
    method = serializers.ChoiceField(choices=Method.choices)


class TrainingSerializer(TrainingSummarySerializer):
    description = serializers.CharField()
    duration_weeks = serializers.IntegerField()
    hours_per_week = serializers.IntegerField()
    schedule = serializers.CharField()
    french_level = serializers.CharField()
    prerequisites = serializers.CharField()
    publics = serializers.ListField(child=serializers.CharField())
    language_support = serializers.ListField(child=serializers.CharField())
    places = serializers.IntegerField()
    next_intake = serializers.DateField(allow_null=True)
    site_id = serializers.UUIDField()


class InfoSessionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    training = serializers.CharField(source="training.name", allow_null=True, default=None)
    training_id = serializers.UUIDField(allow_null=True)
    place = serializers.CharField(source="site.name", help_text="Nom du lieu de la séance.")
    address = serializers.CharField(source="site.address")
    seats_left = serializers.IntegerField()
    booking_url = serializers.SerializerMethodField()
    distance_km = serializers.IntegerField(
        allow_null=True,
        default=None,
        help_text="Distance en km (arrondie) du lieu cherché au lieu de la séance ; "
        "null sans lieu cherché.",
    )
    within_radius = serializers.BooleanField(
        allow_null=True,
        default=None,
        help_text="La séance est-elle dans le rayon cherché ? null sans lieu cherché.",
    )

    def get_booking_url(self, session) -> str:
        return self.context["request"].build_absolute_uri(session.get_booking_url())


class InfoSessionNearSerializer(InfoSessionSerializer):
    centre_id = serializers.UUIDField()
    centre_name = serializers.CharField(source="centre.name")


class CentreSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    methods = serializers.ListField(child=serializers.ChoiceField(choices=Method.choices))
    distance_km = serializers.IntegerField(
        allow_null=True,
        help_text="Distance en km (arrondie) jusqu'au site le plus proche où se donne une "
        "formation qui correspond à la recherche.",
    )
    sites = SiteSerializer(many=True, source="sites.all")
    trainings = TrainingSummarySerializer(many=True, source="shown_trainings")
    next_info_session = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema(exclude=True)
    def get_url(self, centre) -> str:
        return self.context["request"].build_absolute_uri(centre.get_absolute_url())

    def get_next_info_session(self, centre) -> dict | None:
        sessions = centre.next_sessions
        if not sessions:
            return None
        return InfoSessionSerializer(sessions[0], context=self.context).data


class CentreDetailSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    agrement_number = serializers.CharField()
    legal_form = serializers.CharField()
    federation = serializers.CharField()
    methods = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.EmailField()
    website = serializers.URLField()
    accessibility = serializers.CharField()
    updated_at = serializers.DateTimeField()
    sites = SiteSerializer(many=True, source="sites.all")
    trainings = TrainingSerializer(many=True, source="active_trainings")
    info_sessions = InfoSessionSerializer(many=True, source="upcoming_sessions")


# The list endpoints get their JSON from PostgreSQL (directory/ranking.py: one statement per
# page); the serializers above describe the same shape for the OpenAPI schema and serve the
# detail endpoint. tests/directory/test_api.py checks both.


def page_number(request) -> int | None:
    """The ``page`` parameter (1 when absent), ``None`` when it is not a page number."""
    raw = request.query_params.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else None


NO_SUCH_PAGE = {"detail": "Cette page de résultats n'existe pas."}


def json_page(request, number: int, total: int, results: str) -> HttpResponse:
    """DRF's page shape (``count``, ``next``, ``previous``, ``results``) around the JSON text
    of the results, without decoding it."""
    url = request.build_absolute_uri()
    has_next = number * PAGE_SIZE < total
    next_url = replace_query_param(url, "page", number + 1) if has_next else None
    previous_url = None
    if number == 2:
        previous_url = remove_query_param(url, "page")
    elif number > 2:
        previous_url = replace_query_param(url, "page", number - 1)
    head = json.dumps({"count": total, "next": next_url, "previous": previous_url})
    return HttpResponse(
        f'{head[:-1]}, "results": {results}}}'.encode(), content_type="application/json"
    )


def bad_request(form) -> Response:
    """400: the first message, the messages per parameter and, for a place unknown or named by
    several, the places to search near instead (``places``)."""
    body = {"detail": form.first_error(), "errors": {k: list(v) for k, v in form.errors.items()}}
    if form.place_suggestions:
        body["places"] = [place.label for place in form.place_suggestions]
    return Response(body, status=400)


# Anonymous, read-only, throttled per IP. (A comment, not a docstring: the schema would show
# a docstring as the description of every operation, in English on the French page.)
class PublicAPIView(GenericAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    throttle_scope = "public"


RADIUS = integer_query(
    "radius_km",
    1,
    MAX_RADIUS_KM,
    format_lazy(_("Rayon en km (1 à {maximum}, 25 par défaut)."), maximum=MAX_RADIUS_KM),
)
NEAR = OpenApiParameter(
    "near",
    {"type": "string", "maxLength": MAX_PLACE_LENGTH},
    description=_(
        "Code postal (5000, chiffres latins) ou nom de commune (Namur). Un nom ou un début de "
        "nom porté par plusieurs communes (« Braine ») n'est pas choisi au hasard : réponse "
        "400 avec les lieux possibles dans places."
    ),
)
SEARCH_ERRORS = errors(400, 404, 429, bad_request=SEARCH_ERROR)


class JSONOnly(BaseContentNegotiation):
    """JSON whatever the ``Accept`` header says (the list answer is JSON built by PostgreSQL)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CentreListView(PublicAPIView):
    serializer_class = CentreSummarySerializer
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly

    @extend_schema(
        summary=_("Chercher des centres près d'un lieu"),
        parameters=[
            NEAR,
            RADIUS,
            choice_query("sector", Sector.values),
            choice_query("objective", Objective.values),
            choice_query("method", Method.values),
            OpenApiParameter(
                "q",
                {"type": "string", "maxLength": MAX_QUERY_LENGTH},
                description=_("Texte libre : métier, mot-clé."),
            ),
            choice_query("province", WALLOON_PROVINCES, _("Code NIS d'une province wallonne.")),
            choice_query("ibefe", IBEFE_AREAS, _("Code du bassin IBEFE.")),
            choice_query("public", Public.values, _("Public accueilli.")),
            choice_query("language", Language.values, _("Aide dans une autre langue.")),
            choice_query(
                "session_within_weeks",
                [weeks for weeks, _label in SESSION_WEEKS_CHOICES if weeks],
                _("Une séance d'information dans ce nombre de semaines."),
                type_=int,
            ),
            PAGE,
        ],
        responses={200: CentreSummarySerializer(many=True), **SEARCH_ERRORS},
    )
    def get(self, request):
        search = search_directory(request.query_params)
        if not search.is_valid:
            return bad_request(search.form)
        number = page_number(request)
        if number is None:
            return Response(NO_SUCH_PAGE, status=404)
        page = search.page(number, PAGE_SIZE, Links.absolute(request))
        if not page.exists:
            return Response(NO_SUCH_PAGE, status=404)
        return json_page(request, number, page.total, page.results)


class CentreDetailView(PublicAPIView):
    serializer_class = CentreDetailSerializer

    @extend_schema(
        summary=_("Un centre publié, ses sites, formations et prochaines séances"),
        responses={200: CentreDetailSerializer, **errors(404, 429)},
    )
    def get(self, request, pk):
        centre = get_object_or_404(Centre.objects.published().with_public_details(), pk=pk)
        return Response(self.get_serializer(centre).data)


class InfoSessionListView(PublicAPIView):
    serializer_class = InfoSessionNearSerializer
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly

    @extend_schema(
        summary=_("Séances d'information à venir avec des places libres"),
        parameters=[
            NEAR,
            RADIUS,
            OpenApiParameter(
                "from", OpenApiTypes.DATE, description=_("À partir de cette date (dans l'année).")
            ),
            PAGE,
        ],
        responses={200: InfoSessionNearSerializer(many=True), **SEARCH_ERRORS},
    )
    def get(self, request):
        form = InfoSessionSearchForm(request.query_params)
        if not form.is_valid():
            return bad_request(form)
        number = page_number(request)
        if number is None:
            return Response(NO_SUCH_PAGE, status=404)
        total, results = sessions_page(
            form.place,
            form.cleaned_data["radius_km"],
            form.cleaned_data.get("from"),
            number,
            PAGE_SIZE,
            Links.absolute(request),
        )
        if number > 1 and (number - 1) * PAGE_SIZE >= total:
            return Response(NO_SUCH_PAGE, status=404)
        return json_page(request, number, total, results)


urlpatterns = [
    path("centres/", login_not_required(CentreListView.as_view()), name="api-centres"),
    path(
        "centres/<uuid:pk>/",
        login_not_required(CentreDetailView.as_view()),
        name="api-centre-detail",
    ),
    path(
        "info-sessions/",
        login_not_required(InfoSessionListView.as_view()),
        name="api-info-sessions",
    ),
]
