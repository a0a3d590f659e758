"""Small helpers shared by the training pages."""

import datetime

from django.http import Http404
from django.utils import timezone

from tremplin.accounts.capabilities import centres_where
from tremplin.downloads import file_name


def month_from(value: str | None) -> datetime.date | None:
    """``"2023-01"`` → ``date(2023, 1, 1)``; None when missing or malformed."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return None


def parse_month(value: str | None, today: datetime.date) -> tuple[int, int]:
    """``"2023-01"`` → ``(2023, 1)``; the previous month when missing or malformed."""
    first = month_from(value) or today.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def list_file_name(request, what: str, capability) -> str:
    """The name of a list's spreadsheet: what it is, the centre (when the user works for one
    centre) and the day it was made: ``contrats-cisp-le-trieu-2026-11-30.xlsx``."""
    names = set(centres_where(request.user, capability).values_list("name", flat=True)[:2])
    centre = names.pop() if len(names) == 1 else ""
    return file_name(what, centre, ext="xlsx", day=timezone.localdate())
