"""``GET /api/v1/stats/sector/<year>/``: the sector report JSON, for federation analysts only
(issue 7). Anonymous: 403 (session authentication); other roles: 403."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.accounts.capabilities import Capability, can
from tremplin.api.schema import errors
from tremplin.stats.indicators import sector_report


class IsFederationAnalyst(BasePermission):
    message = "Réservé aux analystes de la fédération."

    def has_permission(self, request, view):
        return can(request.user, Capability.SEE_SECTOR_STATS)


class SectorReportView(APIView):
    permission_classes = [IsAuthenticated, IsFederationAnalyst]

    @extend_schema(
        summary=_("Statistiques du secteur pour une année"),
        description=_(
            "Un indicateur par clé (centres, filières, stagiaires sous contrat, heures, profil à "
            "l'entrée, interruptions, sorties, situation à six mois, satisfaction), avec le "
            "total et les répartitions par province, bassin IBEFE, objectif, méthode et secteur. "
            "Les cases de moins de 5 personnes sont masquées."
        ),
        responses={200: OpenApiTypes.OBJECT, **errors(403, 404)},
        tags=[_("statistiques")],
    )
    def get(self, request, year: int):
        return Response(sector_report(year))


urlpatterns = [
    path("stats/sector/<int:year>/", SectorReportView.as_view(), name="api-stats-sector"),
]
