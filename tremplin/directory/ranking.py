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

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import psycopg
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tremplin.territory.distance import EARTH_RADIUS_KM
from tremplin.territory.lookup import Place, normalise

DEFAULT_RADIUS_KM = 25
MAX_RADIUS_KM = 100
_WORD = re.compile(r"[a-z0-9]+")


def text_query_terms(text: str) -> list[str]:
    """The words of a free-text search, accent-free, that can go into a prefix tsquery."""
    return [word for word in _WORD.findall(normalise(text)) if len(word) >= 2][:10]


# Training filters: each adds a condition on ``t`` (directory_training), values as parameters.
_TRAINING_CONDITIONS = {
    "sector": "t.sector = %(sector)s",
    "objective": "t.objective = %(objective)s",
    "method": "t.method = %(method)s",
    "public": "(t.publics @> ARRAY[%(public)s]::varchar[] OR t.publics = '{}')",
    "language": "t.language_support @> ARRAY[%(language)s]::varchar[]",
    "tsquery": "t.search_vector @@ to_tsquery('french', %(tsquery)s)",
    "session_until": (
        "EXISTS (SELECT 1 FROM directory_infosession w WHERE w.status = 'planned'"
        " AND w.starts_at >= %(session_from)s AND w.starts_at < %(session_until)s"
        " AND (w.training_id = t.id OR (w.training_id IS NULL AND w.centre_id = t.centre_id)))"
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


def _address_sql(site: str, code: str, municipality: str) -> str:
    """``Site.address``: "street, postal code locality" (the municipality without locality)."""
    locality = f"coalesce(nullif({code}.locality, ''), {municipality}.name_fr)"
    return f"{site}.street || ', ' || {code}.code || ' ' || {locality}"


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
    distance = _distance_sql("ss.latitude", "ss.longitude")
    centre = ", 'centre_id', sc.id, 'centre_name', sc.name" if with_centre else ""
    return f"""json_build_object(
        'id', {session}.id,
        'starts_at', {_local_time_sql(f"{session}.starts_at")},
        'ends_at', {_local_time_sql(f"{session}.ends_at")},
        'training', st.name,
        'training_id', {session}.training_id,
        'place', ss.name,
        'address', {_address_sql("ss", "spc", "smu")},
        'seats_left', {_seats_left_sql(session)},
        'booking_url', %(booking_prefix)s || {session}.id || %(booking_suffix)s,
        'distance_km', CASE WHEN %(has_place)s THEN round({distance})::int END,
        'within_radius', CASE WHEN %(has_place)s THEN {distance} <= %(radius)s END{centre}
    )"""


_SESSION_JOINS = """
    JOIN directory_site ss ON ss.id = s.site_id
    JOIN territory_postalcode spc ON spc.id = ss.postal_code_id
    JOIN territory_municipality smu ON smu.nis_code = spc.municipality_id
    LEFT JOIN directory_training st ON st.id = s.training_id"""


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

    @property
    def filters_trainings(self) -> bool:
        return any(name in self.params for name in _TRAINING_CONDITIONS)

    def matching(self, where: str) -> str:
        """The active trainings ``t`` that match the filters, among those ``where`` selects
        (an index-backed condition such as ``t.site_id = p.id``)."""
        conditions = "".join(
            f" AND {sql}" for name, sql in _TRAINING_CONDITIONS.items() if name in self.params
        )
        return f"directory_training t WHERE {where} AND t.is_active{conditions}"

    def found_sql(self) -> str:
        """CTEs ``measured`` and ``found``: the matching centres with their distance."""
        # Where a centre meets the criteria: the sites of its matching trainings; without a
        # training filter, a centre with no active training at all is measured from its sites.
        places = f"EXISTS (SELECT 1 FROM {self.matching('t.site_id = p.id')})"
        if not self.filters_trainings:
            places += (
                " OR NOT EXISTS (SELECT 1 FROM directory_training t"
                " WHERE t.centre_id = p.centre_id AND t.is_active)"
            )
        having = []
        if "province" in self.params:
            having.append("bool_or(mu.province_id = %(province)s)")
        if "ibefe" in self.params:
            having.append("bool_or(mu.ibefe_area_id = %(ibefe)s)")
        territory = (
            " JOIN territory_postalcode pc ON pc.id = p.postal_code_id"
            " JOIN territory_municipality mu ON mu.nis_code = pc.municipality_id"
            if having
            else ""
        )
        distance = (
            f"min({_distance_sql('p.latitude', 'p.longitude')})"
            if self.place is not None
            else "NULL::float"
        )
        within = " WHERE km <= %(radius)s" if self.place is not None else ""
        relevance = "NULL::numeric"
        if "tsquery" in self.params:
            best = self.matching("t.centre_id = measured.centre_id")
            relevance = (
                "round((SELECT max(ts_rank(t.search_vector, to_tsquery('french', %(tsquery)s)))"
                f" FROM {best})::numeric, 2)"
            )
        return f"""
        measured AS (
            SELECT p.centre_id, {distance} AS km
            FROM directory_site p
            JOIN directory_centre c ON c.id = p.centre_id AND c.status = 'published'{territory}
            WHERE {places}
            GROUP BY p.centre_id
            {"HAVING " + " AND ".join(having) if having else ""}
        ),
        found AS (
            SELECT measured.centre_id, km, round(km)::int AS distance_km,
                {relevance} AS relevance,
                md5(measured.centre_id::text || %(today)s) AS daily_rank
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
            f" (SELECT 1 FROM {self.matching('t.id = s.training_id')}))"
            if self.filters_trainings
            else ""
        )
        return f"""
        WITH {self.found_sql()},
        ranked AS (
            SELECT found.*, count(*) OVER () AS total,
                   row_number() OVER (ORDER BY {self.ORDER}) AS position
            FROM found ORDER BY {self.ORDER} LIMIT %(limit)s OFFSET %(offset)s
        )
        SELECT max(total), coalesce(json_agg(json_build_object(
            'id', c.id,
            'name', c.name,
            'methods', c.methods,
            'distance_km', r.distance_km,
            'sites', (
                SELECT coalesce(json_agg(json_build_object(
                    'id', x.id, 'name', x.name, 'address', x.street,
                    'postal_code', xpc.code, 'municipality', xmu.name_fr,
                    'latitude', x.latitude, 'longitude', x.longitude,
                    'full_address', {_address_sql("x", "xpc", "xmu")}
                ) ORDER BY x.name, x.id), '[]')
                FROM directory_site x
                JOIN territory_postalcode xpc ON xpc.id = x.postal_code_id
                JOIN territory_municipality xmu ON xmu.nis_code = xpc.municipality_id
                WHERE x.centre_id = c.id
            ),
            'trainings', (
                SELECT coalesce(json_agg(json_build_object(
                    'id', t.id, 'name', t.name, 'objective', t.objective,
                    'sector', t.sector, 'method', t.method
                ) ORDER BY t.name, t.id), '[]')
                FROM {self.matching("t.centre_id = c.id")}
            ),
            'next_info_session', (
                SELECT {_session_json_sql()}
                FROM directory_infosession s{_SESSION_JOINS}
                WHERE s.centre_id = c.id AND s.status = 'planned' AND s.starts_at >= %(now)s
                    {sessions_of}
                ORDER BY s.starts_at, s.id LIMIT 1
            ),
            'url', %(centre_prefix)s || c.id || %(centre_suffix)s
        ) ORDER BY r.position), '[]')::text
        FROM ranked r JOIN directory_centre c ON c.id = r.centre_id"""

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
    near = f" AND {_distance_sql('ss.latitude', 'ss.longitude')} <= %(radius)s" if place else ""
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


class Links:
    """Absolute URLs of a centre page and of a booking form, as a prefix and suffix around
    the id (each URL name reversed once per request)."""

    def __init__(self, centre_url: str, booking_url: str):
        self.centre = centre_url.split(ZERO_UUID)
        self.booking = booking_url.split(ZERO_UUID)

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


class _PreparedCursor(psycopg.Cursor):
    """A psycopg cursor with server-side parameters whose statements are prepared: PostgreSQL
    plans each shape of search once per connection instead of at every request (planning
    cost about as much as running the statement; docs/performance.md)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def _fetch_row(sql: str, params: dict) -> tuple:
    connection.ensure_connection()
    # Wrapped like every Django cursor: query log (tests count queries), execute wrappers,
    # database errors translated.
    # A statement starting with SELECT: pghistory then adds no context (a second command).
    with connection._prepare_cursor(_PreparedCursor(connection.connection)) as cursor:
        cursor.execute(f"SELECT * FROM ({sql}) AS answer", params)
        return cursor.fetchone()


def _fetch_one(sql: str, params: dict):
    return _fetch_row(sql, params)[0]
