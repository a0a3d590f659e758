"""A centre coordinator's statistics: the centre's own figures and its annual activity report
(issue 7). The centre sees exact figures (no small-cell rule) but never a person."""

import uuid

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.models import Role
from tremplin.accounts.permissions import role_required
from tremplin.directory.models import Centre
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

CENTRE_BREAKDOWNS = ("objective", "method", "sector")


def _coordinated_centre(request):
    """The centre chosen with ``?centre=`` among those the user coordinates (the first one by
    default); 404 when the user coordinates none."""
    centres = list(Centre.objects.for_coordinator(request.user).order_by("name"))
    if not centres:
        raise Http404("Aucun centre")
    wanted = request.GET.get("centre", "")
    try:
        wanted = uuid.UUID(wanted) if wanted else None
    except ValueError:
        wanted = None
    chosen = next((c for c in centres if c.pk == wanted), centres[0])
    return chosen, centres


@role_required(Role.COORDINATOR)
def dashboard(request):
    centre, centres = _coordinated_centre(request)
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


@role_required(Role.COORDINATOR)
def download(request, year: int, fmt: str):
    centre, _centres = _coordinated_centre(request)
    if fmt not in FORMATS or year not in available_years(centre):
        raise Http404
    for_administration = request.GET.get("pour") == "administration"
    return download_response(centre_report(centre, year, for_administration), fmt)


@role_required(Role.COORDINATOR)
@require_POST
def prepare(request, year: int, fmt: str):
    """The report as a file prepared in the background (the PDF takes seconds)."""
    centre, _centres = _coordinated_centre(request)
    if year not in available_years(centre):
        raise Http404
    title = _("Rapport d'activités %(year)s — %(centre)s (%(format)s)") % {
        "year": year,
        "centre": centre.name,
        "format": fmt.upper(),
    }
    params = {"centre": str(centre.pk), "year": year, "format": fmt, "for_administration": True}
    return prepare_report(request, "centre_report", title, params)
