"""The register grid's way in: one text box per trainee and day, read and written here.

The domain (``tremplin.training.register``) loads, validates and saves a week from each cell's
hours (followed, assimilées, reason, unjustified). This module owns what the browser sends:
the field name of a cell and the few characters typed in it:

==========  =========================================================================
``6``       6 h suivies
``4 M2``    4 h suivies, 2 h assimilées pour le motif de code M (raison médicale)
``M``       les heures prévues du jour, assimilées pour le motif M
``A`` …     ``A`` : absence injustifiée (les heures prévues), ``A2`` : 2 h injustifiées
``2 P4``    2 h suivies, 4 h d'absence pour un motif qui ne compte pas (injustifiées)
(vide)      rien ce jour-là (la journée enregistrée est effacée)
==========  =========================================================================

Codes are the reasons' ``short_code`` (any case). A code without hours takes the planned hours
left once the other hours of the cell are counted. See docs/decisions/0653-register-grid.md.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from tremplin.training.models import format_hours

UNJUSTIFIED = "A"
ZERO = Decimal("0")
TOKEN = re.compile(r"([A-Za-z]+)?(\d{1,2}(?:[.,]\d{1,2})?)?")
SEPARATORS = re.compile(r"[\s+;]+")


def field_name(cell) -> str:
    return f"c-{cell.contract.pk}-{cell.day:%Y%m%d}"


def _hours(raw: str | None) -> Decimal:
    return Decimal((raw or "0").replace(",", ".") or "0")


def cell_text(cell, short_codes: dict[str, str]) -> str:
    """What the box shows for the cell's hours (``short_codes``: reason code → short code)."""
    if not (cell.followed or cell.assimilated or cell.unjustified or cell.reason):
        return ""
    followed = _hours(cell.followed)
    assimilated = _hours(cell.assimilated)
    unjustified = _hours(cell.unjustified)
    code = short_codes.get(cell.reason, cell.reason)
    if (
        not followed
        and (assimilated or unjustified) == cell.planned
        and not (assimilated and unjustified)
    ):
        return code if cell.reason else UNJUSTIFIED  # the whole planned day
    parts = []
    if followed or not (assimilated or unjustified):
        parts.append(format_hours(followed))
    if assimilated:
        parts.append(f"{code}{format_hours(assimilated)}")
    if unjustified:
        parts.append(f"{code if cell.reason and not assimilated else UNJUSTIFIED}")
        parts[-1] += format_hours(unjustified)
    return " ".join(parts)


def parse_cell(text: str, cell, reasons_by_short: dict) -> None:
    """Set the cell's hours from ``text``; a text that cannot be read goes to
    ``cell.input_errors`` (in French) and leaves the hours empty."""
    cell.followed = cell.assimilated = cell.unjustified = cell.reason = ""
    cell.input_errors = []
    tokens = [token for token in SEPARATORS.split(text.strip()) if token]
    followed, absences = None, []
    for token in tokens:
        match = TOKEN.fullmatch(token)
        if match is None or not (match[1] or match[2]):
            cell.input_errors.append(
                _("« %(text)s » : tapez des heures (6 ou 5,5) ou un code d'absence (M, A2…).")
                % {"text": token}
            )
            return
        code, hours = match[1], match[2]
        if code is None:
            if followed is not None:
                cell.input_errors.append(_("Un seul nombre d'heures suivies par jour."))
                return
            followed = _hours(hours)
            continue
        code = code.upper()
        if code != UNJUSTIFIED and code not in reasons_by_short:
            cell.input_errors.append(_("Code d'absence inconnu : %(code)s.") % {"code": code})
            return
        absences.append((code, _hours(hours) if hours else None))
    _assign(cell, followed or ZERO, absences, reasons_by_short)


def _assign(cell, followed, absences, reasons_by_short) -> None:
    reasons = {code for code, _h in absences if code != UNJUSTIFIED}
    if len(reasons) > 1:
        cell.input_errors.append(_("Un seul motif d'absence par jour."))
        return
    open_ended = [code for code, hours in absences if hours is None]
    if len(open_ended) > 1:
        cell.input_errors.append(_("Indiquez les heures de chaque absence (par exemple M2 A1)."))
        return
    counted = followed + sum((hours for _c, hours in absences if hours is not None), ZERO)
    assimilated = unjustified = ZERO
    for code, hours in absences:
        if hours is None:
            hours = cell.planned - counted
            if hours <= 0:
                cell.input_errors.append(
                    _("Indiquez les heures d'absence (par exemple %(code)s2).") % {"code": code}
                )
                return
        reason = reasons_by_short.get(code)
        if reason is not None:
            cell.reason = reason.code
        if reason is not None and reason.counts_as_assimilated:
            assimilated += hours
        else:
            unjustified += hours
    cell.followed = format_hours(followed)
    cell.assimilated = format_hours(assimilated)
    cell.unjustified = format_hours(unjustified)


@dataclass
class GridCell:
    cell: object
    name: str
    text: str

    @property
    def error_id(self) -> str:
        return f"{self.name}-err"


def reasons_by_short_code(sheet) -> dict:
    return {reason.short_code.upper(): reason for reason in sheet.reasons if reason.short_code}


def fill_from_post(sheet, data) -> dict[str, str]:
    """Read every open cell's box from the POST data; return the texts as typed."""
    reasons = reasons_by_short_code(sheet)
    typed = {}
    for row in sheet.rows:
        for cell in row.cells:
            name = field_name(cell)
            typed[name] = data.get(name, "")
            parse_cell(typed[name], cell, reasons)
    return typed


def grid_rows(sheet, typed: dict[str, str] | None = None):
    """``[(row, [GridCell…], totals)]`` for the template; ``typed`` keeps what was posted."""
    short_codes = {reason.code: reason.short_code for reason in sheet.reasons}
    rows = []
    for row in sheet.rows:
        cells = []
        for cell in row.cells:
            name = field_name(cell)
            text = typed[name] if typed is not None else cell_text(cell, short_codes)
            cells.append(GridCell(cell, name, text))
        rows.append((row, cells, _totals(row.cells)))
    return rows


def _counted(cell) -> tuple[Decimal, Decimal]:
    """The cell's hours followed and assimilées in the totals: none while the cell is refused
    (a refused save shows the text as typed, but it was not accepted)."""
    if cell.errors:
        return ZERO, ZERO
    return _hours(cell.followed), _hours(cell.assimilated)


def _totals(cells) -> dict:
    counted = [_counted(cell) for cell in cells]
    return {
        "followed": sum((followed for followed, _a in counted), ZERO),
        "assimilated": sum((assimilated for _f, assimilated in counted), ZERO),
    }


def day_totals(sheet) -> list[Decimal]:
    """Hours followed per day, over the trainees (the grid's last line)."""
    return [
        sum((_counted(row.cells[index])[0] for row in sheet.rows), ZERO)
        for index in range(len(sheet.days))
    ]
