"""Build the territory tables from the source packages, in one transaction, idempotently.

Every table is upserted with ``bulk_create(update_conflicts=True)`` on its natural key (REFNIS
code, IBEFE code, (postal code, municipality)), so running the loader twice changes nothing.
Postal codes that the sources no longer list are deleted.
"""

from dataclasses import dataclass, field

from django.db import transaction

from tremplin.territory import reference, sources
from tremplin.territory.lookup import normalise, search_key, search_names
from tremplin.territory.models import (
    Arrondissement,
    IbefeArea,
    Municipality,
    PostalCode,
    Province,
    Region,
)
from tremplin.territory.points import Correction, Row, place, town_points

NAME_FIELDS = ["name_fr", "name_nl", "name_de"]


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)
    deleted_postal_codes: int = 0
    corrections: list[Correction] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    centred: int = 0


def is_loaded() -> bool:
    """Whether the tables already hold the territory (cheap: two EXISTS queries)."""
    return Municipality.objects.exists() and PostalCode.objects.exists()


def _names(unit) -> dict:
    return {"name_fr": unit.names.fr, "name_nl": unit.names.nl, "name_de": unit.names.de}


def _upsert(report: LoadReport, model, objects, unique_fields, update_fields, label):
    key = unique_fields[0] if len(unique_fields) == 1 else None
    if key:
        existing = set(model.objects.values_list(key, flat=True))
        report.created[label] = sum(1 for o in objects if getattr(o, key) not in existing)
    model.objects.bulk_create(
        objects,
        update_conflicts=True,
        unique_fields=unique_fields,
        update_fields=update_fields,
        batch_size=500,
    )
    report.counts[label] = len(objects)


def _municipality_rows(municipalities, pairs):
    points = sources.postal_points()
    rows = []
    for code, nis in pairs:
        source = points.get(code)
        rows.append(
            Row(
                code=code,
                municipality_nis=nis,
                locality=source.locality if source else "",
                point=(source.latitude, source.longitude) if source else None,
            )
        )
    names = {
        m.nis_code: {normalise(n) for n in (m.names.fr, m.names.nl, m.names.de) if n}
        for m in municipalities
    }
    french = {m.nis_code: m.names.fr for m in municipalities}
    return place(rows, names, town_points(sources.town_centres()), french)


def load_territory(dry_run: bool = False) -> LoadReport:
    report = LoadReport()
    regions = sources.regions()
    provinces = sources.provinces()
    municipalities = sources.municipalities()
    pairs = [(code, nis) for code, nis in sources.postal_code_pairs()]
    known = {m.nis_code for m in municipalities}
    pairs = [(code, nis) for code, nis in pairs if nis in known]
    placement = _municipality_rows(municipalities, pairs)
    report.corrections = placement.corrections
    report.warnings = placement.warnings
    report.centred = placement.centred

    with transaction.atomic():
        _upsert(
            report,
            Region,
            [Region(nis_code=r.nis_code, **_names(r)) for r in regions],
            ["nis_code"],
            NAME_FIELDS,
            "régions",
        )
        _upsert(
            report,
            Province,
            [Province(nis_code=p.nis_code, region_id=p.region, **_names(p)) for p in provinces],
            ["nis_code"],
            [*NAME_FIELDS, "region"],
            "provinces",
        )
        _upsert(
            report,
            IbefeArea,
            [IbefeArea(code=code, name=name) for code, name in reference.IBEFE_AREAS.items()],
            ["code"],
            ["name"],
            "bassins IBEFE",
        )
        _upsert(
            report,
            Arrondissement,
            _arrondissements(municipalities),
            ["nis_code"],
            [*NAME_FIELDS, "region", "province"],
            "arrondissements",
        )
        _upsert(
            report,
            Municipality,
            [_municipality(m, placement.municipality_points) for m in municipalities],
            ["nis_code"],
            [
                *NAME_FIELDS,
                *("region", "province", "arrondissement", "ibefe_area"),
                *("search_name", "latitude", "longitude"),
            ],
            "communes",
        )
        existing = set(PostalCode.objects.values_list("code", "municipality_id"))
        postal_codes = [_postal_code(row) for row in placement.rows if row.point]
        report.created["codes postaux"] = sum(
            1 for p in postal_codes if (p.code, p.municipality_id) not in existing
        )
        _upsert(
            report,
            PostalCode,
            postal_codes,
            ["code", "municipality"],
            [
                "locality",
                "search_locality",
                "latitude",
                "longitude",
                "point_corrected",
                "point_note",
            ],
            "codes postaux",
        )
        report.deleted_postal_codes = _delete_stale(existing, postal_codes)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _arrondissements(municipalities) -> list[Arrondissement]:
    found = {}
    for m in municipalities:
        code = reference.arrondissement_code(m.nis_code)
        if code in found:
            continue
        fr, nl, de = reference.ARRONDISSEMENT_NAMES.get(code, (code, code, ""))
        found[code] = Arrondissement(
            nis_code=code,
            name_fr=fr,
            name_nl=nl,
            name_de=de,
            region_id=m.region,
            province_id=m.province,
        )
    return list(found.values())


def _municipality(unit, points) -> Municipality:
    point = points.get(unit.nis_code) or (None, None)
    return Municipality(
        nis_code=unit.nis_code,
        **_names(unit),
        region_id=unit.region,
        province_id=unit.province,
        arrondissement_id=reference.arrondissement_code(unit.nis_code),
        ibefe_area_id=reference.ibefe_code(unit.nis_code),
        search_name=search_names(unit.names.fr, unit.names.nl, unit.names.de),
        latitude=point[0],
        longitude=point[1],
    )


def _postal_code(row: Row) -> PostalCode:
    return PostalCode(
        code=row.code,
        municipality_id=row.municipality_nis,
        locality=row.locality,
        search_locality=search_key(row.locality),
        latitude=row.point[0],
        longitude=row.point[1],
        point_corrected=row.corrected,
        point_note=row.note,
    )


def _delete_stale(existing: set, postal_codes: list[PostalCode]) -> int:
    wanted = {(p.code, p.municipality_id) for p in postal_codes}
    stale = existing - wanted
    if not stale:
        return 0
    ids = [
        pk
        for pk, code, nis in PostalCode.objects.values_list("pk", "code", "municipality_id")
        if (code, nis) in stale
    ]
    deleted, _ = PostalCode.objects.filter(pk__in=ids).delete()
    return deleted
