"""6-month follow-ups for the staff: list (unanswered first, XLSX) and phone answers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability
from tremplin.audit.access import log_access, log_list_access
from tremplin.training.documents import workbook, xlsx_response
from tremplin.training.followups import LinkProblem, answer_by_phone
from tremplin.training.models import FollowUp
from tremplin.www.centre.training.common import list_file_name, wants_xlsx
from tremplin.www.centre.training.contracts import form_page
from tremplin.www.centre.training.forms import FollowUpAnswerForm
from tremplin.www.centre.training.lists import FOLLOW_UPS
from tremplin.www.decorators import staff_view


def _follow_ups(request):
    return FollowUp.objects.visible_to(request.user)


@staff_view("GET", capability=Capability.RECORD_EXITS)
def followup_list(request):
    state = FOLLOW_UPS.read(
        request,
        _follow_ups(request).select_related("exit__contract__person", "exit__contract__training"),
    )
    follow_ups = list(state.rows)
    people = (f.exit.contract.person for f in follow_ups)
    log_list_access(request, people, "centre:training:followups")
    if wants_xlsx(request):
        rows = [
            (
                f.exit.contract.person.last_name,
                f.exit.contract.person.first_name,
                f.exit.contract.person.phone,
                f.due_on,
                f.get_channel_display(),
                f.sent_at.date() if f.sent_at else "",
                f.answered_at.date() if f.answered_at else "",
                f.get_situation_display(),
                f.get_job_contract_type_display(),
                f.get_training_provider_display(),
            )
            for f in follow_ups
        ]
        headers = [
            _("Nom"), _("Prénom"), _("Téléphone"), _("Prévu le"), _("Canal"), _("Envoyé le"),
            _("Répondu le"), _("Situation"), _("Contrat"), _("Formation"),
        ]  # fmt: skip
        name = list_file_name(request, "suivis-six-mois", Capability.RECORD_EXITS)
        return xlsx_response(workbook(_("Suivis à six mois"), headers, rows), name)
    return render(
        request,
        "www/centre/training/followups.html",
        {
            "follow_ups": follow_ups,
            "form": state.form,
            "headers": state.headers,
            "kept": state.kept,
        },
    )


@staff_view("GET", "POST", capability=Capability.RECORD_EXITS)
def record_phone_answer(request, pk):
    follow_up = get_object_or_404(
        _follow_ups(request).select_related("exit__contract__person"), pk=pk
    )
    form = FollowUpAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_by_phone(follow_up, by=request.user, **form.cleaned_data)
        except LinkProblem as problem:
            messages.error(request, problem.message)
        else:
            messages.success(request, _("Réponse enregistrée."))
        return redirect("centre:training:followups")
    log_access(request, follow_up.exit.contract.person, "centre:training:followup_phone")
    title = _("Réponse par téléphone — %(person)s") % {
        "person": follow_up.exit.contract.person.full_name
    }
    return form_page(request, title, form, _("Enregistrer la réponse"))
