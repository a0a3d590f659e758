"""Open data of the public directory: ``directory.json``, ``directory.csv``, ``schema.json``.

Anonymous and throttled like the rest of the public API. Each answer carries an ``ETag`` (hash
of its bytes) and a ``Last-Modified`` (``open_data.last_change``), so a consumer fetching daily
gets ``304 Not Modified`` when nothing changed. See docs/open-data.md.
"""

import csv
import hashlib
import io
import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema

from tremplin.api.directory import JSONOnly, PublicAPIView
from tremplin.api.schema import errors
from tremplin.directory import open_data
from tremplin.directory.ranking import Links
from tremplin.downloads import disposition

CACHE_CONTROL = "public, max-age=300"


def conditional(request, body: bytes, content_type: str, last_modified, filename=""):
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    timestamp = int(last_modified.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    response = not_modified or HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = CACHE_CONTROL
    if filename and not not_modified:
        response["Content-Disposition"] = disposition(filename, inline=True)
    return response


def payload(request) -> dict:
    urls = Links.absolute(request)
    last_change = open_data.last_change()
    return {
        "licence": open_data.LICENCE,
        "date_maj": last_change.isoformat(),
        "schema": request.build_absolute_uri(reverse("api-open-data-schema")),
        "sources": open_data.SOURCES,
        **open_data.directory_records(urls.centre_url, urls.booking_url),
    }, last_change


class OpenDataView(PublicAPIView):
    content_negotiation_class = JSONOnly  # the format is in the URL


def open_data_schema(media_type: str, kind=OpenApiTypes.OBJECT):
    """The answer in its own media type, 304 to a conditional request, 429 when throttled."""
    return extend_schema(
        tags=[_("Données ouvertes")],
        responses={
            (200, media_type): OpenApiResponse(kind),
            304: OpenApiResponse(description=_("Pas modifié depuis (ETag, Last-Modified).")),
            **errors(429),
        },
    )


class DirectoryJSON(OpenDataView):
    @extend_schema(
        summary=_("L'annuaire en données ouvertes (JSON, licence CC BY 4.0)"),
        description=_(
            "Centres publiés (structures), sites (lieux), formations actives (services) "
            "et séances d'information à venir. Schéma : /api/v1/open-data/schema.json."
        ),
    )
    @open_data_schema("application/json")
    def get(self, request):
        data, last_change = payload(request)
        body = json.dumps(data, ensure_ascii=False, indent=1).encode()
        return conditional(request, body, "application/json", last_change)


class DirectoryCSV(OpenDataView):
    @extend_schema(
        summary=_("L'annuaire en données ouvertes (CSV, une ligne par formation)"),
        description=_("Séparateur « ; », UTF-8 avec BOM. Les séances sont dans le JSON."),
    )
    @open_data_schema("text/csv", OpenApiTypes.STR)
    def get(self, request):
        data, last_change = payload(request)
        out = io.StringIO()
        out.write("\ufeff")
        csv.writer(out, delimiter=";").writerows(open_data.csv_rows(data))
        body = out.getvalue().encode()
        return conditional(
            request, body, "text/csv; charset=utf-8", last_change, "annuaire-cisp.csv"
        )


class DirectorySchema(OpenDataView):
    @extend_schema(summary=_("Schéma JSON des données ouvertes de l'annuaire"))
    @open_data_schema("application/schema+json")
    def get(self, request):
        schema = open_data.json_schema(request.build_absolute_uri())
        body = json.dumps(schema, ensure_ascii=False, indent=1).encode()
        return conditional(request, body, "application/schema+json", open_data.SCHEMA_DATE)


urlpatterns = [
    path(
        "open-data/directory.json",
        login_not_required(DirectoryJSON.as_view()),
        name="api-open-data-json",
    ),
    path(
        "open-data/directory.csv",
        login_not_required(DirectoryCSV.as_view()),
        name="api-open-data-csv",
    ),
    path(
        "open-data/schema.json",
        login_not_required(DirectorySchema.as_view()),
        name="api-open-data-schema",
    ),
]
