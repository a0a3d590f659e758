"""When the database is away: a French 503 page (JSON under /api/), never a 500 (0807).

Django sends every uncaught exception, from any middleware or view, to ``handler500``; this one
answers 503 with ``Retry-After`` when the cause is a lost or refused database connection, and
the usual 500 page otherwise. The page is rendered without a request context (no session, no
user, no query). Django opens a new connection at the next request (``CONN_HEALTH_CHECKS``), so
the site recovers by itself when the database is back. Nothing is half-written: each request
that writes runs in a transaction that PostgreSQL rolls back when the connection is lost.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import server_error as default_server_error

from tremplin.api.errors import handler500 as api_server_error

RETRY_AFTER_SECONDS = 30


def database_is_away(error) -> bool:
    return isinstance(error, (OperationalError, InterfaceError))


def unavailable_response(request) -> HttpResponse:
    message = _(
        "Tremplin est momentanément indisponible. Vos données sont en sécurité : rien n'a été "
        "enregistré à moitié. Réessayez dans une minute."
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "unavailable"}, status=503)
    else:
        html = render_to_string("503.html", {"message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, *args, **kwargs):
    if database_is_away(sys.exc_info()[1]):
        return unavailable_response(request)
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return default_server_error(request, *args, **kwargs)
