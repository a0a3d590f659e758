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

from tremplin import formatting, spreadsheets
from tremplin.downloads import file_name
from tremplin.spreadsheets import Figure
from tremplin.stats import cells, document, labels
from tremplin.stats.privacy import DISPLAY

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
    """``rapport-activites-cisp-le-trieu-2025.pdf`` (``…-2025-administration.pdf``, the
    version that leaves the centre), ``chiffres-cles-cisp-2025.csv``: a centre or the sector
    and the year, never a person."""
    if report["scope"] == "centre":
        version = "administration" if report.get("for_administration") else ""
        name = report["centre"]["name"]
        return file_name("rapport-activites", name, report["year"], version, ext=fmt)
    return file_name("chiffres-cles-cisp", report["year"], ext=fmt)


def render_json(report: dict) -> bytes:
    return json.dumps(report, ensure_ascii=False, indent=2).encode()


def _title(report: dict) -> str:
    if report["scope"] == "centre":
        return _("Rapport d'activités %(year)s") % {"year": report["year"]}
    return _("Chiffres clés des CISP — %(year)s") % {"year": report["year"]}


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
            "title": _title(report),
            "subtitle": _("%(name)s — %(agrement)s — prérempli par Tremplin pour l'administration")
            % {"name": centre["name"], "agrement": centre["agrement_number"]},
            "identification": _identification(centre, year),
            "activity": _activity_table(report["activity_by_training"]),
            "sections": document.sections(report, breakdown="sector"),
        }
    else:
        context |= {
            "title": _title(report),
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


# The open-data columns (decision 0702): codes first, as they were published, then what the
# indicator and the measure mean in the file's language.
CSV_HEADER = (
    "indicateur",
    "mesure",
    "repartition",
    "code",
    "libelle",
    "categorie",
    "valeur",
    "note",
    "indicateur_libelle",
    "mesure_libelle",
)


def render_csv(report: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(("annee", *CSV_HEADER))
    for row in cell_rows(report):
        indicator, measure = row[0], row[1]
        meaning = (
            labels.indicator_label(indicator, report),
            labels.measure_label(indicator, measure) if measure else "",
        )
        writer.writerow((report["year"], *row, *meaning))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- XLSX: numbers as numbers, with their cell format (``tremplin.spreadsheets``) ----------

# What each measure is, for its cell format; every other measure is a count.
MEASURE_FIGURES = {
    "followed": spreadsheets.hours,
    "assimilated": spreadsheets.hours,
    "total": spreadsheets.hours,
    "hours": spreadsheets.hours,
    "share": spreadsheets.share,
}
# The measures of each indicator, in their order: a sheet has their columns even where the
# small-cell rule hid every cell.
INDICATOR_MEASURES = {
    "centres": ("people",),
    "trainings": ("people",),
    "people_under_contract": ("people", "contracts"),
    "hours": ("followed", "assimilated", "total", "people"),
    "profile_at_entry": ("people",),
    "interruptions": ("interruptions", "people"),
    "exits": ("exits", "positive", "people"),
    "situation_6_months": ("answers", "in_job_or_training", "share", "people"),
    "satisfaction": ("people",),
    "staff_training": ("hours", "people"),
}
# The centres by method and by legal form count centres: the same column as the others.
XLSX_MEASURES = {"by_method": "people", "by_legal_form": "people"}


# The report says « < 5 » or « masqué » (French) in a hidden cell; the file says it in its language.
HIDDEN_FLAGS = {text: flag for flag, text in DISPLAY.items()}


def _figure(measure: str, value):
    if measure.startswith("mean_"):
        return spreadsheets.score(value)
    return MEASURE_FIGURES.get(measure, spreadsheets.count)(value)


def _sheet_title(text: str, taken: set) -> str:
    """A sheet name: at most 31 characters, none of ``[]:*?/\\``, not used yet."""
    clean = "".join("-" if c in "[]:*?/\\" else c for c in text).strip()[:31]
    title, number = clean, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = clean[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


def _summary_sheet(book, report: dict, taken: set) -> None:
    sheet = book.create_sheet(_sheet_title(_("Chiffres clés"), taken))
    write = sheet.append
    write([spreadsheets.cell(sheet, _title(report), bold=True)])
    write([_("Année"), report["year"]])
    if report["scope"] == "centre":
        write(spreadsheets.row(sheet, [_("Centre"), report["centre"]["name"]]))
        agrement = report["centre"]["agrement_number"]
        write(spreadsheets.row(sheet, [_("Numéro d'agrément"), agrement]))
    write([])
    since = _("Évolution depuis %(year)s") % {"year": report["year"] - 1}
    write(spreadsheets.row(sheet, [_("Chiffre"), _("Valeur"), since, _("Précision")], bold=True))
    for figure in document.key_figures(report):
        # ``kind`` is a cell format (number, hours, percent); a hidden figure stays « < 5 ».
        value = figure.value if figure.amount is None else Figure(figure.amount, figure.kind)
        row = [figure.label, value, spreadsheets.change(figure.change_ratio), figure.note]
        write(spreadsheets.row(sheet, row))
    write([])
    for comment in document.comments(report):
        write(spreadsheets.row(sheet, [comment]))


def _activity_sheet(book, report: dict, taken: set) -> None:
    sheet = book.create_sheet(_sheet_title(_("Filières"), taken))
    figures = {
        key: spreadsheets.hours if write is formatting.hours else spreadsheets.count
        for key, write in ACTIVITY_MEASURES
    }
    table = _activity_table([])
    sheet.append(spreadsheets.row(sheet, table.headers, bold=True))
    for row in report["activity_by_training"]:
        measures = [
            cells.hidden_text(row) if row.get("suppressed") else figures[key](row[key])
            for key, _write in ACTIVITY_MEASURES
        ]
        described = [row["training"], row["objective"], row["method"]]
        agreed = spreadsheets.hours(row["agreed_hours"])
        sheet.append(spreadsheets.row(sheet, [*described, agreed, *measures]))


def _indicator_sheets(book, report: dict, taken: set) -> None:
    """One sheet per indicator: a line per published cell (the whole, each breakdown and
    category), a column per measure under its name (« Heures suivies », « Centres »), the
    hidden cells empty with « < 5 » or « masqué » in the note."""
    tables: dict[str, dict] = {}
    for indicator, measure, breakdown, key, label, category, value, note in cell_rows(report):
        known = INDICATOR_MEASURES.get(indicator.split(".")[0], ())
        table = tables.setdefault(indicator, {"measures": list(known), "lines": {}})
        line = table["lines"].setdefault(
            (breakdown, key, label, category), {"values": {}, "note": ""}
        )
        if measure:
            measure = XLSX_MEASURES.get(measure, measure)
            if measure not in table["measures"]:
                table["measures"].append(measure)
            line["values"][measure] = value
        elif note:
            flag = HIDDEN_FLAGS.get(note)
            line["note"] = cells.hidden_text({"suppressed": flag, "display": note})
    for indicator, table in tables.items():
        title = labels.indicator_label(indicator, report)
        sheet = book.create_sheet(_sheet_title(title, taken))
        sheet.freeze_panes = "A4"
        sheet.append([spreadsheets.cell(sheet, title, bold=True)])
        sheet.append([])
        headers = [
            _("Répartition"),
            _("Code"),
            _("Libellé"),
            _("Catégorie"),
            *(labels.measure_label(indicator, m) for m in table["measures"]),
            _("Remarque"),
        ]
        sheet.append(spreadsheets.row(sheet, headers, bold=True))
        for (breakdown, key, label, category), line in table["lines"].items():
            numbers = [_figure(m, line["values"].get(m)) for m in table["measures"]]
            described = [labels.breakdown_label(breakdown), key, label, category]
            sheet.append(spreadsheets.row(sheet, [*described, *numbers, line["note"]]))


def render_xlsx(report: dict) -> bytes:
    """A sheet of key figures, the centre's filières, then one sheet per indicator. Every
    number is a number cell with its format; headers are words, not codes."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    taken: set = set()
    _summary_sheet(book, report, taken)
    if report["scope"] == "centre":
        _activity_sheet(book, report, taken)
    _indicator_sheets(book, report, taken)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
