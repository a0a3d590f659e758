"""Small helpers shared by the training pages."""

import datetime

from django.http import Http404

from tremplin.training.access import centres_where


def parse_month(value: str | None, today: datetime.date) -> tuple[int, int]:
    """``"2023-01"`` → ``(2023, 1)``; the previous month when missing or malformed."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        datetime.date(year, month, 1)
        return year, month
    except ValueError:
        first = today.replace(day=1) - datetime.timedelta(days=1)
        return first.year, first.month


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


def chosen_centre(request, *roles):
    """The centre picked with ``?centre=<uuid>`` among the user's, else their first one."""
    centres = list(centres_where(request.user, *roles).order_by("name"))
    if not centres:
        raise Http404
    wanted = request.GET.get("centre")
    for centre in centres:
        if str(centre.pk) == wanted:
            return centre, centres
    return centres[0], centres


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"
