"""The names of the files people download, and the header that gives them.

Every file name says what the file is and whose or which period it is, in plain ASCII
(``attestation-dupont-marie-2026-11-30.pdf``, ``contrats-cisp-le-trieu-2026-11-30.xlsx``): a
name typed with accents, spaces or slashes becomes a slug, so that the name survives every
browser, e-mail program and file system. A person's name goes into the name of the centre's
own files only (the centre holds the file and the person's data already); the federation's and
the public files name a centre, a year or a session, never a person.
"""

from __future__ import annotations

import datetime

from django.utils.http import content_disposition_header
from django.utils.text import slugify

PART_LENGTH = 40  # one part of a name (a centre's name can be long)


def _slug(part) -> str:
    if isinstance(part, datetime.date):
        return part.isoformat()
    return slugify(str(part))[:PART_LENGTH].strip("-")


def file_name(*parts, ext: str, day: datetime.date | None = None) -> str:
    """``file_name("contrats", "CISP Le Trieu", ext="xlsx", day=date(2026, 11, 30))`` →
    ``contrats-cisp-le-trieu-2026-11-30.xlsx``. Empty parts are left out; a date or a year
    may be a part (the period the file covers); ``day`` comes last (the day it was made)."""
    words = [_slug(part) for part in (*parts, day) if part not in (None, "")]
    return "-".join(word for word in words if word) + "." + ext


def disposition(filename: str, *, inline: bool = False) -> str:
    """The ``Content-Disposition`` value: ``filename=`` for ASCII names, RFC 6266's
    ``filename*=utf-8''…`` for any other (Django's helper), quotes escaped."""
    return content_disposition_header(not inline, filename)
