"""Public API of the directory: centres near a place, one centre, upcoming information sessions.

The contract is in issue 3. Anonymous, read-only, throttled per IP (scope ``public``). Bad
input gives HTTP 400 with a French ``detail`` and the ``errors`` per parameter, never a 500.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from tremplin.api.throttling import PublicRateThrottle
from tremplin.directory.enums import Method, Objective, Sector
from tremplin.directory.models import Centre, InfoSession
from tremplin.directory.search import (
    MAX_RADIUS_KM,
    InfoSessionSearchForm,
    search_directory,
    sessions_near,
)


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
    address = serializers.CharField(source="site.address")
    seats_left = serializers.IntegerField()
    booking_url = serializers.SerializerMethodField()

    def get_booking_url(self, session) -> str:
        return self.context["request"].build_absolute_uri(session.get_booking_url())


class InfoSessionNearSerializer(InfoSessionSerializer):
    centre_id = serializers.UUIDField()
    centre_name = serializers.CharField(source="centre.name")
    distance_km = serializers.IntegerField(allow_null=True)


class CentreSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    methods = serializers.ListField(child=serializers.ChoiceField(choices=Method.choices))
    distance_km = serializers.IntegerField(
        allow_null=True, help_text="Distance en km (arrondie) jusqu'au site le plus proche."
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


# The list endpoints build their JSON with the plain functions below (several times faster than
# DRF serializers for a page of 20 centres); the serializers above describe the same shape for
# the OpenAPI schema and serve the detail endpoint. tests/directory/test_api.py checks both.
ZERO_UUID = "00000000-0000-0000-0000-000000000000"


class Links:
    """Absolute URLs for one response, reversing each URL name once."""

    def __init__(self, request):
        self.base = request.build_absolute_uri("/")[:-1]
        self.centre = self.base + reverse("public:centre_detail", args=[ZERO_UUID])
        self.booking = self.base + InfoSession(pk=ZERO_UUID).get_booking_url()

    def centre_url(self, centre) -> str:
        return self.centre.replace(ZERO_UUID, str(centre.pk))

    def booking_url(self, session) -> str:
        return self.booking.replace(ZERO_UUID, str(session.pk))


def site_data(site) -> dict:
    return {
        "id": site.pk,
        "name": site.name,
        "address": site.street,
        "postal_code": site.postal_code.code,
        "municipality": site.postal_code.municipality.name_fr,
        "latitude": site.latitude,
        "longitude": site.longitude,
    }


def training_summary_data(training) -> dict:
    return {
        "id": training.pk,
        "name": training.name,
        "objective": training.objective,
        "sector": training.sector,
        "method": training.method,
    }


def session_data(session, links: Links) -> dict:
    return {
        "id": session.pk,
        "starts_at": timezone.localtime(session.starts_at).isoformat(),
        "ends_at": timezone.localtime(session.ends_at).isoformat(),
        "training": session.training.name if session.training_id else None,
        "training_id": session.training_id,
        "address": session.site.address,
        "seats_left": session.seats_left,
        "booking_url": links.booking_url(session),
    }


def centre_summary_data(centre, links: Links) -> dict:
    sessions = centre.next_sessions
    return {
        "id": centre.pk,
        "name": centre.name,
        "methods": centre.methods,
        "distance_km": centre.distance_km,
        "sites": [site_data(site) for site in centre.sites.all()],
        "trainings": [training_summary_data(t) for t in centre.shown_trainings],
        "next_info_session": session_data(sessions[0], links) if sessions else None,
        "url": links.centre_url(centre),
    }


def session_near_data(session, links: Links) -> dict:
    return {
        **session_data(session, links),
        "centre_id": session.centre_id,
        "centre_name": session.centre.name,
        "distance_km": session.distance_km,
    }


# Rendered answers of recent searches, in two places: the shared cache (Redis), so that a search
# is computed once for all server processes, and a copy in each process, so that a repeated
# search costs no round trip at all. Both expire TREMPLIN_SEARCH_CACHE_SECONDS after the answer
# was computed (docs/decisions/0311-directory-search-speed.md).
answers = LocMemCache("tremplin-directory-answers", {"OPTIONS": {"MAX_ENTRIES": 500}})


@receiver(setting_changed)
def _forget_answers(*, setting, **kwargs):
    if setting in {"TREMPLIN_SEARCH_CACHE_SECONDS", "CACHES"}:
        answers.clear()


def recall_answer(key: str) -> bytes | None:
    """This process's copy of an answer, else the shared one (copied here until it expires)."""
    body = answers.get(key)
    if body is None and (shared := cache.get(key)) is not None:
        expires_at, body = shared
        answers.set(key, body, expires_at - time.time())
    return body


def remember_answer(key: str, body: bytes) -> None:
    seconds = settings.TREMPLIN_SEARCH_CACHE_SECONDS
    cache.set(key, (time.time() + seconds, body), seconds)
    answers.set(key, body, seconds)


def search_cache_key(request) -> str | None:
    """Identical searches within ``TREMPLIN_SEARCH_CACHE_SECONDS`` share one answer (the
    ranking seed changes daily, so the day is part of the key). ``None``: no caching."""
    if not settings.TREMPLIN_SEARCH_CACHE_SECONDS:
        return None
    params = sorted((k, v) for k, values in request.query_params.lists() for v in values)
    raw = "|".join(
        [request.get_host(), get_language() or "", timezone.localdate().isoformat(), str(params)]
    )
    return "directory:centres:" + hashlib.sha256(raw.encode()).hexdigest()


def bad_request(form) -> Response:
    return Response(
        {"detail": form.first_error(), "errors": {k: list(v) for k, v in form.errors.items()}},
        status=400,
    )


class PublicAPIView(GenericAPIView):
    """Anonymous, read-only, throttled per IP."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    throttle_scope = "public"


ERROR_RESPONSE = inline_serializer(
    "ErreurDeRecherche",
    {"detail": serializers.CharField(), "errors": serializers.DictField()},
)
RADIUS = OpenApiParameter(
    "radius_km", int, description=f"Rayon en km (1 à {MAX_RADIUS_KM}, 25 par défaut)."
)
NEAR = OpenApiParameter("near", str, description="Code postal (5000) ou nom de commune (Namur).")


class JSONOnly(BaseContentNegotiation):
    """JSON whatever the ``Accept`` header says: the list answer is rendered once, then cached."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CentreListView(PublicAPIView):
    serializer_class = CentreSummarySerializer
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly

    @extend_schema(
        summary="Chercher des centres près d'un lieu",
        parameters=[
            NEAR,
            RADIUS,
            OpenApiParameter("sector", str, enum=Sector.values),
            OpenApiParameter("objective", str, enum=Objective.values),
            OpenApiParameter("method", str, enum=Method.values),
            OpenApiParameter("q", str, description="Texte libre : métier, mot-clé."),
            OpenApiParameter("province", str, description="Code NIS de la province."),
            OpenApiParameter("ibefe", str, description="Code du bassin IBEFE."),
            OpenApiParameter("public", str),
            OpenApiParameter("language", str),
            OpenApiParameter("session_within_weeks", int),
            OpenApiParameter("page", int),
        ],
        responses={200: CentreSummarySerializer(many=True), 400: ERROR_RESPONSE},
    )
    def get(self, request):
        key = search_cache_key(request)
        cached = recall_answer(key) if key else None
        if cached is None:
            search = search_directory(request.query_params)
            if not search.is_valid:
                return bad_request(search.form)
            page = self.paginate_queryset(search.centres())
            links = Links(request)
            data = self.get_paginated_response([centre_summary_data(c, links) for c in page]).data
            cached = JSONRenderer().render(data)
            if key:
                remember_answer(key, cached)
        # Already rendered JSON (the same bytes DRF's JSON renderer gives).
        return HttpResponse(cached, content_type="application/json")


class CentreDetailView(PublicAPIView):
    serializer_class = CentreDetailSerializer

    @extend_schema(summary="Un centre publié, ses sites, formations et prochaines séances")
    def get(self, request, pk):
        centre = get_object_or_404(Centre.objects.published().with_public_details(), pk=pk)
        return Response(self.get_serializer(centre).data)


class InfoSessionListView(PublicAPIView):
    serializer_class = InfoSessionNearSerializer

    @extend_schema(
        summary="Séances d'information à venir avec des places libres",
        parameters=[
            NEAR,
            RADIUS,
            OpenApiParameter("from", OpenApiTypes.DATE, description="À partir de cette date."),
            OpenApiParameter("page", int),
        ],
        responses={200: InfoSessionNearSerializer(many=True), 400: ERROR_RESPONSE},
    )
    def get(self, request):
        form = InfoSessionSearchForm(request.query_params)
        if not form.is_valid():
            return bad_request(form)
        sessions = sessions_near(
            form.place, form.cleaned_data["radius_km"], form.cleaned_data.get("from")
        )
        page = self.paginate_queryset(sessions)
        links = Links(request)
        return self.get_paginated_response([session_near_data(s, links) for s in page])


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
