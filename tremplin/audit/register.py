"""The register of processing (RGPD art. 30), kept true by the code (decision 0805).

Each app classifies the fields of its models in ``tremplin/<app>/personal_data.py``:
``CLASSIFICATION = {"app.Model": {"field": Personal(...) or None}}`` (``None``: the field holds
no personal data — an id, a centre, a code) and ``WITHOUT_PERSONAL_DATA = {"app.Model":
"why"}``. ``tests/audit/test_register.py`` fails when a model or a field of the project is in
neither. History tables (pghistory events) copy their model's fields and follow its rules.
"""

import importlib
from dataclasses import dataclass

from django.apps import apps
from pghistory.models import Event

from tremplin.audit.retention.schedule import RULES


@dataclass(frozen=True)
class Personal:
    category: str
    purpose: str
    legal_basis: str
    retention: str  # a rule code of tremplin.audit.retention.schedule
    seen_by: str
    special: bool = False  # RGPD art. 9 (health, disability, justice, free-text difficulties)


# Shared vocabulary of the classifications.
MISSION = "RGPD 6.1.e — mission d'intérêt public (décret CISP du 10/07/2013)"
LEGAL_DUTY = "RGPD 6.1.c — obligation légale (preuve du subside)"
CONSENT = "RGPD 6.1.a — accord de la personne"
CONTRACT_WITH_MEMBER = "RGPD 6.1.b/6.1.f — accès des membres et sécurité"
SPECIAL_BASIS = "RGPD 9.2.b et 9.2.g (à confirmer avec le DPO)"
CENTRE_TEAM = "coordination, équipe et service social du centre"
SOCIAL_TEAM = "coordination et service social du centre"
CENTRE_AND_TRAINER = CENTRE_TEAM + " ; formateur ou formatrice de son groupe"
PLATFORM = "administration de la plateforme ; coordination de son organisation"


def project_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("tremplin.") and not issubclass(model, Event)
    ]


def _modules():
    for config in apps.get_app_configs():
        if config.name.startswith("tremplin."):
            try:
                yield importlib.import_module(f"{config.name}.personal_data")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.personal_data":
                    raise


def classification() -> dict[str, dict[str, Personal | None]]:
    merged = {}
    for module in _modules():
        merged.update(getattr(module, "CLASSIFICATION", {}))
    return merged


def without_personal_data() -> dict[str, str]:
    merged = {}
    for module in _modules():
        merged.update(getattr(module, "WITHOUT_PERSONAL_DATA", {}))
    return merged


def unclassified() -> list[str]:
    """``app.Model.field`` (or ``app.Model``) of the project that nobody classified."""
    fields, models = classification(), without_personal_data()
    missing = []
    for model in project_models():
        label = model._meta.label
        if label in models:
            continue
        if label not in fields:
            missing.append(label)
            continue
        missing += [
            f"{label}.{field.name}"
            for field in model._meta.concrete_fields
            if field.name not in fields[label]
        ]
    return missing


@dataclass(frozen=True)
class Row:
    field: str
    name: str
    category: str
    purpose: str
    legal_basis: str
    keep: str
    seen_by: str
    special: bool


@dataclass(frozen=True)
class Table:
    title: str
    label: str
    rows: list[Row]


def tables() -> list[Table]:
    """The register: one table per model holding personal data (the command's Markdown and the
    platform administration's page are both written from this)."""
    result = []
    for label, fields in sorted(classification().items()):
        model = apps.get_model(label)
        personal = {name: p for name, p in fields.items() if p is not None}
        if not personal:
            continue
        rows = []
        for name, p in personal.items():
            rule = RULES[p.retention]
            rows.append(
                Row(
                    field=str(model._meta.get_field(name).verbose_name),
                    name=name,
                    category=p.category,
                    purpose=p.purpose,
                    legal_basis=p.legal_basis,
                    keep=f"{rule.period_label} après {rule.after} ({rule.confidence})",
                    seen_by=p.seen_by,
                    special=p.special,
                )
            )
        result.append(Table(title=str(model._meta.verbose_name), label=label, rows=rows))
    return result


def markdown() -> str:
    """The register as Markdown: one table per model holding personal data."""
    lines = [
        "# Registre des activités de traitement — inventaire des données (généré)",
        "",
        "Produit par `manage.py processing_register` à partir des classifications",
        "`tremplin/<app>/personal_data.py`. Délais : `docs/privacy.md`. Les tables d'historique",
        "(pghistory) copient les champs de leur modèle et suivent les mêmes règles.",
        "",
    ]
    for table in tables():
        lines += [
            f"## {table.title} (`{table.label}`)",
            "",
            "| champ | catégorie | finalité | base légale | conservation | qui le voit | art. 9 |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in table.rows:
            lines.append(
                f"| {row.field} (`{row.name}`) | {row.category} | {row.purpose} | "
                f"{row.legal_basis} | {row.keep} | {row.seen_by} | "
                f"{'oui' if row.special else 'non'} |"
            )
        lines.append("")
    return "\n".join(lines)
