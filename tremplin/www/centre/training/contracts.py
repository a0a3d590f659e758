"""Contracts: list (XLSX), sign from an admitted candidacy, detail, PDF, suspend, resume,
extend."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.models import CENTRE_ROLES
from tremplin.accounts.permissions import role_required
from tremplin.audit.access import log_access, log_list_access
from tremplin.training import contracts as service
from tremplin.training.access import CENTRE_WIDE_ROLES, MANAGE_ROLES
from tremplin.training.contract_document import contract_context
from tremplin.training.documents import pdf_response, render_pdf, workbook, xlsx_response
from tremplin.training.models import Contract, ContractTemplate
from tremplin.www.centre.training.common import wants_xlsx
from tremplin.www.centre.training.contract_list import contract_list_state
from tremplin.www.centre.training.forms import ContractForm, ExtensionForm, SuspensionForm


def apply_errors(form, error: ValidationError):
    for field, messages_ in error.message_dict.items():
        form.add_error(None if field == "__all__" else field, messages_)


def form_page(request, title, form, submit, intro="", back=None, status=200):
    return render(
        request,
        "www/centre/training/form.html",
        {"title": title, "form": form, "submit": submit, "intro": intro, "back": back},
        status=status,
    )


@role_required(*CENTRE_ROLES)
def contract_list(request):
    contracts, headers, form = contract_list_state(
        request,
        Contract.objects.visible_to(request.user).select_related("person", "training", "group"),
    )
    contracts = list(contracts)
    log_list_access(request, (c.person for c in contracts), "centre:training:contracts")
    if wants_xlsx(request):
        rows = [
            (
                c.person.last_name,
                c.person.first_name,
                c.training.name,
                c.group.name if c.group else "",
                c.start_date,
                c.planned_end_date,
                c.actual_end_date,
                c.hours_per_week,
                c.forem_reference,
                c.get_status_display(),
            )
            for c in contracts
        ]
        headers = [
            _("Nom"), _("Prénom"), _("Formation"), _("Groupe"), _("Début"), _("Fin prévue"),
            _("Fin réelle"), _("Heures par semaine"), _("Référence Forem"), _("Statut"),
        ]  # fmt: skip
        return xlsx_response(workbook(_("Contrats de formation"), headers, rows), "contrats.xlsx")
    return render(
        request,
        "www/centre/training/contracts.html",
        {"contracts": contracts, "form": form, "headers": headers},
    )


def _candidacy(request, pk):
    from tremplin.intake.models import Candidacy

    candidacy = get_object_or_404(
        Candidacy.objects.visible_to(request.user)
        .filter(training__centre__organisation__memberships__user=request.user)
        .select_related("person", "training__centre")
        .distinct(),
        pk=pk,
    )
    if not request.user.roles_in(candidacy.training.centre.organisation) & set(MANAGE_ROLES):
        raise Http404
    return candidacy


def sign(request, pk):
    """« Signer le contrat » for an admitted candidacy."""
    candidacy = _candidacy(request, pk)
    if candidacy.status != candidacy.Status.ADMITTED:
        return render(
            request,
            "www/centre/training/not_admitted.html",
            {"candidacy": candidacy, "message": service.NOT_ADMITTED},
            status=409,
        )
    training = candidacy.training
    initial = {
        "hours_per_week": training.hours_per_week,
        "start_date": training.next_intake,
        "candidacy_version": candidacy.version,
    }
    form = ContractForm(request.POST or None, training=training, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contract = service.sign_contract(
                person=candidacy.person,
                training=training,
                by=request.user,
                candidacy=candidacy,
                **form.terms(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Contrat signé. La personne est maintenant stagiaire."))
            return redirect("centre:training:contract", pk=contract.pk)
    log_access(request, candidacy.person, "centre:training:sign")
    title = _("Contrat de formation — %(person)s") % {"person": candidacy.person.full_name}
    return form_page(
        request,
        title,
        form,
        _("Signer le contrat"),
        intro=f"{training.name} — {template_notice(ContractTemplate.objects.current())}",
        status=400 if form.errors else 200,
    )


def template_notice(template) -> str:
    """Which version of the clauses a contract is (or will be) signed with."""
    if template is None:
        return _("aucun modèle de clauses publié par la fédération")
    notice = _("clauses : modèle de contrat version %(version)s du %(date)s") % {
        "version": template.version,
        "date": template.created_at.strftime("%d/%m/%Y"),
    }
    if not template.validated:
        notice += " " + _("(modèle à valider par la fédération)")
    return notice


def _contract(request, pk, roles=CENTRE_WIDE_ROLES):
    contract = get_object_or_404(
        Contract.objects.visible_to(request.user).select_related(
            "person__municipality",
            "training__site__postal_code__municipality",
            "centre",
            "group",
            "exit",
            "template",
        ),
        pk=pk,
    )
    if not request.user.roles_in(contract.centre.organisation) & set(roles):
        # A trainer sees the contracts of their groups (read only).
        if roles is not CENTRE_WIDE_ROLES or contract.group is None:
            raise Http404
        if contract.group.trainer_id != request.user.pk:
            raise Http404
    return contract


def detail(request, pk):
    contract = _contract(request, pk)
    log_access(request, contract.person, "centre:training:contract")
    return render(
        request,
        "www/centre/training/contract.html",
        {
            "contract": contract,
            "suspensions": contract.suspensions.all(),
            "can_manage": bool(
                request.user.roles_in(contract.centre.organisation) & set(MANAGE_ROLES)
            ),
            "exit": getattr(contract, "exit", None),
            "template_notice": template_notice(
                contract.template or ContractTemplate.objects.current()
            ),
            "today": timezone.localdate(),
        },
    )


def contract_pdf(request, pk):
    contract = _contract(request, pk)
    log_access(request, contract.person, "centre:training:contract_pdf")
    content = render_pdf("training/pdf/contract.html", contract_context(contract))
    return pdf_response(content, f"contrat-{contract.forem_reference or contract.pk}.pdf")


def suspend(request, pk):
    contract = _contract(request, pk, MANAGE_ROLES)
    form = SuspensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.suspend(contract, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Suspension enregistrée."))
            return redirect("centre:training:contract", pk=contract.pk)
    return form_page(request, _("Suspendre le contrat"), form, _("Enregistrer la suspension"))


@require_POST
def resume(request, pk):
    contract = _contract(request, pk, MANAGE_ROLES)
    try:
        service.resume(contract, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Le contrat reprend aujourd'hui."))
    return redirect("centre:training:contract", pk=contract.pk)


def extend(request, pk):
    contract = _contract(request, pk, MANAGE_ROLES)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.extend(contract, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Contrat prolongé."))
            return redirect("centre:training:contract", pk=contract.pk)
    return form_page(request, _("Prolonger le contrat"), form, _("Prolonger"))
