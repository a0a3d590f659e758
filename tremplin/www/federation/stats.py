"""The federation analyst's statistics dashboard and its downloads (issue 7)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability
from tremplin.stats import document
from tremplin.stats.exports import FORMATS
from tremplin.stats.indicators import completeness, coverage, sector_report
from tremplin.stats.views_common import (
    DOWNLOADS,
    StatsFilterForm,
    available_years,
    download_response,
    prepare_report,
)
from tremplin.www.decorators import staff_view


@staff_view("GET", capability=Capability.SEE_SECTOR_STATS)
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
            "downloads": DOWNLOADS,
            "coverage": coverage(year),
            "completeness": completeness(year),
        },
    )


@staff_view("GET", capability=Capability.SEE_SECTOR_STATS)
def download(request, year: int, fmt: str):
    if fmt not in FORMATS or year not in available_years():
        raise Http404
    return download_response(sector_report(year), fmt)


@staff_view("POST", capability=Capability.SEE_SECTOR_STATS)
def prepare(request, year: int, fmt: str):
    """The sector report as a file prepared in the background (the PDF takes seconds)."""
    if year not in available_years():
        raise Http404
    title = _("Chiffres clés du secteur %(year)s (%(format)s)") % {
        "year": year,
        "format": fmt.upper(),
    }
    return prepare_report(request, "sector_report", title, {"year": year, "format": fmt})
