"""The federation's directory file: its sheets and columns, the allowed codes, the template.

Three sheets, ``centres``, ``sites`` and ``formations``, with the column codes of issue 15 (the
French labels of the template's header row are accepted too). Coded columns take the API's code
or its French label (``construction`` or « Construction et rénovation »). ``workbook_bytes``
writes the template (two example rows per sheet and a « Codes » sheet) and the export of the
current directory in the same shape, so that an export can be edited and imported again.
"""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from tremplin.directory.enums import Federation, LegalForm, Method, Objective, Public, Sector
from tremplin.imports.spreadsheet import Column, SheetSpec, header_key

MAX_ROWS = 5_000  # the sector has about 150 centres

AGREEMENT = Column("agreement_number", "Numéro d'agrément", True, ("agrément", "n° d'agrément"))
SITE_NAME = Column("site_name", "Nom du site", True, ("site",))
CENTRES = SheetSpec(
    "centres",
    (
        AGREEMENT,
        Column("name", "Nom du centre", True, ("nom",)),
        Column("legal_form", "Forme juridique", True),
        Column("federation", "Fédération", True),
        Column("email", "E-mail", False, ("courriel", "adresse e-mail")),
        Column("phone", "Téléphone", False, ("tél",), phone=True),
        Column("website", "Site internet", False, ("site web",)),
        Column("description", "Présentation", False),
    ),
    MAX_ROWS,
)
SITES = SheetSpec(
    "sites",
    (
        AGREEMENT,
        SITE_NAME,
        Column("street", "Rue et numéro", True, ("adresse", "rue")),
        Column("postal_code", "Code postal", True, ("cp",)),
        Column("municipality", "Commune", True, ("localité",)),
        Column("phone", "Téléphone", False, ("tél",), phone=True),
    ),
    MAX_ROWS,
)
FORMATIONS = SheetSpec(
    "formations",
    (
        AGREEMENT,
        SITE_NAME,
        Column("title", "Intitulé de la formation", True, ("intitulé", "formation", "titre")),
        Column("sector", "Secteur", True),
        Column("objective", "Objectif", True),
        Column("method", "Méthode", True),
        Column("public", "Public", False, ("publics", "publics visés")),
        Column("description", "Contenu de la formation", False, ("contenu",)),
    ),
    MAX_ROWS,
)
SPECS = (CENTRES, SITES, FORMATIONS)
CODED = {
    "legal_form": LegalForm,
    "federation": Federation,
    "sector": Sector,
    "objective": Objective,
    "method": Method,
    "public": Public,
}
CODES_SHEET = "Codes"


def choice_keys(choices) -> dict[str, str]:
    """Accepted spellings (code, French label, label before its parenthesis) → code."""
    keys = {}
    with translation.override("fr"):
        for code, label in choices.choices:
            label = str(label)
            for text in (code, label, label.split(" (")[0]):
                keys.setdefault(header_key(text), code)
    return keys


EXAMPLE_ROWS = {
    "centres": [
        [
            "CISP n° 901",
            "Atelier d'exemple (fictif)",
            "asbl",
            "aleap",
            "contact@atelier-exemple.example",
            "081 00 00 01",
            "https://atelier-exemple.example",
            "Formations par le travail en maçonnerie et en cuisine.",
        ],
        [
            "CISP n° 902",
            "Lire et compter à Huy (fictif)",
            "ASBL",
            "Lire et Écrire",
            "info@lire-huy.example",
            "085 00 00 02",
            "",
            "Alphabétisation et remise à niveau.",
        ],
    ],
    "sites": [
        ["CISP n° 901", "Atelier de Namur", "Rue de l'Exemple 1", "5000", "Namur", "081 00 00 01"],
        ["CISP n° 902", "Maison de Huy", "Place d'Exemple 2", "4500", "Huy", ""],
    ],
    "formations": [
        [
            "CISP n° 901",
            "Atelier de Namur",
            "Commis de cuisine",
            "horeca",
            "formation_professionnalisante",
            "EFT",
            "young",
            "Préparer, cuire et dresser les plats.",
        ],
        [
            "CISP n° 902",
            "Maison de Huy",
            "Apprendre à lire et à écrire",
            "Alphabétisation (lire, écrire, calculer)",
            "Formation de base",
            "DéFI",
            "newcomers, no_diploma",
            "Lire et écrire les mots de tous les jours.",
        ],
    ],
}


def workbook_bytes(rows_by_sheet: dict[str, list[list]]) -> bytes:
    """An XLSX with the three sheets (header row of codes, then ``rows_by_sheet``) and the
    « Codes » sheet."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for spec in SPECS:
        sheet = book.create_sheet(spec.name)
        sheet.append([column.code for column in spec.columns])
        for cell in sheet[1]:
            cell.font = bold
        for row in rows_by_sheet.get(spec.name, []):
            sheet.append([_as_text(value) for value in row])
        for index in range(len(spec.columns)):
            sheet.column_dimensions[chr(ord("A") + index)].width = 24
    codes = book.create_sheet(CODES_SHEET)
    codes.append([_("colonne"), _("code"), _("libellé")])
    for cell in codes[1]:
        cell.font = bold
    with translation.override("fr"):
        for column, choices in CODED.items():
            for code, label in choices.choices:
                codes.append([column, code, str(label)])
        everyone = _("(vide : ouvert à tout le monde ; plusieurs : « young, women »)")
        codes.append(["public", "", everyone])
    codes.column_dimensions["C"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _as_text(value):
    """Text starting with '=' is written as text, never as a formula."""
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    return value


def template_bytes() -> bytes:
    return workbook_bytes(EXAMPLE_ROWS)


def export_rows() -> dict[str, list[list]]:
    """The current directory in the file's shape (every centre, site and training)."""
    from tremplin.directory.models import Centre, Site, Training

    centres = {centre.pk: centre for centre in Centre.objects.order_by("agrement_number")}
    rows = {
        "centres": [
            [
                c.agrement_number,
                c.name,
                c.legal_form,
                c.federation,
                c.email,
                c.phone,
                c.website,
                c.description,
            ]
            for c in centres.values()
        ],
        "sites": [
            [
                centres[s.centre_id].agrement_number,
                s.name,
                s.street,
                s.postal_code.code,
                s.postal_code.municipality.name_fr,
                s.phone,
            ]
            for s in Site.objects.select_related("postal_code__municipality").order_by("name")
        ],
        "formations": [
            [
                centres[t.centre_id].agrement_number,
                t.site.name,
                t.name,
                t.sector,
                t.objective,
                t.method,
                ", ".join(t.publics),
                t.description,
            ]
            for t in Training.objects.select_related("site").order_by("name")
        ],
    }
    return rows
