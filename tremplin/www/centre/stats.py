"""A centre coordinator's statistics: the centre's own figures and its annual activity report
(issue 7). The centre sees exact figures (no small-cell rule) but never a person."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability
from tremplin.stats import document
from tremplin.stats.exports import FORMATS
from tremplin.stats.indicators import centre_report
from tremplin.stats.views_common import (
    DOWNLOADS,
    StatsFilterForm,
    available_years,
    download_response,
    prepare_report,
)
from tremplin.www.centre.common import chosen_centre
from tremplin.www.decorators import staff_view

CENTRE_BREAKDOWNS = ("objective", "method", "sector")


@staff_view("GET", capability=Capability.SEE_CENTRE_STATS)
def dashboard(request):
    centre, centres = chosen_centre(request, Capability.SEE_CENTRE_STATS)
    years = available_years(centre)
    form = StatsFilterForm(request.GET or None, years, breakdowns=CENTRE_BREAKDOWNS)
    year, compare, breakdown = form.values()
    if breakdown not in CENTRE_BREAKDOWNS:
        breakdown = "sector"
    report = centre_report(centre, year)
    compare_report = centre_report(centre, compare) if compare and compare != year else None
    return render(
        request,
        "www/centre/stats/dashboard.html",
        {
            "centre": centre,
            "centres": centres,
            "form": form,
            "year": year,
            "compare": compare_report["year"] if compare_report else None,
            **document.summary(report),
            "sections": document.sections(report, breakdown, compare_report),
            "activity": report["activity_by_training"],
            "downloads": DOWNLOADS,
            # The files leave the centre: the administration's version (small-cell rule).
            "centre_query": f"?centre={centre.pk}&pour=administration",
        },
    )


@staff_view("GET", capability=Capability.SEE_CENTRE_STATS)
def download(request, year: int, fmt: str):
    centre, _centres = chosen_centre(request, Capability.SEE_CENTRE_STATS)
    if fmt not in FORMATS or year not in available_years(centre):
        raise Http404
    for_administration = request.GET.get("pour") == "administration"
    return download_response(centre_report(centre, year, for_administration), fmt)


@staff_view("POST", capability=Capability.SEE_CENTRE_STATS)
def prepare(request, year: int, fmt: str):
    """The report as a file prepared in the background (the PDF takes seconds)."""
    centre, _centres = chosen_centre(request, Capability.SEE_CENTRE_STATS)
    if year not in available_years(centre):
        raise Http404
    title = _("Rapport d'activités %(year)s — %(centre)s (%(format)s)") % {
        "year": year,
        "centre": centre.name,
        "format": fmt.upper(),
    }
    params = {"centre": str(centre.pk), "year": year, "format": fmt, "for_administration": True}
    return prepare_report(request, "centre_report", title, params)
