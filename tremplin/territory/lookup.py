"""Find a place from what a person types: a postal code, a municipality or a locality name.

Matching ignores case, accents, the kind of apostrophe and hyphens, so ``Liege`` finds Liège and
``braine l'alleud`` finds Braine-l’Alleud. Exact matches win over prefix matches; a text that
names several municipalities ("Braine") is not decided: ``find_place`` raises ``AmbiguousPlace``
with the candidates (docs/decisions/0320). For typos, ``suggest_places`` also uses trigram
similarity (PostgreSQL ``pg_trgm``).
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Q
from django.db.models.functions import Length

from tremplin.prepared import fetch_all
from tremplin.territory.models import Municipality, PostalCode

POSTAL_CODE_RE = re.compile(r"^\s*([0-9]{4})\b\s*(.*)$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/]+")
# Below this trigram word similarity, a name is not offered as "did you mean".
SUGGESTION_THRESHOLD = 0.4
# The candidates offered for a text that names several places ("Saint" names ten
# municipalities).
AMBIGUOUS_LIMIT = 10


def normalise(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes, hyphens to spaces, collapse spaces.

    >>> normalise("  Braine-l’ALLEUD ")
    "braine l'alleud"
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    unified = without_accents.translate(_APOSTROPHES).casefold()
    return _SEPARATORS.sub(" ", unified).strip()


def search_key(text: str) -> str:
    """What the search columns store and queries compare: ``normalise`` with apostrophes read
    as spaces, so "braine l alleud" and "Braine-l’Alleud" meet."""
    return " ".join(normalise(text).replace("'", " ").split())


def search_names(*names: str) -> str:
    """The stored form of several names of one place: ``"|liege|luik|luttich|"``."""
    unique = dict.fromkeys(search_key(name) for name in names if name and search_key(name))
    return "|" + "|".join(unique) + "|"


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    municipality: Municipality
    postal_code: str | None


class AmbiguousPlace(LookupError):
    """The text names several places: ``places`` are the candidates (the best
    ``AMBIGUOUS_LIMIT``, in alphabetical order), sharing the whole name typed (``whole``: two
    villages called Berchem) or only its beginning ("Braine")."""

    def __init__(self, places: list[Place], whole: bool):
        super().__init__([place.label for place in places])
        self.places = places
        self.whole = whole


def _municipalities():
    return Municipality.objects.select_related("province", "region").filter(latitude__isnull=False)


def _postal_codes():
    return PostalCode.objects.select_related(
        "municipality__province", "municipality__region", "municipality__ibefe_area"
    )


def _from_postal_code(row: PostalCode) -> Place:
    municipality = row.municipality
    locality = row.locality or municipality.name_fr
    label = f"{row.code} {locality}"
    if normalise(locality) != normalise(municipality.name_fr):
        label = f"{label} ({municipality.name_fr})"
    return Place(label, row.latitude, row.longitude, municipality, row.code)


def _from_municipality(municipality: Municipality) -> Place:
    codes = sorted(municipality.postal_codes.all(), key=lambda row: row.code)
    return _place_of_municipality(municipality, codes)


def _place_of_municipality(municipality: Municipality, codes: list[PostalCode]) -> Place:
    # Named like the municipality as the search compares names (apostrophes read as spaces):
    # the same rule as ``_NAME_SQL``.
    name = search_key(municipality.name_fr)
    own = [row for row in codes if search_key(row.locality) == name]
    main = (own or codes or [None])[0]
    return Place(
        municipality.name_fr,
        municipality.latitude,
        municipality.longitude,
        municipality,
        main.code if main else None,
    )


def postal_code_rows(code: str, hint: str = "") -> list[PostalCode]:
    """The rows of a postal code (one per municipality it serves), the main one first.

    The main one is the municipality named by ``hint`` if any ("1040 Etterbeek"), else the one
    whose name is the locality of the code's point, else the lowest REFNIS code.
    """
    return sorted(_postal_codes().filter(code=code), key=_main_first(hint))


def _main_first(hint: str):
    """Sort key of the rows of one postal code: see ``postal_code_rows``."""
    wanted = search_key(hint)

    def rank(row):
        names = row.municipality.search_name
        locality = search_key(row.locality)
        return (
            0 if wanted and (wanted == locality or f"|{wanted}|" in names) else 1,
            0 if f"|{locality}|" in names else 1,
            row.municipality_id,
        )

    return rank


def _by_code(code: str, rest: str) -> Place | None:
    rows = sorted(_rows(_CODE_SQL, {"code": code}), key=_main_first(rest))
    return _from_postal_code(rows[0]) if rows else None


# The public search looks a place up at every request (nothing is kept in the process): one
# plain statement each, rows read into unsaved model instances (the ORM's query building cost
# several times the query itself).
_CODE_SQL = """
    SELECT pc.id, pc.code, pc.locality, pc.latitude, pc.longitude,
           m.nis_code, m.name_fr, m.search_name, m.latitude, m.longitude
    FROM territory_postalcode pc JOIN territory_municipality m ON m.nis_code = pc.municipality_id
    WHERE pc.code = %(code)s"""
# The name searches of ``_name_searches``, best first, in one statement. COALESCE runs a search
# only when the ones before it found nothing (a municipality's name, the most common case,
# reads one table once). A locality comes with its row; a municipality with its main postal
# code, as ``_place_of_municipality`` chooses it: the lowest code of the localities named like
# the municipality (the first name of ``search_name`` is the French one), else its lowest code.
# Each search also says which it is (its index in ``_name_searches``) and whether what it found
# lies in more than one municipality (a window over the rows it reads anyway): the text is then
# ambiguous, and its candidates are read only then. ``OFFSET 0`` keeps PostgreSQL from copying
# the COALESCE into each ``pair[n]`` that reads it (it ran the searches once per column).
_NAME_SQL = """
    WITH found AS MATERIALIZED (SELECT pair[1] AS nis_code, pair[2]::bigint AS row,
        pair[3]::int AS step, pair[4]::boolean AS shared
    FROM (SELECT coalesce(
        (SELECT ARRAY[nis_code::text, NULL, '0', (count(*) OVER () > 1)::text]
         FROM territory_municipality
         WHERE latitude IS NOT NULL AND strpos(search_name, %(whole)s) > 0
         ORDER BY length(name_fr), name_fr LIMIT 1),
        (SELECT ARRAY[municipality_id::text, id::text, '1',
                      (min(municipality_id) OVER () < max(municipality_id) OVER ())::text]
         FROM territory_postalcode
         WHERE search_locality = %(wanted)s ORDER BY length(locality), code LIMIT 1),
        (SELECT ARRAY[nis_code::text, NULL, '2', (count(*) OVER () > 1)::text]
         FROM territory_municipality
         WHERE latitude IS NOT NULL AND strpos(search_name, %(start)s) > 0
         ORDER BY length(name_fr), name_fr LIMIT 1),
        (SELECT ARRAY[municipality_id::text, id::text, '3',
                      (min(municipality_id) OVER () < max(municipality_id) OVER ())::text]
         FROM territory_postalcode
         WHERE starts_with(search_locality, %(wanted)s) ORDER BY length(locality), code LIMIT 1)
    ) AS pair OFFSET 0) AS choice)
    SELECT found.step, found.shared, found.row IS NULL, pc.id, pc.code, pc.locality,
           pc.latitude, pc.longitude, m.nis_code, m.name_fr, m.search_name, m.latitude,
           m.longitude
    FROM found JOIN territory_municipality m ON m.nis_code = found.nis_code
    LEFT JOIN LATERAL (
        SELECT * FROM territory_postalcode pc
        WHERE pc.id = found.row OR (found.row IS NULL AND pc.municipality_id = m.nis_code)
        ORDER BY pc.search_locality = split_part(m.search_name, '|', 2) DESC, pc.code LIMIT 1
    ) AS pc ON true"""


def _rows(sql: str, params: dict) -> list[PostalCode]:
    """Postal codes with their municipality (a municipality without postal code: a row whose
    ``code`` is empty)."""
    return [_postal_code(*row) for row in fetch_all(sql, params)]


def _postal_code(pk, code, locality, latitude, longitude, nis, name, names, m_lat, m_lon):
    row = PostalCode(id=pk, code=code, locality=locality, latitude=latitude, longitude=longitude)
    row.municipality = Municipality(
        nis_code=nis, name_fr=name, search_name=names, latitude=m_lat, longitude=m_lon
    )
    return row


def _first_by_name(wanted: str) -> Place | None:
    # strpos and starts_with rather than LIKE: no wildcard to escape, and PostgreSQL plans them
    # in a fraction of the time (it estimated each LIKE pattern against its statistics).
    params = {"wanted": wanted, "whole": f"|{wanted}|", "start": f"|{wanted}"}
    found = fetch_all(_NAME_SQL, params)
    if not found:
        return None
    step, shared, is_municipality, *columns = found[0]
    if shared:
        finder, condition = _name_searches(wanted)[step]
        candidates = sorted(finder(condition, AMBIGUOUS_LIMIT), key=lambda p: normalise(p.label))
        raise AmbiguousPlace(candidates, whole=step < 2)
    row = _postal_code(*columns)
    if not is_municipality:
        return _from_postal_code(row)
    return _place_of_municipality(row.municipality, [row] if row.code else [])


def _municipality_matches(condition: Q, limit: int):
    return [
        _from_municipality(m)
        for m in _municipalities()
        .filter(condition)
        .prefetch_related("postal_codes")
        .order_by(Length("name_fr"), "name_fr")[:limit]
    ]


def _locality_matches(condition: Q, limit: int, by_code: bool = False):
    order = ("code", "municipality_id") if by_code else (Length("locality"), "code")
    return [
        _from_postal_code(row) for row in _postal_codes().filter(condition).order_by(*order)[:limit]
    ]


def _name_searches(wanted: str):
    """The searches by name, best first: a whole municipality name (or one of its other
    names), a locality, then the start of a municipality name, the start of a locality."""
    return (
        (_municipality_matches, Q(search_name__contains=f"|{wanted}|")),
        (_locality_matches, Q(search_locality=wanted)),
        (_municipality_matches, Q(search_name__contains=f"|{wanted}")),
        (_locality_matches, Q(search_locality__startswith=wanted)),
    )


def find_place(text: str) -> Place | None:
    """The place of ``text``, or ``None``.

    ``text`` is a 4-digit postal code (optionally followed by a name: "1040 Etterbeek"), a
    municipality name (fr, nl or de) or a locality name. Exact matches first (municipality,
    then locality), then the names starting with the text. When the first of these searches
    that finds something finds places in several municipalities, raises ``AmbiguousPlace``
    ("Braine": Braine-l’Alleud, Braine-le-Château, Braine-le-Comte); a postal code never is.
    """
    if not text or not text.strip():
        return None
    code_match = POSTAL_CODE_RE.match(text)
    if code_match:
        return _by_code(code_match.group(1), code_match.group(2))
    wanted = search_key(text)
    if not wanted:
        return None
    return _first_by_name(wanted)


def suggest_places(text: str, limit: int = 8) -> list[Place]:
    """Up to ``limit`` places for "did you mean": exact, then prefix, then similar names."""
    if not text or not text.strip() or limit <= 0:
        return []
    places: dict[tuple, Place] = {}

    def add(found):
        for place in found:
            # "6000 Charleroi" adds nothing to the municipality Charleroi already offered.
            if place.label.endswith(f" {place.municipality.name_fr}") and any(
                other.label == place.municipality.name_fr for other in places.values()
            ):
                continue
            places.setdefault((place.municipality.pk, place.postal_code, place.label), place)

    code_match = POSTAL_CODE_RE.match(text)
    digits = text.strip()
    if code_match:
        add(_locality_matches(Q(code=code_match.group(1)), limit, by_code=True))
    elif digits.isdigit() and len(digits) < 4:
        add(_locality_matches(Q(code__startswith=digits), limit, by_code=True))
    else:
        wanted = search_key(text)
        if not wanted:
            return []
        for finder, condition in _name_searches(wanted):
            if len(places) >= limit:
                break
            add(finder(condition, limit))
        if len(places) < limit:
            add(_similar(wanted, limit))
    return list(places.values())[:limit]


def _similar(wanted: str, limit: int) -> list[Place]:
    """Names that look like ``wanted`` (typos), best first, municipalities before localities."""
    municipalities = (
        _municipalities()
        .annotate(similarity=TrigramWordSimilarity(wanted, "search_name"))
        .filter(similarity__gte=SUGGESTION_THRESHOLD)
        .prefetch_related("postal_codes")
        .order_by("-similarity", "name_fr")[:limit]
    )
    localities = (
        _postal_codes()
        .annotate(similarity=TrigramWordSimilarity(wanted, "search_locality"))
        .filter(similarity__gte=SUGGESTION_THRESHOLD)
        .order_by("-similarity", "code")[:limit]
    )
    scored = [(m.similarity, 0, _from_municipality(m)) for m in municipalities]
    scored += [(row.similarity, 1, _from_postal_code(row)) for row in localities]
    scored.sort(key=lambda item: (-item[0], item[1], item[2].label))
    return [place for _, _, place in scored]


__all__ = [
    "AmbiguousPlace",
    "Place",
    "find_place",
    "normalise",
    "postal_code_rows",
    "search_key",
    "search_names",
    "suggest_places",
]
