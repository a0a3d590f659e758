"""The reports as files: JSON, HTML and PDF (WeasyPrint), XLSX (one sheet per indicator) and
CSV (open data, one line per published cell).

``render(report, fmt)`` returns ``(bytes, content_type, extension)``, in French (the files of
the centres and the federation); the public key figures pass the visitor's language.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin.stats import cells, document

FORMATS = ("json", "html", "pdf", "xlsx", "csv")
CONTENT_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
CSS = Path(__file__).parent / "static" / "stats" / "stats.css"


def render(report: dict, fmt: str, language: str = "fr") -> tuple[bytes, str, str]:
    if fmt not in FORMATS:
        raise ValueError(f"format inconnu : {fmt}")
    with translation.override(language):
        content = {
            "json": render_json,
            "html": lambda r: render_html(r).encode(),
            "pdf": render_pdf,
            "xlsx": render_xlsx,
            "csv": render_csv,
        }[fmt](report)
    return content, CONTENT_TYPES[fmt], fmt


def filename(report: dict, fmt: str) -> str:
    if report["scope"] == "centre":
        return f"rapport-activites-{report['year']}-{report['centre']['id'][:8]}.{fmt}"
    return f"chiffres-cles-cisp-{report['year']}.{fmt}"


def render_json(report: dict) -> bytes:
    return json.dumps(report, ensure_ascii=False, indent=2).encode()


def _document_context(report: dict) -> dict:
    year = report["year"]
    context = {
        "css": CSS.read_text(encoding="utf-8"),
        "publisher": _("Tremplin — secteur des CISP de Wallonie"),
        **document.summary(report),
        "generated_at": formatting.day(timezone.localdate()),
        "protected": report["scope"] == "sector" or report.get("for_administration", False),
    }
    if report["scope"] == "centre":
        centre = report["centre"]
        context |= {
            "title": _("Rapport d'activités %(year)s") % {"year": year},
            "subtitle": _("%(name)s — %(agrement)s — prérempli par Tremplin pour l'administration")
            % {"name": centre["name"], "agrement": centre["agrement_number"]},
            "identification": _identification(centre, year),
            "activity": _activity_table(report["activity_by_training"]),
            "sections": document.sections(report, breakdown="sector"),
        }
    else:
        context |= {
            "title": _("Chiffres clés des CISP — %(year)s") % {"year": year},
            "subtitle": _("Centres d'insertion socioprofessionnelle de Wallonie, année %(year)s")
            % {"year": year},
            "sections": document.sections(report, breakdown="province"),
        }
    return context


def _identification(centre: dict, year: int) -> cells.Table:
    table = cells.Table(_("Le centre"), [_("Rubrique"), _("Valeur")])
    table.rows = [
        [_("Nom"), centre["name"]],
        [_("Numéro d'agrément"), centre["agrement_number"]],
        [_("Forme juridique"), centre["legal_form"]],
        [_("Méthodes agréées"), centre["methods"]],
        [_("Année du rapport"), str(year)],
    ]
    return table


# The measures of a filière hidden together when its people count is small, and how each is
# written: hours as everywhere (« 7 310 », « 6 571,5 »), counts as whole numbers.
ACTIVITY_MEASURES = (
    ("followed", formatting.hours),
    ("assimilated", formatting.hours),
    ("people", formatting.number),
    ("contracts", formatting.number),
)


def _activity_table(rows: list[dict]) -> cells.Table:
    table = cells.Table(
        _("Heures et stagiaires par filière"),
        [
            _("Filière"),
            _("Objectif"),
            _("Méthode"),
            _("Heures agréées"),
            _("Heures suivies"),
            _("Heures assimilées"),
            _("Stagiaires"),
            _("Contrats"),
        ],
    )
    for row in rows:
        table.rows.append(
            [
                row["training"],
                row["objective"],
                row["method"],
                formatting.hours(row["agreed_hours"]),
                *(
                    cells.hidden_text(row) if row.get("suppressed") else write(row[key])
                    for key, write in ACTIVITY_MEASURES
                ),
            ]
        )
    return table


def render_html(report: dict) -> str:
    return render_to_string("stats/report_document.html", _document_context(report))


def render_pdf(report: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(report)).write_pdf()


# --- tables (XLSX and CSV share the same rows) -------------------------------------------


def cell_rows(report: dict):
    """Every published cell as a flat row: (indicator, measure, breakdown, key, label,
    category, value, note). Hidden cells have no value and a note ("< 5", "masqué")."""
    dimensions = report["dimensions"]

    def emit(indicator, cell, breakdown, key, label, category=""):
        value = cell.get("value")
        note = cell.get("display", "")
        if isinstance(value, dict):
            for measure, number in value.items():
                yield (indicator, measure, breakdown, key, label, category, number, note)
        elif value is None:
            yield (indicator, "", breakdown, key, label, category, None, note)
        else:
            yield (indicator, "", breakdown, key, label, category, value, note)

    def emit_result(indicator, result):
        yield from emit(indicator, result["total"], "total", "", _("Total"))
        for cell in result.get("categories", []):
            yield from emit(indicator, cell, "categorie", cell["key"], cell["label"])
        for dimension, rows in result["by"].items():
            for row in rows:
                yield from emit(indicator, row, dimensions[dimension], row["key"], row["label"])
                for cell in row.get("categories", []):
                    yield from emit(
                        indicator,
                        cell,
                        dimensions[dimension],
                        row["key"],
                        row["label"],
                        cell["key"],
                    )
        for extra in ("by_method", "by_legal_form"):
            for cell in result.get(extra, []):
                yield (indicator, extra, extra, cell["key"], cell["label"], "", cell["value"], "")

    for name in (
        "centres",
        "trainings",
        "people_under_contract",
        "hours",
        "interruptions",
        "exits",
        "situation_6_months",
        "satisfaction",
    ):
        yield from emit_result(name, report[name])
    for attribute, result in report["profile_at_entry"].items():
        yield from emit_result(f"profile_at_entry.{attribute}", result)
    if "staff_training" in report:
        from tremplin.staff_training.figures import cell_rows as staff_training_rows

        yield from staff_training_rows(report["staff_training"])


CSV_HEADER = (
    "indicateur",
    "mesure",
    "repartition",
    "code",
    "libelle",
    "categorie",
    "valeur",
    "note",
)


def render_csv(report: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(("annee", *CSV_HEADER))
    for row in cell_rows(report):
        writer.writerow((report["year"], *row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(report: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Chiffres clés")[:31]
    summary.append([_("Année"), report["year"]])
    if report["scope"] == "centre":
        summary.append([_("Centre"), report["centre"]["name"]])
        summary.append([_("Numéro d'agrément"), report["centre"]["agrement_number"]])
    for figure in document.key_figures(report):
        summary.append([figure.label, figure.value, figure.change])
    for comment in document.comments(report):
        summary.append([comment])
    if report["scope"] == "centre":
        activity = workbook.create_sheet(_("Filières")[:31])
        table = _activity_table(report["activity_by_training"])
        activity.append(table.headers)
        for row in report["activity_by_training"]:
            activity.append(
                [
                    row["training"],
                    row["objective"],
                    row["method"],
                    row["agreed_hours"],
                    *(
                        cells.hidden_text(row) if row.get("suppressed") else row[key]
                        for key, _write in ACTIVITY_MEASURES
                    ),
                ]
            )
    sheets = {}
    for row in cell_rows(report):
        indicator = row[0]
        if indicator not in sheets:
            sheet = workbook.create_sheet(indicator.replace("profile_at_entry.", "profil.")[:31])
            sheet.append(list(CSV_HEADER))
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheets[indicator] = sheet
        sheets[indicator].append(list(row))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if formatting.is_formula_text(cell.value):
                    cell.data_type = "s"  # a name typed « =… » stays text, never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
