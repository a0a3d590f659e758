"""What a cell of the register may hold: hours typed as text, absences and their reasons,
the limits of the schedule and of the agreed hours (warnings)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from tremplin.imports.spreadsheet import parse_hours
from tremplin.training import parameters
from tremplin.training.models import (
    AbsenceReason,
    AttendanceDay,
    format_hours,
)
from tremplin.training.models.schedule import MAX_HOURS_PER_DAY
from tremplin.training.periods import ZERO
from tremplin.training.register.grid import Cell, Row, Sheet


def _parse_hours(raw: str, label: str, errors: list[str]) -> Decimal:
    try:
        hours = parse_hours(raw)
    except ValueError as error:
        errors.append(_("%(label)s : %(problem)s") % {"label": label, "problem": error})
        return ZERO
    if hours > MAX_HOURS_PER_DAY:
        errors.append(
            _("%(label)s : pas plus de %(max)s heures par jour.")
            % {"label": label, "max": format_hours(MAX_HOURS_PER_DAY)}
        )
        return ZERO
    return hours


def validate_cell(cell: Cell, group, reasons: dict[str, AbsenceReason]) -> AttendanceDay | None:
    """Check ``cell`` (its raw values already set); return the row to save, or None when the
    cell is empty. Errors are added to ``cell.errors`` in French."""
    errors = cell.errors
    followed = _parse_hours(cell.followed, _("Heures suivies"), errors)
    assimilated = _parse_hours(cell.assimilated, _("Heures assimilées"), errors)
    unjustified = _parse_hours(cell.unjustified, _("Absence injustifiée"), errors)
    reason = reasons.get(cell.reason) if cell.reason else None
    if cell.reason and reason is None:
        errors.append(_("Motif d'absence inconnu."))
    total = followed + assimilated + unjustified
    empty = total == 0 and not cell.reason
    if errors:
        return None
    if not cell.editable:
        if not empty:
            errors.append(
                _("Aucune heure ne peut être encodée ce jour-là (%(why)s).")
                % {"why": cell.closed_reason}
            )
        return None
    maximum = max(cell.planned, group.planned_on(cell.day))
    if total > maximum:
        errors.append(
            _("Le total du jour (%(total)s h) dépasse l'horaire prévu (%(max)s h).")
            % {"total": format_hours(total), "max": format_hours(maximum)}
        )
    if assimilated and reason is None:
        errors.append(_("Indiquez le motif des heures assimilées."))
    if assimilated and reason is not None and not reason.counts_as_assimilated:
        errors.append(
            _("Le motif « %(reason)s » ne compte pas en heures assimilées.")
            % {"reason": reason.label}
        )
    if reason is not None and not assimilated and not unjustified:
        errors.append(_("Un motif d'absence demande des heures d'absence."))
    if errors or empty:
        return None
    return AttendanceDay(
        contract=cell.contract,
        day=cell.day,
        hours_followed=followed,
        hours_assimilated=assimilated,
        reason=reason,
        unjustified_absence_hours=unjustified,
    )


def limit_warnings(row: Row, week_rows=None) -> list[str]:
    """Warnings before the share of hours assimilées or the maximum duration is exceeded.

    ``week_rows`` are the rows about to be saved for this contract; by default the values shown.
    """
    contract = row.contract
    if week_rows is None:
        week_rows = []
        for cell in row.cells:
            try:
                followed, assimilated = parse_hours(cell.followed), parse_hours(cell.assimilated)
            except ValueError:
                continue
            week_rows.append((followed, assimilated))
    else:
        week_rows = [(r.hours_followed, r.hours_assimilated) for r in week_rows]
    week_followed = sum((f for f, _a in week_rows), ZERO)
    week_assimilated = sum((a for _f, a in week_rows), ZERO)
    day = row.cells[-1].day if row.cells else contract.start_date
    warnings = []
    share_cap = parameters.max_assimilated_share(day)
    followed = getattr(contract, "followed_before", ZERO) + week_followed
    assimilated = getattr(contract, "assimilated_before", ZERO) + week_assimilated
    if share_cap and followed + assimilated > 0:
        share = assimilated / (followed + assimilated)
        values = {"share": format_hours(share * 100), "cap": format_hours(share_cap * 100)}
        warning = None
        if share > share_cap:
            warning = _(
                "Heures assimilées : %(share)s %% des heures, au-delà du plafond de %(cap)s %%."
            )
        elif share >= share_cap * parameters.WARNING_THRESHOLD:
            warning = _(
                "Heures assimilées : %(share)s %% des heures, proche du plafond de %(cap)s %%."
            )
        if warning:
            note = parameters.to_confirm_note(parameters.MAX_ASSIMILATED_SHARE, day)
            warnings.append(" ".join(filter(None, [warning % values, note])))
    max_hours = parameters.max_training_hours(day)
    # The maximum duration is per person: this contract plus their earlier contracts.
    earlier = getattr(contract, "earlier_contracts_hours", ZERO)
    done = earlier + followed + assimilated
    if max_hours and done >= max_hours * parameters.WARNING_THRESHOLD:
        values = {
            "done": format_hours(done),
            "max": format_hours(max_hours),
            "earlier": format_hours(earlier),
        }
        if done > max_hours:
            warning = _("Durée maximale de formation dépassée : %(done)s h sur %(max)s h.")
        else:
            warning = _("Durée maximale de formation bientôt atteinte : %(done)s h sur %(max)s h.")
        warning %= values
        if earlier:
            warning += " " + (_("Dont %(earlier)s h dans ses contrats précédents.") % values)
        note = parameters.to_confirm_note(parameters.MAX_TRAINING_HOURS, day)
        warnings.append(" ".join(filter(None, [warning, note])))
    return warnings


def validate_sheet(sheet: Sheet) -> list[AttendanceDay]:
    """Validate every cell; return the rows to save. Cells get their errors in French."""
    reasons = {reason.code: reason for reason in sheet.reasons}
    to_save = []
    for row in sheet.rows:
        row_saves = []
        for cell in row.cells:
            cell.errors = list(cell.input_errors)
            attendance = validate_cell(cell, sheet.group, reasons)
            if attendance is not None:
                row_saves.append(attendance)
        row.warnings = limit_warnings(row, row_saves)
        to_save.extend(row_saves)
    return to_save
