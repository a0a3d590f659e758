"""Monthly hour statements (centre list + XLSX, PDF per trainee) and agreed hours."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin import spreadsheets as cells
from tremplin.accounts.capabilities import Capability
from tremplin.audit.access import log_access, log_list_access
from tremplin.downloads import file_name
from tremplin.training.agreed_hours import agreed_hours_report
from tremplin.training.documents import in_french, pdf_response, render_pdf, workbook, xlsx_response
from tremplin.training.models import Contract
from tremplin.training.periods import ZERO
from tremplin.training.statements import (
    daily_rows,
    statement_for,
    statement_months,
    statements_for,
)
from tremplin.www.centre.common import chosen_centre
from tremplin.www.centre.training.common import month_from, parse_month, wants_xlsx
from tremplin.www.centre.training.contracts import _contract
from tremplin.www.centre.training.lists import STATEMENTS
from tremplin.www.decorators import staff_view


def statement_headers():
    return [
        _("Nom"), _("Prénom"), _("Référence Forem"), _("Formation"), _("Heures suivies"),
        _("Heures assimilées"), _("Absence injustifiée"), _("Jours de présence"),
        _("Allocation (€)"), _("Déplacements : jours à déclarer"),
        _("Déplacements déclarés (km)"), _("Déplacements vérifiés"),
        _("Garde d'enfants : jours à déclarer"), _("Garde d'enfants, estimation (€)"),
        _("Garde vérifiée"),
    ]  # fmt: skip


def _or_blank(value, figure):
    return "" if value is None else figure(value)


def statement_row(s):
    """One trainee's line: hours, days, euros and kilometres are numbers with their cell
    format (they add up in the spreadsheet), the answers text."""
    yes_no = {True: _("oui"), False: _("non — estimation")}
    return (
        s.contract.person.last_name,
        s.contract.person.first_name,
        s.contract.forem_reference,
        s.contract.training.name,
        cells.hours(s.hours_followed),
        cells.hours(s.hours_assimilated),
        cells.hours(s.unjustified),
        cells.count(s.days_present),
        cells.money(s.allowance),
        _or_blank(s.travel_days, cells.count),
        _or_blank(s.travel_km, cells.decimal),
        yes_no[s.travel_verified] if s.travel_km is not None else "",
        _or_blank(s.childcare_days, cells.count),
        _or_blank(s.childcare_estimate, cells.money),
        yes_no[s.childcare_verified] if s.childcare_days is not None else "",
    )


def centre_statements_xlsx(centre, year, month, statements) -> bytes:
    totals = [
        _("Total"), "", "", "",
        cells.hours(sum((s.hours_followed for s in statements), ZERO)),
        cells.hours(sum((s.hours_assimilated for s in statements), ZERO)),
        cells.hours(sum((s.unjustified for s in statements), ZERO)),
        cells.count(sum(s.days_present for s in statements)),
        cells.money(sum((s.allowance for s in statements), ZERO)),
        "", "", "", "", "", "",
    ]  # fmt: skip
    title = _("Relevé des heures — %(centre)s — %(month)s") % {
        "centre": centre.name,
        "month": formatting.month(datetime.date(year, month, 1)),
    }
    return workbook(title, statement_headers(), map(statement_row, statements), totals)


@staff_view("GET", capability=Capability.MANAGE_CONTRACTS)
def centre_statements(request):
    centre, centres = chosen_centre(request, Capability.MANAGE_CONTRACTS)
    year, month = parse_month(request.GET.get("mois"), timezone.localdate())
    state = STATEMENTS.read(request, Contract.objects.filter(centre=centre), sort=False)
    statements = statements_for(state.rows, year, month, order_by=state.order_by)
    people = (s.contract.person for s in statements)
    log_list_access(request, people, "centre:training:statements", centre.organisation)
    if wants_xlsx(request):
        content = centre_statements_xlsx(centre, year, month, statements)
        name = file_name("releve-heures", centre.name, f"{year}-{month:02d}", ext="xlsx")
        return xlsx_response(content, name)
    return render(
        request,
        "www/centre/training/statements.html",
        {
            "centre": centre,
            "centres": centres,
            "statements": statements,
            "period": datetime.date(year, month, 1),
            "total_allowance": sum((s.allowance for s in statements), ZERO),
            "form": state.form,
            "headers": state.headers,
        },
    )


def contract_month(contract, value: str | None, today: datetime.date) -> tuple[int, int]:
    """The month ``?mois=`` asks for, if it is one of the contract's months (when not given,
    the newest one up to this month); 404 for a month outside the contract."""
    months = statement_months(contract, until=contract.end_date)
    if value:
        chosen = month_from(value)
    else:
        chosen = next((month for month in months if month <= today), None)
    if chosen is None or chosen not in months:
        raise Http404
    return chosen.year, chosen.month


@staff_view("GET", capability=Capability.MANAGE_CONTRACTS)
@in_french
def statement_pdf(request, pk):
    """The statement of one month of a contract (one of the months its page lists)."""
    contract = _contract(request, pk, Capability.MANAGE_CONTRACTS)
    year, month = contract_month(contract, request.GET.get("mois"), timezone.localdate())
    log_access(request, contract.person, "centre:training:statement_pdf")
    statement = statement_for(contract, year, month)
    content = render_pdf(
        "training/pdf/statement.html",
        {"contract": contract, "s": statement, "days": daily_rows(contract, year, month)},
    )
    person = contract.person
    name = file_name(
        "releve-heures", person.last_name, person.first_name, f"{year}-{month:02d}", ext="pdf"
    )
    return pdf_response(content, name)


def agreed_hours_alert(line) -> str:
    if line.falls_short:
        return _("Projection sous les heures agréées")
    if line.exceeds:
        return _("Projection au-delà des heures agréées")
    return ""


@staff_view("GET", capability=Capability.MANAGE_CONTRACTS)
def agreed_hours(request):
    centre, centres = chosen_centre(request, Capability.MANAGE_CONTRACTS)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("annee", today.year))
    except ValueError:
        year = today.year
    lines = agreed_hours_report(centre, year, today)
    if wants_xlsx(request):
        headers = [
            _("Formation"), _("Heures agréées"), _("Heures réalisées"),
            _("Projection fin d'année"), _("Écart projeté"), _("Alerte"),
        ]  # fmt: skip
        rows = [
            (
                line.training.name,
                cells.hours(line.agreed),
                cells.hours(line.delivered),
                cells.hours(line.projected),
                cells.hours(line.projected - line.agreed),
                agreed_hours_alert(line),
            )
            for line in lines
        ]
        title = _("Heures agréées — %(centre)s — %(year)s") % {"centre": centre.name, "year": year}
        name = file_name("heures-agreees", centre.name, year, ext="xlsx", day=today)
        return xlsx_response(workbook(title, headers, rows), name)
    return render(
        request,
        "www/centre/training/agreed_hours.html",
        {"centre": centre, "centres": centres, "lines": lines, "year": year},
    )
