"""The API's one request encoding: JSON, the only one that carries every field (nested
objects, null, booleans). Every body the API takes is an object: a malformed body, one nested
too deep for Python's parser, or one that is not an object (null, a list, a number, a text) is
a 400 with a French ``detail`` (not a 500, nor DRF's English « No data provided »). Kept
apart from ``errors`` because DRF reads its parser setting while ``rest_framework.views`` is
being imported."""

from rest_framework import exceptions
from rest_framework.parsers import JSONParser

MALFORMED_JSON = (
    "Le corps de la requête n'est pas du JSON valide. Envoyez un objet JSON, par exemple "
    '{"birth_date": "1990-05-31"}.'
)
NOT_AN_OBJECT = (
    "Envoyez un objet JSON, entre accolades { } : pas null, ni une liste, ni un nombre, "
    "ni un texte."
)
TOO_DEEP = "Le corps de la requête est imbriqué trop profondément : envoyez un objet JSON simple."


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(TOO_DEEP) from None
        except exceptions.ParseError:
            raise exceptions.ParseError(MALFORMED_JSON) from None
        if not isinstance(data, dict):
            raise exceptions.ParseError(NOT_AN_OBJECT)
        return data


def require_json_body(request) -> None:
    """Refuse (415) a body that is not JSON even when a middleware already read it as a form
    (``FormFieldLengthMiddleware`` reads ``request.POST``, and DRF then hands the view an empty
    form instead of asking the parsers)."""
    if int(request.META.get("CONTENT_LENGTH") or 0) and not (request.content_type or "").startswith(
        "application/json"
    ):
        raise exceptions.UnsupportedMediaType(request.content_type)
