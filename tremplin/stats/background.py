"""The statistics reports as background documents (``tremplin.documents``): the PDF of a
centre's annual report or of the sector's key figures takes seconds to lay out."""

from django.utils.translation import gettext as _

from tremplin.stats.exports import filename, render
from tremplin.stats.indicators import centre_report, sector_report


def build_report(params: dict, progress) -> tuple[bytes, str, str]:
    """``params``: ``year``, ``format`` and, for a centre's report, ``centre`` (its id)."""
    from tremplin.directory.models import Centre

    progress(10, _("Calcul des indicateurs"))
    if params.get("centre"):
        centre = Centre.objects.get(pk=params["centre"])
        report = centre_report(centre, params["year"], params.get("for_administration", False))
    else:
        report = sector_report(params["year"])
    progress(40, _("Mise en page du document"))
    content, content_type, _extension = render(report, params["format"])
    progress(95, _("Enregistrement du fichier"))
    return content, content_type, filename(report, params["format"])
