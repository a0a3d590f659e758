"""Query and ranking of the directory search: one SQL statement per page, JSON built by PostgreSQL.

``search_page(criteria, place, ...)`` answers a search with one query (plus the place lookup
done by the form): PostgreSQL filters the trainings, computes each centre's distance, ranks,
counts and builds the JSON of the page, so Python neither compiles ORM queries nor builds
model instances (docs/decisions/0312-directory-search-in-one-statement.md).

Honest distances (issue 12): a centre's distance is the distance to the nearest site where a
*matching* training runs (the training filters applied); a centre with no active training at
all is measured from its nearest site. Each information session carries its own place and
distance, and ``within_radius`` says whether it is inside the searched radius.

Ranking (docs/decisions/0301): distance to the km, then text relevance (rounded, ties), then
``md5(centre id ‖ day)`` (a different order each day, the same all day), then the id.
"""

import functools
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.conf import settings
from django.urls import get_script_prefix
from django.utils import timezone

from tremplin.prepared import fetch_all
from tremplin.territory.distance import EARTH_RADIUS_KM
from tremplin.territory.lookup import Place, normalise

DEFAULT_RADIUS_KM = 25
MAX_RADIUS_KM = 100
_WORD = re.compile(r"[a-z0-9]+")


def text_query_terms(text: str) -> list[str]:
    """The words of a free-text search, accent-free, that can go into a prefix tsquery."""
    return [word for word in _WORD.findall(normalise(text)) if len(word) >= 2][:10]


# The words typed, as a text query: a scalar subquery, so that PostgreSQL parses and stems
# them once per statement (an InitPlan), not once per row, in the generic plan of a prepared
# statement (otherwise it planned the statement anew at every search: docs/decisions/0316).
_TSQUERY = "(SELECT to_tsquery('french', %(tsquery)s))"

_SESSION_IN_WEEKS = (
    "SELECT 1 FROM directory_infosession w WHERE w.status = 'planned'"
    " AND w.starts_at >= %(session_from)s AND w.starts_at < %(session_until)s"
)

# Training filters: each adds a condition on ``e``, a row of the search index
# (``SearchEntry``: an active training where it runs), values as parameters.
_TRAINING_CONDITIONS = {
    "sector": "e.sector = %(sector)s",
    "objective": "e.objective = %(objective)s",
    "method": "e.method = %(method)s",
    "public": "(e.publics @> ARRAY[%(public)s]::varchar[] OR e.publics = '{}')",
    "language": "e.language_support @> ARRAY[%(language)s]::varchar[]",
    "tsquery": f"e.search_vector @@ {_TSQUERY}",
    # A session of the training, or of the centre for all its trainings: two EXISTS, each
    # read from its own index (one EXISTS with an OR scanned every session of the weeks).
    "session_until": (
        f"(EXISTS ({_SESSION_IN_WEEKS} AND w.training_id = e.training_id)"
        f" OR EXISTS ({_SESSION_IN_WEEKS} AND w.training_id IS NULL"
        " AND w.centre_id = e.centre_id))"
    ),
}


def _distance_sql(lat: str, lon: str) -> str:
    """Great-circle distance in km from the searched place to (``lat``, ``lon``) columns: the
    haversine formula of ``territory.distance`` with PostgreSQL's maths functions."""
    return (
        f"(2 * {EARTH_RADIUS_KM} * asin(least(1.0, sqrt("
        f"power(sin((radians({lat}) - radians(%(lat)s)) / 2), 2)"
        f" + cos(radians(%(lat)s)) * cos(radians({lat}))"
        f" * power(sin((radians({lon}) - radians(%(lon)s)) / 2), 2)))))"
    )


def _local_time_sql(column: str) -> str:
    """ISO 8601 in Belgian local time with its offset ("2026-12-01T14:00:00+01:00"), as
    Python's ``timezone.localtime(value).isoformat()`` for whole seconds (the offset of
    Europe/Brussels is never negative)."""
    local = f"({column} AT TIME ZONE %(tz)s)"
    return (
        f"to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        f" || to_char({local} - ({column} AT TIME ZONE 'UTC'), '\"+\"HH24:MI')"
    )


def _seats_left_sql(session: str) -> str:
    booking = _booking_table()
    return (
        f"greatest({session}.capacity - (SELECT count(*) FROM {booking} b"
        f" WHERE b.session_id = {session}.id AND b.status = 'confirmed'), 0)"
    )


def _booking_table() -> str:
    # Bookings belong to intake, a room above this one: found by name, not imported.
    return apps.get_model("intake", "SessionBooking")._meta.db_table


def _session_json_sql(session: str = "s", with_centre: bool = False) -> str:
    """One information session as a JSON object: the shape of the API (``InfoSession*``)."""
    distance = "sd.km"  # _SESSION_JOINS
    centre = ", 'centre_id', sc.id, 'centre_name', sc.name" if with_centre else ""
    return f"""json_build_object(
        'id', {session}.id,
        'starts_at', {_local_time_sql(f"{session}.starts_at")},
        'ends_at', {_local_time_sql(f"{session}.ends_at")},
        'training', st.name,
        'training_id', {session}.training_id,
        'place', ss.name,
        'address', ss.full_address,
        'seats_left', {_seats_left_sql(session)},
        'booking_url', %(booking_prefix)s || {session}.id || %(booking_suffix)s,
        'distance_km', CASE WHEN %(has_place)s THEN round({distance})::int END,
        'within_radius', CASE WHEN %(has_place)s THEN {distance} <= %(radius)s END{centre}
    )"""


_SESSION_JOINS = f"""
    JOIN directory_searchplace ss ON ss.site_id = s.site_id
    LEFT JOIN directory_training st ON st.id = s.training_id
    CROSS JOIN LATERAL (SELECT {_distance_sql("ss.latitude", "ss.longitude")} AS km) sd"""


KM_PER_DEGREE = 110.0  # a little less than on Earth (111.2): the box is never too small


def _box_around(place: Place, radius_km: float) -> dict:
    """A latitude and longitude box that holds the circle of ``radius_km`` around ``place``:
    the index rows outside it cannot be within the radius, so their distance is not computed
    (a search computes about one distance in five). No box for a circle near a pole or wider
    than a continent (the nearest centre anywhere)."""
    north = place.latitude + radius_km / KM_PER_DEGREE
    south = place.latitude - radius_km / KM_PER_DEGREE
    narrowest = math.cos(math.radians(max(abs(north), abs(south))))
    if radius_km > 2_000 or narrowest < 0.05:
        return {}
    width = radius_km / (KM_PER_DEGREE * narrowest)
    return {
        "north": north,
        "south": south,
        "east": place.longitude + width,
        "west": place.longitude - width,
    }


@dataclass
class Query:
    """The SQL of one search and its parameters (named, never formatted into the text)."""

    criteria: dict
    place: Place | None
    today: date
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        radius = self.criteria.get("radius_km") or DEFAULT_RADIUS_KM
        self.params.update(
            lat=self.place.latitude if self.place else 0.0,
            lon=self.place.longitude if self.place else 0.0,
            has_place=self.place is not None,
            radius=float(radius),
            today=self.today.isoformat(),
            now=timezone.now(),
            tz=settings.TIME_ZONE,
        )
        for name in ("sector", "objective", "method", "public", "language"):
            if self.criteria.get(name):
                self.params[name] = self.criteria[name]
        terms = text_query_terms(self.criteria.get("q") or "")
        if terms:
            # Each word also matches longer words (macon:* finds maconnerie). Only [a-z0-9]
            # reach the tsquery: nothing typed can change its syntax.
            self.params["tsquery"] = " & ".join(f"{term}:*" for term in terms)
        if self.criteria.get("session_within_weeks"):
            start = timezone.make_aware(datetime.combine(self.today, time.min))
            self.params["session_from"] = start
            self.params["session_until"] = start + timedelta(
                weeks=self.criteria["session_within_weeks"]
            )
        for name in ("province", "ibefe"):
            if self.criteria.get(name):
                self.params[name] = self.criteria[name]
        if self.place is not None:
            self.params.update(_box_around(self.place, float(radius)))

    @property
    def filters_trainings(self) -> bool:
        return any(name in self.params for name in _TRAINING_CONDITIONS)

    def matching(self, where: str) -> str:
        """The rows ``e`` of the search index that match the filters, among those ``where``
        selects. With a training filter, only rows of trainings can match; without, a
        published centre with no active training is found through the rows of its sites."""
        conditions = "".join(
            f" AND {sql}" for name, sql in _TRAINING_CONDITIONS.items() if name in self.params
        )
        trainings = " AND e.training_id IS NOT NULL" if conditions else ""
        return f"directory_searchentry e WHERE {where}{trainings}{conditions}"

    def found_sql(self) -> str:
        """CTEs ``measured`` and ``found``: the matching centres with their distance (to the
        nearest place where a matching training runs) and their text relevance."""
        having = []
        if "province" in self.params:
            having.append("bool_or(e.province = %(province)s)")
        if "ibefe" in self.params:
            having.append("bool_or(e.ibefe = %(ibefe)s)")
        distance = (
            f"min({_distance_sql('e.latitude', 'e.longitude')})"
            if self.place is not None
            else "NULL::float"
        )
        within = " WHERE km <= %(radius)s" if self.place is not None else ""
        relevance = "NULL::numeric"
        if "tsquery" in self.params:
            rank = f"ts_rank(e.search_vector, {_TSQUERY})"
            relevance = f"round(max({rank})::numeric, 2)"
        box = (
            "e.latitude BETWEEN %(south)s AND %(north)s"
            " AND e.longitude BETWEEN %(west)s AND %(east)s"
            if "south" in self.params
            else "true"
        )
        return f"""
        measured AS (
            SELECT e.centre_id, {distance} AS km, {relevance} AS relevance
            FROM {self.matching(box)}
            GROUP BY e.centre_id
            {"HAVING " + " AND ".join(having) if having else ""}
        ),
        found AS (
            SELECT centre_id, km, round(km)::int AS distance_km, relevance,
                md5(centre_id::text || %(today)s) AS daily_rank
            FROM measured{within}
        )"""

    ORDER = "distance_km NULLS LAST, relevance DESC NULLS LAST, daily_rank, centre_id"

    def count(self) -> int:
        return _fetch_one(f"WITH {self.found_sql()} SELECT count(*) FROM found", self.params)

    def nearest_km(self) -> float | None:
        return _fetch_one(f"WITH {self.found_sql()} SELECT min(km) FROM found", self.params)

    def page_sql(self) -> str:
        sessions_of = (
            " AND (s.training_id IS NULL OR EXISTS"
            f" (SELECT 1 FROM {self.matching('e.training_id = s.training_id')}))"
            if self.filters_trainings
            else ""
        )
        # Each centre: its card (id, name, methods, sites) without its closing brace, then
        # what depends on the search. string_agg of JSON texts: nothing is parsed again.
        return f"""
        WITH {self.found_sql()},
        ranked AS (
            SELECT found.*, count(*) OVER () AS total,
                   row_number() OVER (ORDER BY {self.ORDER}) AS position
            FROM found ORDER BY {self.ORDER} LIMIT %(limit)s OFFSET %(offset)s
        )
        SELECT max(total), '[' || coalesce(string_agg(
            left(card.card, -1)
            || ', "distance_km": ' || coalesce(r.distance_km::text, 'null')
            || ', "trainings": [' || coalesce((
                SELECT string_agg(e.training_json, ', ' ORDER BY e.training_name, e.training_id)
                FROM {self.matching("e.centre_id = r.centre_id AND e.training_id IS NOT NULL")}
            ), '') || ']'
            || ', "next_info_session": ' || coalesce((
                SELECT {_session_json_sql()}::text
                FROM (
                    SELECT s.* FROM directory_infosession s
                    WHERE s.centre_id = r.centre_id AND s.status = 'planned'
                        AND s.starts_at >= %(now)s{sessions_of}
                    ORDER BY s.starts_at, s.id LIMIT 1
                ) s{_SESSION_JOINS}
            ), 'null')
            || ', "url": ' || to_json(%(centre_prefix)s || r.centre_id || %(centre_suffix)s)
            || '}}', ', ' ORDER BY r.position), '') || ']'
        FROM ranked r JOIN directory_searchcard card ON card.centre_id = r.centre_id"""

    def page(self, number: int, size: int, links: "Links") -> tuple[int, str]:
        """(total, JSON text of the page's centres) in one statement."""
        params = dict(self.params, limit=size, offset=(number - 1) * size, **links.params())
        total, results = _fetch_row(self.page_sql(), params)
        if total is None:  # an empty page: the total is still wanted (page beyond the last)
            total = self.count() if number > 1 else 0
        return total, results


def sessions_page(
    place: Place | None,
    radius_km: int,
    from_day: date | None,
    number: int,
    size: int,
    links: "Links",
) -> tuple[int, str]:
    """Upcoming sessions of published centres with seats left near a place (from a day),
    soonest first: (total, JSON text of the page)."""
    start = timezone.now()
    if from_day and from_day > timezone.localdate():
        start = timezone.make_aware(datetime.combine(from_day, time.min))
    params = {
        "lat": place.latitude if place else 0.0,
        "lon": place.longitude if place else 0.0,
        "has_place": place is not None,
        "radius": float(radius_km),
        "tz": settings.TIME_ZONE,
        "start": start,
        "limit": size,
        "offset": (number - 1) * size,
        **links.params(),
    }
    near = " AND sd.km <= %(radius)s" if place else ""
    sql = f"""
    WITH listed AS (
        SELECT {_session_json_sql(with_centre=True)} AS data, {_seats_left_sql("s")} AS seats,
               s.starts_at, s.id
        FROM directory_infosession s{_SESSION_JOINS}
        JOIN directory_centre sc ON sc.id = s.centre_id AND sc.status = 'published'
        WHERE s.status = 'planned' AND s.starts_at >= %(start)s{near}
    ),
    ranked AS (
        SELECT data, count(*) OVER () AS total, row_number() OVER (ORDER BY starts_at, id) AS n
        FROM listed WHERE seats >= 1 ORDER BY starts_at, id LIMIT %(limit)s OFFSET %(offset)s
    )
    SELECT max(total), coalesce(json_agg(data ORDER BY n), '[]')::text FROM ranked"""
    total, results = _fetch_row(sql, params)
    return total or 0, results


ZERO_UUID = "00000000-0000-0000-0000-000000000000"


@functools.lru_cache(maxsize=8)
def _link_paths(script_prefix: str) -> tuple[str, str]:
    """The paths of a centre page and of a booking form with ``ZERO_UUID`` for the id: a
    function of the URL configuration, reversed once per process and script prefix (Django's
    ``reverse`` cost a tenth of a search)."""
    centre = apps.get_model("directory", "Centre")(pk=ZERO_UUID)
    session = apps.get_model("directory", "InfoSession")(pk=ZERO_UUID)
    return centre.get_absolute_url(), session.get_booking_url()


class Links:
    """URLs of a centre page and of a booking form, as a prefix and suffix around the id."""

    def __init__(self, centre_url: str, booking_url: str):
        self.centre = centre_url.split(ZERO_UUID)
        self.booking = booking_url.split(ZERO_UUID)

    @classmethod
    def relative(cls, centre_query: str = "") -> "Links":
        """Site-relative links; ``absolute(request)`` for the API's. ``centre_query`` goes
        after a centre's path (the search its page leads back to)."""
        links = cls(*_link_paths(get_script_prefix()))
        if centre_query:
            links.centre[1] += f"?{centre_query}"
        return links

    @classmethod
    def absolute(cls, request) -> "Links":
        return cls(*(request.build_absolute_uri(path) for path in _link_paths(get_script_prefix())))

    def centre_url(self, centre) -> str:
        return f"{self.centre[0]}{centre.pk}{self.centre[1]}"

    def booking_url(self, session) -> str:
        return f"{self.booking[0]}{session.pk}{self.booking[1]}"

    def params(self) -> dict:
        return {
            "centre_prefix": self.centre[0],
            "centre_suffix": self.centre[1],
            "booking_prefix": self.booking[0],
            "booking_suffix": self.booking[1],
        }


def _fetch_row(sql: str, params: dict) -> tuple:
    return fetch_all(sql, params)[0]


def _fetch_one(sql: str, params: dict):
    return _fetch_row(sql, params)[0]
