"""What the three statistics pages share: the year/breakdown form and file downloads."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Max, Min
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.documents.service import request_document
from tremplin.downloads import disposition
from tremplin.stats import labels
from tremplin.stats.exports import filename, render
from tremplin.stats.models import ContractFact


def available_years(centre=None) -> list[int]:
    """Years that have facts, most recent first (the current year included)."""
    facts = ContractFact.objects.all()
    if centre is not None:
        facts = facts.for_centre(centre)
    bounds = facts.aggregate(first=Min("start_month"), last=Max("end_month"))
    this_year = timezone.localdate().year
    if bounds["first"] is None:
        return [this_year - 1]
    last = min(bounds["last"].year if bounds["last"] else this_year, this_year)
    return list(range(last, bounds["first"].year - 1, -1))


def default_year(years: list[int]) -> int:
    """The last complete year when it has figures, else the most recent one."""
    complete = timezone.localdate().year - 1
    return complete if complete in years else years[0]


class StatsFilterForm(forms.Form):
    annee = forms.TypedChoiceField(label=_("Année"), coerce=int)
    compare = forms.TypedChoiceField(
        label=_("Comparer avec"), coerce=int, required=False, empty_value=None
    )
    repartition = forms.ChoiceField(label=_("Répartir par"), initial="province")

    def __init__(self, data, years: list[int], breakdowns=None):
        if not data:
            data = {"annee": str(default_year(years)), "repartition": "province"}
        super().__init__(data)
        year_choices = [(y, str(y)) for y in years]
        self.fields["annee"].choices = year_choices
        self.fields["compare"].choices = [("", _("Pas de comparaison"))] + year_choices
        self.fields["repartition"].choices = [
            (key, label)
            for key, label in labels.DIMENSION_LABELS.items()
            if breakdowns is None or key in breakdowns
        ]
        self.years = years

    def values(self) -> tuple[int, int | None, str]:
        """(year, year to compare with or None, breakdown), with defaults for bad input."""
        year = default_year(self.years)
        if self.is_valid():
            return (
                self.cleaned_data["annee"],
                self.cleaned_data["compare"],
                self.cleaned_data["repartition"] or "province",
            )
        if self.data.get("annee") in {str(y) for y in self.years}:
            year = int(self.data["annee"])
        return year, None, "province"


def download_response(report: dict, fmt: str, language: str = "fr") -> HttpResponse:
    content, content_type, _ext = render(report, fmt, language)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition(filename(report, fmt))
    return response


# The files offered on the statistics pages, named by what a person gets. The PDF takes
# seconds to lay out: it is prepared in the background (``prepare_report``).
DOWNLOADS = (
    ("pdf", _("Rapport (PDF)")),
    ("xlsx", _("Tableur (Excel)")),
    ("csv", _("Données (CSV)")),
    ("html", _("Page web à imprimer (HTML)")),
)
BACKGROUND_FORMATS = frozenset({"pdf"})


def prepare_report(request, kind: str, title: str, params: dict):
    """Queue a report file for ``request.user`` and send them to its progress page."""
    if params["format"] not in BACKGROUND_FORMATS:
        raise Http404
    document = request_document(request.user, kind, title, params)
    messages.info(
        request,
        _(
            "Votre document est en préparation. Vous pouvez quitter cette page : il vous "
            "attendra dans « Mes documents »."
        ),
    )
    return redirect("document_status", document.pk)
