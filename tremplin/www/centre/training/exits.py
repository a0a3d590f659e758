"""Exits: record (ends the contract), list (XLSX), attestation of training (PDF)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability
from tremplin.audit.access import log_access, log_list_access
from tremplin.downloads import file_name
from tremplin.refusals import Refused
from tremplin.training.contract_document import attestation_context
from tremplin.training.documents import in_french, pdf_response, render_pdf, workbook, xlsx_response
from tremplin.training.exits import invite_to_survey, record_exit
from tremplin.training.models import AttendanceDay, Exit
from tremplin.www.centre.training.common import list_file_name, wants_xlsx
from tremplin.www.centre.training.contracts import _contract, form_page
from tremplin.www.centre.training.forms import ExitForm
from tremplin.www.centre.training.lists import EXITS
from tremplin.www.decorators import staff_view
from tremplin.www.forms import apply_refusal


@staff_view("GET", "POST", capability=Capability.RECORD_EXITS)
def exit_contract(request, pk):
    contract = _contract(request, pk, Capability.RECORD_EXITS)
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_exit(contract, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            apply_refusal(form, refusal)
        else:
            token = invite_to_survey(contract.centre, contract.training)
            link = request.build_absolute_uri(reverse("public:survey", args=[token]))
            messages.success(
                request,
                _(
                    "Sortie enregistrée. Lien de l'enquête de satisfaction anonyme à donner à "
                    "la personne : %(link)s"
                )
                % {"link": link},
            )
            return redirect("centre:training:contract", pk=contract.pk)
    log_access(request, contract.person, "centre:training:exit")
    title = _("Sortie — %(person)s") % {"person": contract.person.full_name}
    return form_page(request, title, form, _("Enregistrer la sortie"))


@staff_view("GET", capability=Capability.RECORD_EXITS)
def exit_list(request):
    state = EXITS.read(
        request,
        Exit.objects.visible_to(request.user).select_related(
            "contract__person", "contract__training"
        ),
    )
    exits, headers, form = list(state.rows), state.headers, state.form
    log_list_access(request, (e.contract.person for e in exits), "centre:training:exits")
    if wants_xlsx(request):
        rows = [
            (
                e.contract.person.last_name,
                e.contract.person.first_name,
                e.contract.training.name,
                e.date,
                _("sortie positive") if e.is_positive else _("interruption ou fin"),
                e.get_reason_display(),
                e.get_job_contract_type_display(),
                e.next_step,
                e.partner,
            )
            for e in exits
        ]
        headers = [
            _("Nom"), _("Prénom"), _("Formation"), _("Date"), _("Type"), _("Motif"),
            _("Contrat de travail"), _("Étape suivante"), _("Partenaire"),
        ]  # fmt: skip
        name = list_file_name(request, "sorties", Capability.RECORD_EXITS)
        return xlsx_response(workbook(_("Sorties"), headers, rows), name)
    return render(
        request,
        "www/centre/training/exits.html",
        {"exits": exits, "form": form, "headers": headers, "kept": state.kept},
    )


@staff_view("GET", capability=Capability.RECORD_EXITS)
@in_french
def attestation(request, pk):
    contract = _contract(request, pk, Capability.RECORD_EXITS)
    exit_ = Exit.objects.get(contract=contract)
    log_access(request, contract.person, "centre:training:attestation")
    days = AttendanceDay.objects.filter(contract=contract)
    content = render_pdf(
        "training/pdf/attestation.html", attestation_context(contract, exit_, days.totals())
    )
    person = contract.person
    name = file_name("attestation", person.last_name, person.first_name, exit_.date, ext="pdf")
    return pdf_response(content, name)
