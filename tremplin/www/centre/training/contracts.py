"""Contracts: list (XLSX), sign from an admitted candidacy, detail, PDF, suspend, resume,
extend, and the amendment PDF of each change (decision 0658)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin import spreadsheets as cells
from tremplin.accounts.capabilities import Capability, can, capabilities_by_organisation
from tremplin.audit.access import log_access, log_list_access
from tremplin.downloads import file_name
from tremplin.refusals import Refused
from tremplin.training import contracts as service
from tremplin.training.amendments import amendment_of, amendments_of
from tremplin.training.contract_document import amendment_context, contract_context
from tremplin.training.contract_templates import clauses_of, template_notice
from tremplin.training.documents import in_french, pdf_response, render_pdf, workbook, xlsx_response
from tremplin.training.models import Contract, ContractTemplate
from tremplin.training.statements import statement_months
from tremplin.www.centre.training.common import list_file_name, wants_xlsx
from tremplin.www.centre.training.forms import ContractForm, ExtensionForm, SuspensionForm
from tremplin.www.centre.training.lists import CONTRACTS
from tremplin.www.decorators import staff_view
from tremplin.www.forms import apply_refusal, form_status
from tremplin.www.told import tell_who_was_told


def form_page(request, title, form, submit, intro="", back=None):
    """The page of one form; a form sent back with its mistakes answers 400 (nothing done)."""
    return render(
        request,
        "www/centre/training/form.html",
        {"title": title, "form": form, "submit": submit, "intro": intro, "back": back},
        status=form_status(form),
    )


@staff_view("GET", capability=Capability.OPEN_CENTRE_SPACE)
def contract_list(request):
    state = CONTRACTS.read(
        request,
        Contract.objects.visible_to(request.user).select_related("person", "training", "group"),
    )
    contracts, headers, form = list(state.rows), state.headers, state.form
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
                cells.hours(c.hours_per_week),
                c.forem_reference,
                c.get_status_display(),
            )
            for c in contracts
        ]
        headers = [
            _("Nom"), _("Prénom"), _("Formation"), _("Groupe"), _("Début"), _("Fin prévue"),
            _("Fin réelle"), _("Heures par semaine"), _("Référence Forem"), _("Statut"),
        ]  # fmt: skip
        content = workbook(_("Contrats de formation"), headers, rows)
        name = list_file_name(request, "contrats", Capability.OPEN_CENTRE_SPACE)
        return xlsx_response(content, name)
    return render(
        request,
        "www/centre/training/contracts.html",
        {"contracts": contracts, "form": form, "headers": headers, "kept": state.kept},
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
    if not can(request.user, Capability.MANAGE_CONTRACTS, candidacy.training.centre):
        raise Http404
    return candidacy


@staff_view("GET", "POST", capability=Capability.MANAGE_CONTRACTS)
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
        except Refused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, _("Contrat signé. La personne est maintenant stagiaire."))
            tell_who_was_told(request, getattr(contract, "told", ()))
            return redirect("centre:training:contract", pk=contract.pk)
    log_access(request, candidacy.person, "centre:training:sign")
    title = _("Contrat de formation — %(person)s") % {"person": candidacy.person.full_name}
    return form_page(
        request,
        title,
        form,
        _("Signer le contrat"),
        intro=_("%(training)s — clauses du contrat : %(clauses)s")
        % {
            "training": training.name,
            "clauses": template_notice(ContractTemplate.objects.current()),
        },
    )


def _contract(request, pk, capability: Capability | None = None):
    """A contract the reader sees (a trainer: those of their groups, read only); with
    ``capability``, only if they hold it in the contract's centre."""
    contract = get_object_or_404(
        Contract.objects.visible_to(request.user).select_related(
            "person__municipality",
            "person__holding_centre",
            "training__site__postal_code__municipality",
            "centre",
            "group",
            "exit",
            "template",
            "signed_by",
        ),
        pk=pk,
    )
    if capability is not None and not can(request.user, capability, contract.centre):
        raise Http404
    return contract


@staff_view("GET", capability=Capability.OPEN_CENTRE_SPACE)
def detail(request, pk):
    contract = _contract(request, pk)
    log_access(request, contract.person, "centre:training:contract")
    today = timezone.localdate()
    held_by_organisation = capabilities_by_organisation(request.user)
    return render(
        request,
        "www/centre/training/contract.html",
        {
            "contract": contract,
            # Extensions and suspensions, each with its amendment (two queries).
            "amendments": amendments_of(contract),
            "overrides": contract.limit_overrides.select_related("created_by"),
            # What the reader may do in the contract's centre: the links and actions shown.
            "held": held_by_organisation.get(contract.centre.organisation_id, set()),
            # The person file opens for those who see the files of the centre holding it
            # (``centre:person_detail``): a trainer gets no link that would answer 404.
            "opens_person_file": Capability.SEE_PERSON_FILE
            in held_by_organisation.get(contract.person.holding_centre.organisation_id, ()),
            "exit": getattr(contract, "exit", None),
            "template_notice": clauses_of(contract).page_notice(),
            # The statement of each month of the contract, newest first, up to this month.
            "statement_months": statement_months(contract, until=today),
            "this_month": today.replace(day=1),
            "today": today,
        },
    )


@staff_view("GET", capability=Capability.OPEN_CENTRE_SPACE)
@in_french
def contract_pdf(request, pk):
    contract = _contract(request, pk)
    log_access(request, contract.person, "centre:training:contract_pdf")
    content = render_pdf("training/pdf/contract.html", contract_context(contract))
    person = contract.person
    name = file_name("contrat", person.last_name, person.first_name, contract.start_date, ext="pdf")
    return pdf_response(content, name)


@staff_view("GET", capability=Capability.MANAGE_CONTRACTS)
@in_french
def amendment_pdf(request, pk, change):
    """The amendment (« avenant ») of one extension or suspension, to print and sign."""
    contract = _contract(request, pk, Capability.MANAGE_CONTRACTS)
    amendment = amendment_of(contract, change)
    if amendment is None:
        raise Http404
    log_access(request, contract.person, "centre:training:amendment_pdf")
    content = render_pdf("training/pdf/amendment.html", amendment_context(contract, amendment))
    person = contract.person
    name = file_name(
        "avenant", person.last_name, person.first_name, amendment.changed_on, ext="pdf"
    )
    return pdf_response(content, name)


def _contract_change(request, pk, form_class, change, done, title, submit):
    """A form that changes a contract (suspend, extend): the service's refusal on its field,
    or back to the contract with ``done``."""
    contract = _contract(request, pk, Capability.MANAGE_CONTRACTS)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change(contract, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            apply_refusal(form, refusal)
        else:
            messages.success(request, done)
            return redirect("centre:training:contract", pk=contract.pk)
    return form_page(request, title, form, submit)


@staff_view("GET", "POST", capability=Capability.MANAGE_CONTRACTS)
def suspend(request, pk):
    return _contract_change(
        request,
        pk,
        SuspensionForm,
        service.suspend,
        _("Suspension enregistrée."),
        _("Suspendre le contrat"),
        _("Enregistrer la suspension"),
    )


@staff_view("POST", capability=Capability.MANAGE_CONTRACTS)
def resume(request, pk):
    contract = _contract(request, pk, Capability.MANAGE_CONTRACTS)
    try:
        service.resume(contract, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Le contrat reprend aujourd'hui."))
    return redirect("centre:training:contract", pk=contract.pk)


@staff_view("GET", "POST", capability=Capability.MANAGE_CONTRACTS)
def extend(request, pk):
    return _contract_change(
        request,
        pk,
        ExtensionForm,
        service.extend,
        _("Contrat prolongé."),
        _("Prolonger le contrat"),
        _("Prolonger"),
    )
