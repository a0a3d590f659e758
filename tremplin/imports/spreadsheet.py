"""Read an uploaded workbook (one XLSX, or one CSV file per sheet) into plain rows.

Every import of Tremplin starts here. ``read_workbook(files, spec)`` returns the sheets that
``spec`` names, each a list of ``Line`` (row number as the person sees it in the spreadsheet,
values by column code), or raises ``Unreadable`` with a French message when the file as a whole
cannot be used (not a spreadsheet, not UTF-8, a sheet or a column missing, too many rows, too
big). Problems of one cell (a formula, a value too long) are ``Problem``s: "feuille, ligne,
colonne : message", collected and never raised one by one.

Header cells are matched by their code (``agreement_number``) or by one of their French labels
(« Numéro d'agrément »), compared without accents, case or punctuation.
"""

import csv
import datetime
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from tremplin.territory.lookup import normalise

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_CELL_CHARS = 5_000
CSV_FIELD_LIMIT = 64 * 1024  # Python's csv refuses longer fields: we say so in French
XLSX_MAGIC = b"PK\x03\x04"


class Unreadable(Exception):
    """The file as a whole cannot be imported; ``message`` says why, in French."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self):
        where = [self.sheet]
        if self.row is not None:
            where.append(_("ligne %(row)s") % {"row": self.row})
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)} : {self.message}"

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class Column:
    code: str
    label: str  # the French header of the template
    required: bool = False
    aliases: tuple[str, ...] = ()
    phone: bool = False  # a phone number: the leading 0 a number cell dropped is put back

    def matches(self, header: str) -> bool:
        key = header_key(header)
        return key in {header_key(self.code), header_key(self.label)} | {
            header_key(alias) for alias in self.aliases
        }


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]
    max_rows: int
    aliases: tuple[str, ...] = ()  # other names of the sheet (« persons » for « personnes »)
    optional_columns_may_be_absent: bool = False

    def names(self) -> set[str]:
        return {header_key(self.name)} | {header_key(alias) for alias in self.aliases}

    def column(self, code: str) -> Column:
        return next(column for column in self.columns if column.code == code)


@dataclass
class Line:
    sheet: str
    number: int
    values: dict[str, object]
    # Cells refused while reading (a formula, a text too long): empty here, and already told,
    # so the checks that follow tell nothing more about them (one message per cell).
    refused: set[str] = field(default_factory=set)

    def text(self, code: str) -> str:
        return cell_text(self.values.get(code))


def cell_text(value) -> str:
    """A cell as text: a number cell without « .0 », empty for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# A Belgian number typed in a number cell, which dropped its leading 0: 8 digits (81234567 for
# 081 23 45 67) or 9 (471234567 for 0471 23 45 67).
BELGIAN_WITHOUT_ZERO = re.compile(r"[1-9]\d{7,8}")


def phone_number(value):
    """The phone number of a cell with the 0 a number cell dropped; anything else as typed."""
    text = cell_text(value)
    return "0" + text if BELGIAN_WITHOUT_ZERO.fullmatch(text) else value


@dataclass
class Workbook:
    sheets: dict[str, list[Line]]
    problems: list[Problem] = field(default_factory=list)
    # Read through a column mapping: the person's own sheet titles and column headers, by our
    # sheet name and column code, for the problems found later.
    titles: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)


class NamedContent:
    """Bytes with a file name, read like an upload (a kept file, a file on disk)."""

    def __init__(self, name: str, content: bytes):
        self.name, self.content = name, content

    def read(self, size=-1):
        return self.content if size < 0 else self.content[:size]

    @classmethod
    def from_path(cls, path) -> "NamedContent":
        from pathlib import Path

        path = Path(path)
        return cls(path.name, path.read_bytes())


def header_key(text) -> str:
    return re.sub(r"[^a-z0-9]", "", normalise(str(text or "")))


def read_workbook(files, specs: tuple[SheetSpec, ...]) -> Workbook:
    """``files``: uploaded files (``name`` and ``read()``): one XLSX, or CSV files named after
    the sheets (``centres.csv``…)."""
    with read_tables(files) as tables:
        return _workbook({header_key(title): rows for title, rows in tables.items()}, specs)


class Tables(dict):
    """``{sheet title or CSV file name: rows}`` (rows are read lazily); a context manager that
    closes the workbook."""

    book = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.book is not None:
            self.book.close()
        return False


def read_tables(files) -> Tables:
    """The sheets of one XLSX (by title) or the CSV files (by file name, without ``.csv``),
    each as an iterator of rows. Raises ``Unreadable`` when the file as a whole cannot be
    used; reading the rows later may raise it too (a broken XLSX, a CSV field too long)."""
    files = list(files)
    if not files:
        raise Unreadable(_("Choisissez un fichier."))
    raw = {}
    for upload in files:
        content = upload.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            raise Unreadable(
                _("Le fichier « %(name)s » dépasse %(size)s Mo.")
                % {"name": upload.name, "size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        if not content:  # whatever its name says (an .xlsx of 0 bytes is not a workbook)
            raise Unreadable(_("Le fichier « %(name)s » est vide.") % {"name": upload.name})
        raw[upload.name] = content
    tables = Tables()
    if len(raw) == 1 and next(iter(raw.values())).startswith(XLSX_MAGIC):
        book = _open_xlsx(next(iter(raw.values())))
        tables.book = book
        for sheet in book.worksheets:
            tables[sheet.title] = _guarded(_xlsx_rows(sheet))
        return tables
    for name, content in raw.items():
        if content.startswith(XLSX_MAGIC):
            raise Unreadable(_("Envoyez soit un seul classeur XLSX, soit des fichiers CSV."))
        if not name.lower().endswith((".csv", ".txt")):
            raise Unreadable(
                _(
                    "« %(name)s » n'est ni un classeur XLSX ni un fichier CSV : enregistrez-le "
                    "au format .xlsx (Excel, LibreOffice) ou CSV UTF-8."
                )
                % {"name": name}
            )
        tables[name.rsplit("/", 1)[-1].rsplit(".", 1)[0]] = _csv_rows(name, content)
    return tables


def _guarded(rows):
    try:
        yield from rows
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, TypeError):
        raise Unreadable(_("Ce fichier n'est pas un classeur XLSX lisible.")) from None


def _workbook(tables: dict, specs) -> Workbook:
    workbook = Workbook(sheets={})
    for spec in specs:
        rows = next((tables[key] for key in sorted(spec.names()) if key in tables), None)
        if rows is None:
            raise Unreadable(_("La feuille « %(sheet)s » manque.") % {"sheet": spec.name})
        workbook.sheets[spec.name] = lines(spec, find_header(rows), workbook.problems)
    return workbook


def _open_xlsx(content: bytes):
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise Unreadable(_("Ce fichier n'est pas un classeur XLSX lisible.")) from None


FORMULA = object()


def _xlsx_rows(sheet):
    for row in sheet.iter_rows():
        yield [FORMULA if getattr(cell, "data_type", None) == "f" else cell.value for cell in row]


# Documents that are not tables, whatever their name says (PDF, Word or Excel 97-2003, images).
NOT_TABLES = (b"%PDF", b"\xd0\xcf\x11\xe0", b"{\\rtf", b"\x89PNG", b"GIF8", b"\xff\xd8\xff")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DELIMITERS = (";", "\t", ",")  # on a tie, the first: « ; » is Excel's in Belgium


def _csv_text(name: str, content: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), else Windows-1252, the encoding of
    the CSV files Excel saves on Windows. Raises ``Unreadable`` for anything that is not text."""
    not_a_table = Unreadable(
        _(
            "Le fichier « %(name)s » n'est pas un tableau : ouvrez-le dans Excel ou LibreOffice "
            "et enregistrez-le au format .xlsx ou CSV."
        )
        % {"name": name}
    )
    if content.startswith(NOT_TABLES):
        raise not_a_table
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CONTROL_CHARACTERS.search(text):
            break
        return text
    raise not_a_table


def _delimiter(text: str) -> str:
    """The separator used most in the first line."""
    first_line = text.split("\n", 1)[0]
    return max(DELIMITERS, key=first_line.count)


def _csv_rows(name: str, content: bytes):
    text = _csv_text(name, content)
    delimiter = _delimiter(text)
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)

    def rows():
        try:
            yield from reader
        except csv.Error:
            raise Unreadable(
                _("Le fichier « %(name)s » a une cellule trop longue ou mal fermée (guillemets).")
                % {"name": name}
            ) from None

    return rows()


def _is_blank(values) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _filled(values) -> int:
    return sum(not _is_blank([value]) for value in values)


TITLE_ROWS = 10  # the header is looked for among this many first non-blank rows


def find_header(rows):
    """``(header row number, header values, the numbered rows under it)``, ``(None, None,
    empty)`` for an empty sheet. The header is the first non-blank row, except that rows of
    one cell above it are titles (« Liste des stagiaires 2024 », often merged across the
    columns) when a row of several cells follows among the first ones."""
    numbered = enumerate(rows, start=1)
    first = []
    for number, values in numbered:
        if _is_blank(values):
            continue
        first.append((number, values))
        if _filled(values) > 1 or len(first) == TITLE_ROWS:
            break
    if not first:
        return None, None, iter(())
    at = next((i for i, (_n, values) in enumerate(first) if _filled(values) > 1), 0)
    number, header = first[at]
    return number, header, itertools.chain(first[at + 1 :], numbered)


def lines(spec: SheetSpec, found, problems: list[Problem], positions=None) -> list[Line]:
    """The rows of one sheet as ``Line``s; ``found`` is what ``find_header`` gave for its
    rows. ``positions`` (``{column code: index}``, a column mapping chosen by the person)
    replaces matching the header."""
    _number, header, numbered = found
    if header is None:
        raise Unreadable(_("La feuille « %(sheet)s » est vide.") % {"sheet": spec.name})
    if positions is None:
        positions = {}
        for index, title in enumerate(header):
            if title is FORMULA or title is None:
                continue
            column = next((c for c in spec.columns if c.matches(str(title))), None)
            if column is not None and column.code not in positions:
                positions[column.code] = index
    missing = [
        column.label
        for column in spec.columns
        if column.code not in positions
        and (column.required or not spec.optional_columns_may_be_absent)
    ]
    if missing:
        raise Unreadable(
            _("Feuille « %(sheet)s » : colonne(s) manquante(s) : %(columns)s.")
            % {"sheet": spec.name, "columns": ", ".join(f"« {label} »" for label in missing)}
        )
    lines = []
    for number, values in numbered:
        if _is_blank(values):
            continue
        if len(lines) >= spec.max_rows:
            raise Unreadable(
                _("La feuille « %(sheet)s » a plus de %(max)s lignes : découpez le fichier.")
                % {"sheet": spec.name, "max": spec.max_rows}
            )
        line = Line(spec.name, number, {})
        for code, index in positions.items():
            value = values[index] if index < len(values) else None
            column = spec.column(code)
            if isinstance(value, str):
                value = value.strip()
            refusal = _refusal(value)
            if refusal:
                problems.append(Problem(spec.name, number, column.label, refusal))
                line.refused.add(code)
                value = None
            elif column.phone:
                value = phone_number(value)
            line.values[code] = value if value != "" else None
        lines.append(line)
    return lines


def _refusal(value) -> str:
    """Why a cell's value cannot be read (a formula, a text too long), or ""."""
    if value is FORMULA or (isinstance(value, str) and value.startswith("=")):
        return _(
            "formule : Tremplin ne calcule pas les formules. Écrivez la valeur elle-même (dans "
            "le tableur : copier, puis Collage spécial → Valeurs)."
        )
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return _("texte trop long (plus de %(max)s caractères).") % {"max": MAX_CELL_CHARS}
    return ""


DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
MIDNIGHT = re.compile(r"[ T]0?0:00(:00)?$")  # a date cell saved as text with its time
SHORT_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")


# Excel's day numbers from 1900-01-01 to 2100-12-31: a date cell formatted « Standard ».
EXCEL_DAYS = range(1, 73_416)


def _excel_day(value) -> int | None:
    """The day number of a number cell (45688, or 45688.0), or ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value) if int(value) in EXCEL_DAYS else None


def parse_date(value) -> datetime.date:
    """A date from a date cell, from a date cell formatted as a number (45688 is 31/01/2025;
    openpyxl's ``from_excel`` knows Excel's 29/02/1900 that never was) or from text in one of
    four formats (31/12/2025, 31-12-2025, 31.12.2025, 2025-12-31), with or without a midnight
    time (« 31/12/2025 00:00:00 »). Raises ``ValueError`` with a French message."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if (day := _excel_day(value)) is not None:
        return from_excel(day).date()
    text = MIDNIGHT.sub("", str(value or "").strip())
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if SHORT_YEAR.fullmatch(text):  # 31-01-25: 1925 or 2025? We do not guess.
        raise ValueError(
            _("« %(value)s » : écrivez l'année en entier (par exemple 31/01/2025).")
            % {"value": text}
        )
    raise ValueError(
        _("« %(value)s » n'est pas une date (écrivez 31/12/2025 ou 2025-12-31).")
        % {"value": text[:40]}
    )


HUNDREDTH = Decimal("0.01")
HOURS_AND_MINUTES = re.compile(r"(\d{1,3})\s*[h:]\s*(?:(\d{1,2})(?::00)?\s*(?:min)?)?", re.I)


def parse_hours(value) -> Decimal:
    """A number of hours typed by a person: « 7,5 », « 7.5 », « 7:30 », « 7h30 », « 7h », a
    number cell, a time cell (7:30) or a duration cell ([h]:mm). Minutes are rounded to the
    hundredth of an hour; empty is 0. Raises ``ValueError`` with a French message (without
    the field's name)."""
    if value is None:
        return Decimal("0")
    if isinstance(value, datetime.time):
        value = datetime.timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    if isinstance(value, datetime.timedelta):
        return (Decimal(value.total_seconds()) / 3600).quantize(HUNDREDTH, ROUND_HALF_UP)
    if isinstance(value, float):  # a cell: 7.5, or 7.499999999999999 after a copy of a sum
        value = round(value, 6)
    text = str(value).strip().replace(",", ".")
    if not text:
        return Decimal("0")
    clock = HOURS_AND_MINUTES.fullmatch(text)
    if clock:
        hours, minutes = int(clock[1]), int(clock[2] or 0)
        if minutes >= 60:
            raise ValueError(_("« %(value)s » : pas plus de 59 minutes.") % {"value": text[:20]})
        return (hours + Decimal(minutes) / 60).quantize(HUNDREDTH, ROUND_HALF_UP)
    try:
        hours = Decimal(text)
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite():
        raise ValueError(_("indiquez un nombre d'heures (par exemple 3,5)."))
    if hours < 0:
        raise ValueError(_("les heures ne peuvent pas être négatives."))
    if hours != hours.quantize(HUNDREDTH):
        raise ValueError(_("au plus deux décimales."))
    return hours
