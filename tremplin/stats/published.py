"""The public key figures as files laid out in advance (docs/decisions/0703).

The PDF of the sector's key figures takes seconds to lay out (WeasyPrint) and anybody may ask
for it without logging in. ``publish_key_figures()`` lays out every public file of the last
complete year in every language once, when the facts are rebuilt (``refresh_stats``, the demo
world); ``published_response()`` serves the stored bytes with an ``ETag``, so a visitor gets
the file at once and a browser that has it already gets a ``304``. The facts change only when
they are rebuilt, so a stored file is never older than the figures it shows.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control

from tremplin.downloads import disposition
from tremplin.stats.exports import filename, render
from tremplin.stats.indicators import latest_complete_year, sector_report
from tremplin.stats.models import PUBLIC_FORMATS, PublishedFile

# A visitor's browser may keep a file an hour, then asks again with its ETag.
MAX_AGE_SECONDS = 3600


def publish_key_figures(year: int | None = None) -> int:
    """Lay out the public files of ``year`` (the last complete year by default) in every
    language and keep them, replacing those of any other year. Returns how many."""
    year = year or latest_complete_year()
    built_at = timezone.now()
    count = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):  # the report's labels are in this language
            report = sector_report(year)
        for fmt in PUBLIC_FORMATS:
            content, content_type, _extension = render(report, fmt, language)
            PublishedFile.objects.update_or_create(
                year=year,
                format=fmt,
                language=language,
                defaults={
                    "content": content,
                    "content_type": content_type,
                    "file_name": filename(report, fmt),
                    "digest": hashlib.sha256(content).hexdigest(),
                    "built_at": built_at,
                },
            )
            count += 1
    PublishedFile.objects.exclude(year=year).delete()
    return count


def published_response(request, year: int, fmt: str, language: str) -> HttpResponse | None:
    """The stored file with its ``ETag`` (``304`` when the browser has it), or ``None`` when
    it was not laid out yet (a new year before the night's rebuild)."""
    language = language.split("-")[0]  # "fr-be" is served the "fr" file
    stored = PublishedFile.objects.filter(year=year, format=fmt, language=language).first()
    if stored is None:
        return None
    etag = f'"{stored.digest}"'
    conditional = get_conditional_response(request, etag=etag)
    response = conditional or HttpResponse(bytes(stored.content), content_type=stored.content_type)
    response["ETag"] = etag
    response["Content-Disposition"] = disposition(stored.file_name)
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    return response
