"""Satisfaction survey for the staff: tablet mode (anonymous form at the centre) and results."""

from django.contrib import messages
from django.db.models import Avg, Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin import spreadsheets as cells
from tremplin.accounts.capabilities import Capability, centres_where
from tremplin.directory.models import Training
from tremplin.training.documents import workbook, xlsx_response
from tremplin.training.models import SCORE_QUESTIONS, SatisfactionResponse
from tremplin.training.surveys import SurveyForm, save_response
from tremplin.www.centre.training.common import list_file_name, wants_xlsx
from tremplin.www.decorators import staff_view
from tremplin.www.forms import form_status


@staff_view("GET", "POST", capability=Capability.RECORD_EXITS)
def tablet(request, pk):
    """« Mode tablette » : staff open it on the centre's tablet; trainees answer one after the
    other. Nothing identifies who answers."""
    training = get_object_or_404(
        Training.objects.filter(centre__in=centres_where(request.user, Capability.RECORD_EXITS)),
        pk=pk,
    )
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        save_response(training, SatisfactionResponse.Channel.TABLET, form.cleaned_data)
        messages.success(
            request, _("Merci pour vos réponses ! La tablette est prête pour la personne suivante.")
        )
        return redirect("centre:training:survey_tablet", pk=training.pk)
    return render(
        request,
        "www/public/followup/survey.html",
        {"form": form, "training": training, "tablet": True},
        status=form_status(form),
    )


@staff_view("GET", capability=Capability.RECORD_EXITS)
def results(request):
    responses = SatisfactionResponse.objects.visible_to(request.user)
    fields = [name for name, _label in SCORE_QUESTIONS]
    summary = (
        responses.values("training__name", "month")
        .annotate(count=Count("pk"), **{f"avg_{n}": Avg(n) for n in fields})
        .order_by("-month", "training__name")
    )
    if wants_xlsx(request):
        headers = [
            _("Formation"),
            _("Mois"),
            _("Réponses"),
            *(str(label) for _n, label in SCORE_QUESTIONS),
        ]
        rows = [
            (
                line["training__name"],
                formatting.month(line["month"]),
                cells.count(line["count"]),
                *(cells.score(round(line[f"avg_{n}"], 2)) for n in fields),
            )
            for line in summary
        ]
        name = list_file_name(request, "satisfaction", Capability.RECORD_EXITS)
        return xlsx_response(workbook(_("Enquête de satisfaction"), headers, rows), name)
    trainings = Training.objects.filter(
        centre__in=centres_where(request.user, Capability.RECORD_EXITS)
    )
    return render(
        request,
        "www/centre/training/survey_results.html",
        {
            "summary": summary,
            "questions": SCORE_QUESTIONS,
            "trainings": trainings,
            "open_answers": responses.exclude(open_answer="").values_list("open_answer", flat=True)[
                :50
            ],
        },
    )
