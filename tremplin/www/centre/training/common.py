"""Small helpers shared by the training pages."""

import datetime

from django.http import Http404


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


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"
