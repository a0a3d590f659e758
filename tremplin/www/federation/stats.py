"""The federation analyst's statistics dashboard and its downloads (issue 7)."""

from django.http import Http404
from django.shortcuts import render

from tremplin.accounts.models import Role
from tremplin.accounts.permissions import role_required
from tremplin.stats import document
from tremplin.stats.exports import FORMATS
from tremplin.stats.indicators import sector_report
from tremplin.stats.views_common import StatsFilterForm, available_years, download_response


@role_required(Role.FEDERATION_ANALYST)
def dashboard(request):
    years = available_years()
    form = StatsFilterForm(request.GET or None, years)
    year, compare, breakdown = form.values()
    report = sector_report(year)
    compare_report = sector_report(compare) if compare and compare != year else None
    return render(
        request,
        "www/federation/stats/dashboard.html",
        {
            "form": form,
            "year": year,
            "compare": compare_report["year"] if compare_report else None,
            **document.summary(report),
            "sections": document.sections(report, breakdown, compare_report),
            "formats": FORMATS,
        },
    )


@role_required(Role.FEDERATION_ANALYST)
def download(request, year: int, fmt: str):
    if fmt not in FORMATS or year not in available_years():
        raise Http404
    return download_response(sector_report(year), fmt)
