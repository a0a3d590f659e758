"""``POST /api/v1/eligibility/``: the eligibility engine as a public JSON service.

Anonymous, throttled per IP (scope ``public``), nothing stored. Omitted fields are unknown,
not false. Bad input gives HTTP 400 with French messages per field.
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tremplin.api.parsers import require_json_body
from tremplin.api.schema import FIELD_ERRORS, errors
from tremplin.api.throttling import PublicRateThrottle
from tremplin.rules.engine import Situation, evaluate
from tremplin.rules.facts import (
    CERTIFICATES,
    CHILDREN_MAX,
    COMMUTE_KM_MAX,
    DATE_MAX,
    DATE_MIN,
    HOURS_PER_WEEK_MAX,
    MONTHS_MAX,
    PERCENT_MAX,
    WEEKS_MAX,
)
from tremplin.rules.texts import MESSAGES, number_errors


def _boolean(help_text: str) -> serializers.BooleanField:
    return serializers.BooleanField(
        required=False,
        allow_null=True,
        help_text=help_text,
        error_messages={"invalid": MESSAGES["boolean_invalid"]},
    )


def _integer(maximum: int, range_message: str, help_text: str, min_message=None):
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=maximum,
        help_text=help_text,
        error_messages=number_errors(range_message, min_message=min_message),
    )


def _decimal(maximum: int, range_message: str, help_text: str):
    return serializers.DecimalField(
        coerce_to_string=False,  # documented as a JSON number with its range
        required=False,
        allow_null=True,
        max_digits=6,
        decimal_places=2,
        min_value=0,
        max_value=maximum,
        help_text=help_text,
        error_messages=number_errors(range_message, decimal=True),
    )


def _date(help_text: str) -> serializers.DateField:
    return serializers.DateField(
        required=False,
        allow_null=True,
        input_formats=["iso-8601"],
        help_text=help_text,
        error_messages={"invalid": MESSAGES["date_invalid"], "datetime": MESSAGES["date_invalid"]},
    )


def _in_range(value):
    """Dates outside 1900–2100 make no sense here (and 9999-12-31 + weeks overflows)."""
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise serializers.ValidationError(MESSAGES["date_range"])
    return value


class SituationSerializer(serializers.Serializer):
    """A person's situation. Every field is optional: leave out what you do not know."""

    on_date = _date(
        "Date d'entrée en formation (AAAA-MM-JJ, entre 1900 et 2100). Par défaut : aujourd'hui."
    )
    birth_date = _date("Date de naissance (AAAA-MM-JJ, depuis 1900, pas dans le futur).")
    forem_registered = _boolean(
        "Inscrit ou inscrite au Forem comme demandeur ou demandeuse d'emploi sans emploi."
    )
    months_registered_last_24 = _integer(
        MONTHS_MAX,
        MESSAGES["months_too_many"],
        "Mois d'inscription au Forem pendant les 24 derniers mois (0 à 24).",
        min_message=MESSAGES["months_negative"],
    )
    highest_certificate = serializers.ChoiceField(
        choices=CERTIFICATES,
        required=False,
        allow_null=True,
        help_text="Diplôme le plus élevé : none, CEB, CE1D, CE2D, CQ6, CESS, higher.",
        error_messages={"invalid_choice": MESSAGES["certificate_unknown"]},
    )
    disability_recognised = _boolean("Handicap reconnu (AViQ ou équivalent).")
    incapacity_percent = _integer(
        PERCENT_MAX, MESSAGES["percent_range"], "Taux d'incapacité de travail (0 à 100)."
    )
    integration_income = _boolean("Reçoit le revenu d'intégration du CPAS.")
    equivalent_social_aid = _boolean(
        "Reçoit du CPAS une aide sociale équivalente au revenu d'intégration "
        "(sans droit au revenu d'intégration)."
    )
    justice_measure = _boolean("Détention, surveillance électronique ou libération conditionnelle.")
    sickness_benefit = _boolean("Reçoit des indemnités de la mutuelle (INAMI).")
    foreign_origin = _boolean("Personne réfugiée ou étrangère autorisée au séjour.")
    reentering_labour_market = _boolean("Reprend une activité après une longue interruption.")
    planned_hours_per_week = _decimal(
        HOURS_PER_WEEK_MAX, MESSAGES["hours_range"], "Heures de formation prévues par semaine."
    )
    planned_weeks = _integer(WEEKS_MAX, MESSAGES["weeks_range"], "Nombre de semaines prévues.")
    commute_km = _decimal(
        COMMUTE_KM_MAX, MESSAGES["km_range"], "Distance domicile – centre, en km (aller)."
    )
    children_in_childcare = _integer(
        CHILDREN_MAX, MESSAGES["children_range"], "Nombre d'enfants à faire garder."
    )

    def validate_on_date(self, value):
        return _in_range(value)

    def validate_birth_date(self, value):
        if value is not None and value > timezone.localdate():
            raise serializers.ValidationError(MESSAGES["birth_date_future"])
        return _in_range(value)

    def validate(self, attrs):
        birth, on_date = attrs.get("birth_date"), attrs.get("on_date")
        if birth and on_date and birth > on_date:
            raise serializers.ValidationError({"birth_date": MESSAGES["birth_date_after_on_date"]})
        return attrs

    def situation(self) -> Situation:
        return Situation.from_dict(self.validated_data)


class CategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    legal_reference = serializers.CharField()
    source = serializers.CharField()
    confidence = serializers.ChoiceField(choices=["verified", "to_confirm"])


class AllowanceSerializer(serializers.Serializer):
    estimation = serializers.BooleanField()
    hourly_rate_eur = serializers.FloatField(allow_null=True)
    estimated_gross_eur = serializers.FloatField(allow_null=True)
    planned_hours = serializers.FloatField(allow_null=True)
    legal_reference = serializers.CharField()
    source = serializers.CharField()
    confidence = serializers.CharField()
    periods = serializers.ListField(child=serializers.DictField())


class CostSerializer(serializers.Serializer):
    estimation = serializers.BooleanField()
    applies = serializers.BooleanField(allow_null=True)
    estimated_eur = serializers.FloatField(allow_null=True)
    explanation = serializers.CharField()
    legal_reference = serializers.CharField()
    confidence = serializers.CharField()


class CodeLabelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(required=False)
    message = serializers.CharField(required=False)


class PendingCheckSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Code de catégorie (B, D1, DEROGATION) ou paramètre.")
    label = serializers.CharField()
    legal_reference = serializers.CharField()
    source = serializers.CharField()
    note = serializers.CharField()
    message = serializers.CharField()


class EligibilityResultSerializer(serializers.Serializer):
    on_date = serializers.DateField()
    status = serializers.ChoiceField(
        choices=["eligible", "derogation_possible", "not_eligible", "incomplete"]
    )
    categories = CategorySerializer(many=True)
    derogation = CategorySerializer(allow_null=True)
    missing = serializers.ListField(child=serializers.CharField())
    missing_labels = serializers.ListField(child=serializers.CharField())
    documents = CodeLabelSerializer(many=True)
    advice = CodeLabelSerializer(many=True)
    allowance = AllowanceSerializer()
    travel = CostSerializer()
    childcare = CostSerializer()
    to_confirm = PendingCheckSerializer(
        many=True,
        help_text=(
            "Règles ou valeurs « à confirmer » sur lesquelles repose la réponse : "
            "le centre les vérifiera avec la personne."
        ),
    )
    rules_version = serializers.CharField()


class EligibilityView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    throttle_scope = "public"

    @extend_schema(
        operation_id="eligibility_evaluate",
        summary=_("Suis-je éligible à une formation en CISP ?"),
        description=_(
            "Applique les catégories du décret du 10 juillet 2013 (art. 5) et estime "
            "l'allocation de formation. Les champs omis sont inconnus, pas faux : la réponse "
            "est alors `incomplete` avec la liste `missing`. Rien n'est enregistré."
        ),
        request=SituationSerializer,
        responses={
            200: EligibilityResultSerializer,
            **errors(400, 413, 415, 429, bad_request=FIELD_ERRORS),
        },
        examples=[
            OpenApiExample(
                "Demandeuse d'emploi sans diplôme",
                value={
                    "on_date": "2024-03-01",
                    "birth_date": "1990-05-01",
                    "forem_registered": True,
                    "highest_certificate": "CEB",
                    "planned_hours_per_week": 20,
                    "planned_weeks": 10,
                },
                request_only=True,
            )
        ],
        tags=["eligibility"],
    )
    def post(self, request):
        require_json_body(request)
        serializer = SituationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(evaluate(serializer.situation()).as_dict())


urlpatterns = [
    path(
        "eligibility/",
        login_not_required(EligibilityView.as_view()),
        name="api-eligibility",
    ),
]
