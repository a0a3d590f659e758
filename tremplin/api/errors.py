"""Every error under ``/api/`` is JSON with a French ``detail``, whatever went wrong.

- ``tremplin.api.parsers.SafeJSONParser``: the only request encoding (JSON, 400 in French).
- ``exception_handler`` (DRF's ``EXCEPTION_HANDLER``): DRF's own errors in French, and a body
  over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` as a 413.
- ``FIELD_MESSAGES`` (set by ``ApiConfig.ready``): the messages of DRF's fields for a value of
  the wrong type, missing, null or too long, in plain French whatever the request's language (a
  message a field chose itself, ``error_messages=``, is kept).
- ``handler400`` … ``handler500`` (Django's error views, in ``config/urls.py``): JSON for a path
  under ``/api/`` (an unknown address, a body refused before the view), the French HTML pages
  elsewhere.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tremplin.api.parsers import MALFORMED_JSON, NOT_AN_OBJECT, TOO_DEEP
from tremplin.refusals import Refused

API_PREFIX = "/api/"
UNICODE = {"ensure_ascii": False}

NOT_FOUND = "Cette adresse n'existe pas dans l'API. La liste des adresses : /api/v1/docs/."
SERVER_ERROR = "Une erreur s'est produite de notre côté. Réessayez plus tard."
BAD_REQUEST = "Requête incorrecte."
FORBIDDEN = "Accès refusé."

# French for DRF's errors whose text is English: always replaced.
ALWAYS = {
    exceptions.UnsupportedMediaType: (
        "Type de contenu non accepté : envoyez le corps en JSON (Content-Type: application/json)."
    ),
    exceptions.NotAcceptable: "Format de réponse non disponible : l'API répond en JSON.",
}
# Replaced when DRF's own default (or pagination's "Invalid page.") is the text; a message
# the view chose itself is already French and kept.
DEFAULTS = {
    exceptions.NotFound: "Introuvable.",
    exceptions.PermissionDenied: FORBIDDEN,
    exceptions.NotAuthenticated: "Connectez-vous pour utiliser cette adresse de l'API.",
    exceptions.AuthenticationFailed: "Identification refusée.",
}
DRF_ENGLISH = {"Invalid page."}

# DRF formats these with the field's limits: a literal brace is doubled.
AN_OBJECT = "Envoyez un objet JSON, entre accolades {{ }}."
NUMBER_MESSAGES = {
    "min_value": "Donnez un nombre de {min_value} au moins.",
    "max_value": "Donnez un nombre de {max_value} au plus.",
    "max_string_length": "Ce nombre est trop long.",
}
LIST_MESSAGES = {
    "not_a_list": "Envoyez une liste, entre crochets [ ].",
    "empty": "Cette liste ne peut pas être vide.",
    "min_length": "Envoyez au moins {min_length} éléments.",
    "max_length": "Envoyez au plus {max_length} éléments.",
}
FIELD_MESSAGES = {
    serializers.Field: {
        "required": "Ce champ manque : ajoutez-le.",
        "null": "Ce champ ne peut pas être null : donnez une valeur.",
    },
    serializers.BooleanField: {"invalid": "Répondez par true ou false."},
    serializers.CharField: {
        "invalid": "Écrivez un texte, entre guillemets.",
        "blank": "Ce champ ne peut pas être vide.",
        "min_length": "Écrivez au moins {min_length} caractères.",
        "max_length": "Écrivez au plus {max_length} caractères.",
    },
    serializers.UUIDField: {
        "invalid": "Ce n'est pas un identifiant : reprenez l'id (UUID) donné par l'API."
    },
    serializers.IntegerField: {"invalid": "Donnez un nombre entier, sans virgule."}
    | NUMBER_MESSAGES,
    serializers.FloatField: {"invalid": "Donnez un nombre."} | NUMBER_MESSAGES,
    serializers.DecimalField: {
        "invalid": "Donnez un nombre.",
        "max_digits": "Donnez un nombre de {max_digits} chiffres au plus.",
        "max_decimal_places": "Donnez au plus {max_decimal_places} chiffres après la virgule.",
        "max_whole_digits": "Donnez au plus {max_whole_digits} chiffres avant la virgule.",
    }
    | NUMBER_MESSAGES,
    serializers.DateField: {
        "invalid": "Écrivez la date sous la forme AAAA-MM-JJ, par exemple 2025-01-06.",
        "datetime": "Donnez une date sans heure, sous la forme AAAA-MM-JJ.",
    },
    serializers.ChoiceField: {"invalid_choice": "« {input} » n'est pas une valeur possible."},
    serializers.ListField: LIST_MESSAGES,
    serializers.ListSerializer: LIST_MESSAGES,
    serializers.DictField: {
        "not_a_dict": AN_OBJECT,
        "empty": "Cet objet ne peut pas être vide.",
    },
    serializers.Serializer: {"invalid": AN_OBJECT},
}


def use_french_field_messages() -> None:
    """DRF's fields read their class's messages each time they are built (a serializer copies
    its declared fields for every request): set once, when the app is ready."""
    for field_class, messages in FIELD_MESSAGES.items():
        field_class.default_error_messages = field_class.default_error_messages | messages


def too_big_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return f"Le corps de la requête est trop grand : au plus {limit // 1024} Ko."


def french_detail(exc: exceptions.APIException, request) -> str | None:
    """The French ``detail`` for one of DRF's errors, or None to keep the view's own."""
    kind, detail = type(exc), str(exc.detail)
    if isinstance(exc, exceptions.MethodNotAllowed):
        return f"La méthode {request.method} n'est pas acceptée à cette adresse."
    if isinstance(exc, exceptions.Throttled):
        wait = f" Réessayez dans {int(exc.wait) + 1} secondes." if exc.wait is not None else ""
        return "Trop de requêtes depuis votre adresse." + wait
    if isinstance(exc, exceptions.ParseError):
        return None if detail in (MALFORMED_JSON, NOT_AN_OBJECT, TOO_DEEP) else MALFORMED_JSON
    if kind in ALWAYS:
        return ALWAYS[kind]
    if kind in DEFAULTS and (detail == str(kind.default_detail) or detail in DRF_ENGLISH):
        return DEFAULTS[kind]
    return None


def exception_handler(exc, context):
    """French JSON for every error; a domain refusal (``tremplin.refusals.Refused``) answers its
    status (400, or 409 for a conflict) with ``{"detail": message, "code": code}``."""
    if isinstance(exc, Refused):
        return Response({"detail": str(exc.message), "code": exc.code}, status=exc.status)
    if isinstance(exc, RequestDataTooBig):
        return _json(413, too_big_message())
    if isinstance(exc, RecursionError):
        exc = exceptions.ParseError(TOO_DEEP)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and not isinstance(exc, exceptions.ValidationError):
        detail = french_detail(exc, context["request"])
        if detail:
            response.data = {"detail": detail}
    return response


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status, json_dumps_params=UNICODE)


def handler400(request, exception=None):
    if _is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return _json(413, too_big_message())
        return _json(400, BAD_REQUEST)
    return defaults.bad_request(request, exception)


def handler403(request, exception=None):
    if _is_api(request):
        return _json(403, FORBIDDEN)
    return defaults.permission_denied(request, exception)


def handler404(request, exception=None):
    if _is_api(request):
        return _json(404, NOT_FOUND)
    return defaults.page_not_found(request, exception)


def handler500(request):
    if _is_api(request):
        return _json(500, SERVER_ERROR)
    return defaults.server_error(request)
