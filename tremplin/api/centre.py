"""API of a centre's own tools: its trainings, groups, trainees (no NISS), contracts, and the
attendance register of a group week (read, and write with the ``attendance`` scope).

The lists come in pages of ``PAGE_SIZE`` in the public API's shape (``count``, ``next``,
``previous``, ``results``; ``?page=`` from 1, a page that does not exist is a 404), each page
in a fixed number of queries.

Every answer starts from the member's ``visible_to`` (or ``registrable_by``) and keeps only the
token's centre: another centre's object is a 404. Every person shown is written to the access
log with the token's id. The week is saved by ``training.register.save_sheet``: the same
validation, locks and optimistic version as the register page, all or nothing.
"""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.api.directory import NO_SUCH_PAGE, page_number
from tremplin.api.models import Scope
from tremplin.api.schema import errors, page_query
from tremplin.api.tokens import ApiTokenAuthentication, HasScope, TokenRateThrottle
from tremplin.api.week import WEEK_BODY, apply_week_body, sheet_data
from tremplin.audit.access import log_list_access
from tremplin.directory.models import Training
from tremplin.intake.models import Person
from tremplin.training import register
from tremplin.training.models import Contract, Group

ERROR = inline_serializer(
    "ErreurCentre",
    {"detail": serializers.CharField(), "errors": serializers.ListField(required=False)},
)
WEEK_CONFLICT = inline_serializer(
    "ConflitSemaine",
    {
        "detail": serializers.CharField(),
        "code": serializers.ChoiceField(choices=["stale_week", "locked_week"]),
        "version": serializers.IntegerField(
            required=False,
            help_text=gettext_lazy(
                "Avec « stale_week » : la version enregistrée de la semaine (0 si elle n'a "
                "jamais été enregistrée), à renvoyer après avoir relu la semaine."
            ),
        ),
    },
)


class CentreAPIView(APIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [TokenRateThrottle]
    required_scope = Scope.READ

    def dispatch(self, request, *args, **kwargs):
        """The API answers in French whatever Accept-Language says (tremplin/api/errors.py):
        its messages have English translations for the documentation page only."""
        with translation.override("fr"):
            response = super().dispatch(request, *args, **kwargs)
        response.headers["Content-Language"] = "fr"
        return response

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise NotAuthenticated(
                _("Authentification requise : envoyez « Authorization: Bearer <jeton> ».")
            )
        super().permission_denied(request, message=message, code=code)

    def finalize_response(self, request, response, *args, **kwargs):
        """Personal data: never kept in a cache (the middleware only sees session users)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)
        return response

    @property
    def organisation(self):
        return self.request.auth.organisation

    def log(self, people, view_name):
        log_list_access(self.request, people, view_name, self.organisation)


PAGE_SIZE = 100


class CentrePages(PageNumberPagination):
    """The public API's pages (``tremplin.api.directory``), ``PAGE_SIZE`` rows each."""

    page_size = PAGE_SIZE
    invalid_page_message = NO_SUCH_PAGE["detail"]

    def get_page_number(self, request, paginator):
        return page_number(request) or 0  # not a page number: no such page (404)


class CentreList(CentreAPIView, GenericAPIView):
    """A list, one page at a time: ``paginate_queryset`` (a count, then the page's rows), then
    ``answer`` with each row as a dict."""

    pagination_class = CentrePages

    def answer(self, page, as_dict) -> Response:
        return self.get_paginated_response([as_dict(row) for row in page])


def _list(schema_name, fields):
    return extend_schema(
        parameters=[page_query(PAGE_SIZE)],
        responses={
            200: inline_serializer(schema_name, fields, many=True),
            **errors(401, 403, 404, 429),
        },
        tags=[gettext_lazy("Centre (jeton)")],
    )


class TrainingList(CentreList):
    @_list(
        "FormationDuCentre",
        {
            "id": serializers.UUIDField(),
            "name": serializers.CharField(),
            "sector": serializers.CharField(),
            "objective": serializers.CharField(),
            "method": serializers.CharField(),
            "site_id": serializers.UUIDField(),
            "is_active": serializers.BooleanField(),
        },
    )
    def get(self, request):
        trainings = Training.objects.filter(centre__organisation=self.organisation)
        page = self.paginate_queryset(trainings.order_by("name", "pk"))
        return self.answer(
            page,
            lambda t: {
                "id": t.pk,
                "name": t.name,
                "sector": t.sector,
                "objective": t.objective,
                "method": t.method,
                "site_id": t.site_id,
                "is_active": t.is_active,
            },
        )


def groups_of(request, organisation):
    return Group.objects.visible_to(request.user).filter(
        training__centre__organisation=organisation
    )


class GroupList(CentreList):
    @_list(
        "GroupeDuCentre",
        {
            "id": serializers.UUIDField(),
            "name": serializers.CharField(),
            "training_id": serializers.UUIDField(),
            "trainer": serializers.CharField(),
            "starts_on": serializers.DateField(),
            "ends_on": serializers.DateField(),
        },
    )
    def get(self, request):
        groups = groups_of(request, self.organisation).select_related("trainer")
        page = self.paginate_queryset(groups.order_by("-starts_on", "name", "pk"))
        return self.answer(
            page,
            lambda g: {
                "id": g.pk,
                "name": g.name,
                "training_id": g.training_id,
                "trainer": g.trainer.get_full_name(),
                "starts_on": g.starts_on,
                "ends_on": g.ends_on,
            },
        )


def contracts_of(request, organisation):
    return Contract.objects.visible_to(request.user).filter(centre__organisation=organisation)


class TraineeList(CentreList):
    @_list(
        "StagiaireDuCentre",
        {
            "id": serializers.UUIDField(),
            "first_name": serializers.CharField(),
            "last_name": serializers.CharField(),
            "birth_date": serializers.DateField(allow_null=True),
            "email": serializers.CharField(),
            "phone": serializers.CharField(),
        },
    )
    def get(self, request):
        people = (
            Person.objects.filter(
                pk__in=contracts_of(request, self.organisation).values("person_id")
            )
            .only("id", "first_name", "last_name", "birth_date", "email", "phone")
            .order_by("last_name", "first_name", "pk")
        )
        page = self.paginate_queryset(people)
        self.log(page, "api-centre-trainees")
        return self.answer(
            page,
            lambda p: {
                "id": p.pk,
                "first_name": p.first_name,
                "last_name": p.last_name,
                "birth_date": p.birth_date,
                "email": p.email,
                "phone": p.phone,
            },
        )


class ContractList(CentreList):
    @_list(
        "ContratDuCentre",
        {
            "id": serializers.UUIDField(),
            "person_id": serializers.UUIDField(),
            "training_id": serializers.UUIDField(),
            "group_id": serializers.UUIDField(allow_null=True),
            "status": serializers.CharField(),
            "start_date": serializers.DateField(),
            "planned_end_date": serializers.DateField(),
            "actual_end_date": serializers.DateField(allow_null=True),
            "hours_per_week": serializers.DecimalField(max_digits=4, decimal_places=1),
        },
    )
    def get(self, request):
        contracts = contracts_of(request, self.organisation).select_related("person")
        page = self.paginate_queryset(contracts.order_by("start_date", "pk"))
        self.log((c.person for c in page), "api-centre-contracts")
        return self.answer(
            page,
            lambda c: {
                "id": c.pk,
                "person_id": c.person_id,
                "training_id": c.training_id,
                "group_id": c.group_id,
                "status": c.status,
                "start_date": c.start_date,
                "planned_end_date": c.planned_end_date,
                "actual_end_date": c.actual_end_date,
                "hours_per_week": str(c.hours_per_week),
            },
        )


class WeekView(CentreAPIView):
    write_scope = Scope.ATTENDANCE

    def group(self, pk):
        if self.request.method == "PUT":
            groups = Group.objects.registrable_by(self.request.user)
        else:
            groups = Group.objects.visible_to(self.request.user)
        groups = groups.filter(training__centre__organisation=self.organisation)
        return get_object_or_404(groups.select_related("training__centre"), pk=pk)

    def sheet(self, pk, monday):
        try:
            week_start = datetime.date.fromisoformat(monday)
        except ValueError:
            week_start = None
        if week_start is None or week_start.weekday() != 0:
            raise NotFound(
                _(
                    "« %(monday)s » : une semaine se donne par la date de son lundi, "
                    "AAAA-MM-JJ (par exemple 2025-01-06)."
                )
                % {"monday": monday[:20]}
            )
        group = self.group(pk)
        sheet = register.load_sheet(group, week_start)
        self.log((row.contract.person for row in sheet.rows), "api-centre-attendance")
        return group, sheet

    @extend_schema(
        summary=gettext_lazy("Le registre d'un groupe pour une semaine (lundi)"),
        responses={200: OpenApiTypes.OBJECT, **errors(401, 403, 404, 429)},
        tags=[gettext_lazy("Centre (jeton)")],
    )
    def get(self, request, pk, monday):
        _group, sheet = self.sheet(pk, monday)
        return Response(sheet_data(sheet))

    @extend_schema(
        summary=gettext_lazy(
            "Enregistrer la semaine entière (tout ou rien ; les cases absentes sont vidées)"
        ),
        request=WEEK_BODY,
        responses={
            200: OpenApiTypes.OBJECT,
            400: OpenApiResponse(
                ERROR, description=gettext_lazy("Semaine mal formée ou cases refusées.")
            ),
            409: OpenApiResponse(
                WEEK_CONFLICT,
                description=gettext_lazy(
                    "« locked_week » : semaine verrouillée, seule la coordination peut la "
                    "modifier. « stale_week » : la « version » envoyée n'est pas celle de la "
                    "semaine. Si la semaine a été enregistrée : « Quelqu'un a enregistré cette "
                    "semaine depuis votre lecture : la version enregistrée est N. » ; si elle "
                    "n'a jamais été enregistrée : « Cette semaine n'a encore jamais été "
                    "enregistrée : sa version est 0. » Rien n'est écrasé ; « version » donne "
                    "la version à renvoyer."
                ),
            ),
            **errors(401, 403, 404, 413, 415, 429),
        },
        tags=[gettext_lazy("Centre (jeton)")],
    )
    def put(self, request, pk, monday):
        group, sheet = self.sheet(pk, monday)
        return apply_week_body(request, group, sheet)


def token_view(view):
    """Authenticated by the token, not by the session: the login middleware lets it through."""
    return login_not_required(view.as_view())


urlpatterns = [
    path("centre/trainings/", token_view(TrainingList), name="api-centre-trainings"),
    path("centre/groups/", token_view(GroupList), name="api-centre-groups"),
    path("centre/trainees/", token_view(TraineeList), name="api-centre-trainees"),
    path("centre/contracts/", token_view(ContractList), name="api-centre-contracts"),
    path(
        "centre/groups/<uuid:pk>/attendance/<str:monday>/",
        token_view(WeekView),
        name="api-centre-attendance",
    ),
]
