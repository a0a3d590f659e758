"""The public page of the sector's key figures for the last complete year (issue 7), and its
open-data files. Small cells are suppressed; nobody needs to log in."""

from django.http import Http404
from django.shortcuts import render
from django.utils import translation

from tremplin.stats import document
from tremplin.stats.indicators import latest_complete_year, sector_report
from tremplin.stats.models import PUBLIC_FORMATS
from tremplin.stats.published import published_response
from tremplin.stats.views_common import download_response
from tremplin.www.decorators import public_view

# Sections shown to the public (the dashboard has them all).
PUBLIC_SECTIONS = (
    "stagiaires",
    "heures",
    "centres",
    "filieres",
    "profil-age-band",
    "profil-gender",
    "profil-certificate",
    "profil-income-at-entry",
    "sorties",
    "six-mois",
)


@public_view("GET")
def key_figures(request):
    year = latest_complete_year()
    report = sector_report(year)
    sections = [s for s in document.sections(report, "province") if s.id in PUBLIC_SECTIONS]
    return render(
        request,
        "www/public/key_figures/page.html",
        {
            "year": year,
            **document.summary(report),
            "sections": sections,
            "formats": PUBLIC_FORMATS,
        },
    )


@public_view("GET")
def download(request, year: int, fmt: str):
    if fmt not in PUBLIC_FORMATS or year != latest_complete_year():
        raise Http404
    # In the visitor's language, as the page: the file laid out when the facts were rebuilt,
    # else laid out now (its labels are already in that language).
    language = translation.get_language() or "fr"
    published = published_response(request, year, fmt, language)
    return published or download_response(sector_report(year), fmt, language)
