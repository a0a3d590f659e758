"""Column mapping: which sheet of the person's file is which sheet of ours, and which of its
columns is which field (decision 1005).

A centre imports the spreadsheets it already has, with its own sheet names and column headers.
``describe(files)`` lists its sheets with their headers (and one example value per column);
``guess(specs, sheets, saved)`` proposes a mapping, first from the mapping the centre chose last
time (by header text), then from the codes, French labels and aliases of our columns (compared
without accents, case or punctuation), then from a header that contains an alias;
``read_mapped(files, specs, mapping)`` reads the rows through the chosen mapping, and every
problem names the centre's own sheet and column (« Stagiaires, ligne 5, NOM : … »).

A mapping is plain JSON: ``{sheet name: {"sheet": source title or None, "columns": {column
code: column index}}}``. ``saved_form(mapping, sheets)`` turns it into the form kept for the next
import (headers instead of indexes: the next file may have its columns in another order).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin.imports.spreadsheet import (
    FORMULA,
    Problem,
    SheetSpec,
    Unreadable,
    Workbook,
    _is_blank,
    find_header,
    header_key,
    lines,
    read_tables,
)

EXAMPLE_CHARS = 40
FUZZY_MIN = 4  # an alias shorter than this is matched only as the whole header


@dataclass
class SourceSheet:
    title: str
    headers: list[str]  # header texts, by column index ("" for an empty header cell)
    examples: list[str] = field(default_factory=list)  # first value of each column, shortened
    header_row: int | None = None  # the header's row number, None when the sheet is empty
    rows: int = 0  # non-blank rows under the header (counting stops past ``count_limit``)

    def choices(self) -> list[tuple[int, str]]:
        """``(index, "B — Nom")`` for each non-empty header."""
        return [
            (index, f"{column_letter(index)} — {header}")
            for index, header in enumerate(self.headers)
            if header
        ]


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value) -> str:
    if value is None or value is FORMULA:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.date):
        return formatting.short_day(value)
    return str(value).strip()


def describe(files, count_limit: int | None = None) -> list[SourceSheet]:
    """The sheets of the file (or the CSV files), each with its headers and one example value
    per column (from the first row under the header); with ``count_limit``, the number of rows
    too (read to the end, or to one past the limit). Raises ``Unreadable``."""
    sheets = []
    with read_tables(files) as tables:
        for title, rows in tables.items():
            number, header, rest = find_header(rows)
            if header is None:
                sheets.append(SourceSheet(title, []))
                continue
            headers = [_text(value)[:200] for value in header]
            rest = (row for _number, row in rest)
            example_row = next((row for row in rest if not _is_blank(row)), [])
            examples = [
                _text(example_row[i])[:EXAMPLE_CHARS] if i < len(example_row) else ""
                for i in range(len(headers))
            ]
            count = 1 if example_row else 0
            if count_limit is not None and example_row:
                for row in rest:
                    if not _is_blank(row):
                        count += 1
                        if count > count_limit:
                            break
            sheets.append(SourceSheet(title, headers, examples, number, count))
    return sheets


def _keys(spec: SheetSpec, code: str) -> list[str]:
    column = spec.column(code)
    keys = [header_key(column.code), header_key(column.label)]
    keys += [header_key(alias) for alias in column.aliases]
    return [key for key in keys if key]


def guess_sheet(spec: SheetSpec, titles: list[str], saved: str | None, taken: set) -> str | None:
    free = [title for title in titles if title not in taken]
    if saved and saved in free:
        return saved
    names = spec.names()
    for title in free:
        if header_key(title) in names:
            return title
    for title in free:  # « Liste des stagiaires 2024 »
        key = header_key(title)
        if any(len(name) >= FUZZY_MIN and name in key for name in names):
            return title
    return None


def guess_columns(spec: SheetSpec, headers: list[str], saved: dict | None = None) -> dict:
    """``{column code: index}``: the saved choice (by header), then exact names, then a header
    that contains a name. Each header is used once."""
    keys = [header_key(header) for header in headers]
    chosen: dict[str, int] = {}

    def take(code, index):
        if code not in chosen and index not in chosen.values():
            chosen[code] = index

    for code, header in (saved or {}).items():
        if not any(column.code == code for column in spec.columns):
            continue
        wanted = header_key(header)
        for index, key in enumerate(keys):
            if key and key == wanted and index not in chosen.values():
                take(code, index)
                break
    for column in spec.columns:
        names = set(_keys(spec, column.code))
        for index, key in enumerate(keys):
            if key in names:
                take(column.code, index)
                break
    for column in spec.columns:
        if column.code in chosen:
            continue
        names = sorted(
            (name for name in _keys(spec, column.code) if len(name) >= FUZZY_MIN),
            key=len,
            reverse=True,
        )
        for name in names:
            index = next(
                (
                    i
                    for i, key in enumerate(keys)
                    if key and name in key and i not in chosen.values()
                ),
                None,
            )
            if index is not None:
                take(column.code, index)
                break
    return chosen


def guess(specs, sheets: list[SourceSheet], saved: dict | None = None) -> dict:
    """A whole mapping, from the saved one of the centre (``saved_form``) and the names."""
    saved = saved or {}
    by_title = {sheet.title: sheet for sheet in sheets}
    taken: set = set()
    mapping = {}
    for spec in specs:
        remembered = saved.get(spec.name) or {}
        title = guess_sheet(spec, list(by_title), remembered.get("sheet"), taken)
        if title is not None:
            taken.add(title)
        columns = (
            guess_columns(spec, by_title[title].headers, remembered.get("columns"))
            if title is not None
            else {}
        )
        mapping[spec.name] = {"sheet": title, "columns": columns}
    return mapping


def saved_form(mapping: dict, sheets: list[SourceSheet]) -> dict:
    """The mapping as kept for the centre's next import: sheet titles and header texts."""
    by_title = {sheet.title: sheet for sheet in sheets}
    kept = {}
    for name, choice in mapping.items():
        sheet = by_title.get(choice.get("sheet"))
        if sheet is None:
            continue
        kept[name] = {
            "sheet": sheet.title,
            "columns": {
                code: sheet.headers[index]
                for code, index in choice.get("columns", {}).items()
                if index < len(sheet.headers) and sheet.headers[index]
            },
        }
    return kept


def check(specs, mapping: dict, sheets: list[SourceSheet], required_sheets=()) -> list[str]:
    """What is wrong with a mapping, in French (empty when it can be used)."""
    by_title = {sheet.title: sheet for sheet in sheets}
    errors = []
    used_sheets = {}
    for spec in specs:
        choice = mapping.get(spec.name) or {}
        title = choice.get("sheet")
        if title is None:
            if spec.name in required_sheets:
                errors.append(_("Choisissez la feuille « %(sheet)s ».") % {"sheet": spec.name})
            continue
        if title not in by_title:
            errors.append(
                _("La feuille « %(sheet)s » n'est pas dans le fichier.") % {"sheet": title}
            )
            continue
        if title in used_sheets:
            errors.append(
                _("La feuille « %(title)s » est choisie deux fois (%(a)s et %(b)s).")
                % {"title": title, "a": used_sheets[title], "b": spec.name}
            )
        used_sheets[title] = spec.name
        columns = choice.get("columns", {})
        headers = by_title[title].headers
        for column in spec.columns:
            index = columns.get(column.code)
            if index is None:
                if column.required:
                    errors.append(
                        _("Feuille « %(sheet)s » : dites quelle colonne est « %(column)s ».")
                        % {"sheet": title, "column": column.label}
                    )
                continue
            if not 0 <= index < len(headers) or not headers[index]:
                errors.append(
                    _(
                        "Feuille « %(sheet)s » : la colonne choisie pour « %(column)s » "
                        "n'existe pas."
                    )
                    % {"sheet": title, "column": column.label}
                )
        seen = {}
        for code, index in columns.items():
            if index in seen:
                errors.append(
                    _(
                        "Feuille « %(sheet)s » : la colonne %(letter)s est choisie pour "
                        "« %(a)s » et pour « %(b)s »."
                    )
                    % {
                        "sheet": title,
                        "letter": column_letter(index),
                        "a": spec.column(seen[index]).label,
                        "b": spec.column(code).label,
                    }
                )
            seen[index] = code
    return errors


def read_mapped(files, specs, mapping: dict) -> Workbook:
    """The rows of each sheet through ``mapping``; a sheet mapped to nothing is empty.
    Problems name the centre's sheet and column headers. Raises ``Unreadable``."""
    workbook = Workbook(sheets={})
    with read_tables(files) as tables:
        for spec in specs:
            choice = mapping.get(spec.name) or {}
            title = choice.get("sheet")
            if title is None:
                workbook.sheets[spec.name] = []
                continue
            if title not in tables:
                raise Unreadable(_("La feuille « %(sheet)s » manque.") % {"sheet": title})
            found = find_header(tables[title])
            header = found[1]
            if header is None:
                raise Unreadable(_("La feuille « %(sheet)s » est vide.") % {"sheet": title})
            positions = {code: int(index) for code, index in choice.get("columns", {}).items()}
            labels = {}
            for code, index in positions.items():
                text = _text(header[index]) if index < len(header) else ""
                own = text and header_key(text) != header_key(code)
                labels[code] = text if own else spec.column(code).label
            problems: list[Problem] = []
            workbook.sheets[spec.name] = lines(spec, found, problems, positions)
            by_label = {spec.column(code).label: label for code, label in labels.items()}
            workbook.problems.extend(
                Problem(title, p.row, by_label.get(p.column, p.column), p.message) for p in problems
            )
            workbook.titles[spec.name] = title
            workbook.labels[spec.name] = labels
    return workbook
