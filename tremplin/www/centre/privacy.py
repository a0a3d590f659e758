"""Personal data over time, the centre's pages (issue 14; docs/privacy.md §3 and §4).

- Access requests (RGPD art. 15/20, ``ANSWER_ACCESS_REQUESTS``): record a request from the
  person's file, list the open ones with their deadline (one month, overdue marked), prepare the
  copy in « Mes documents », mark the request answered.
- The access log (``READ_ACCESS_LOG``): who opened a person's file (when, role, purpose; staff
  names only when the centre chose so — Pankki, C-579/21), and what a member opened.
- Erasure on request (art. 17, ``ERASE_PERSON``): the legal holds explained, then confirmed.
- A social note withheld from the copy (art. 15.4, ``WITHHOLD_SOCIAL_NOTE``), with its reason.

Objects of another centre answer 404, like every centre page.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.accounts.capabilities import Capability, organisations_where
from tremplin.accounts.models import Membership, User
from tremplin.audit import consultations
from tremplin.audit.access import log_access, log_list_access
from tremplin.audit.access_requests import (
    mark_answered,
    prepare_answer,
    record_request,
    release_note,
    withhold_note,
)
from tremplin.audit.models import AccessRequest
from tremplin.audit.retention.on_request import ErasureRefused, erase_on_request, plan_erasure
from tremplin.documents.models import GeneratedDocument
from tremplin.intake.models import Person
from tremplin.refusals import Refused
from tremplin.training.models import Contract, SocialNote
from tremplin.www.centre.common import chosen_centre
from tremplin.www.decorators import staff_view
from tremplin.www.forms import form_status

ACCESS = Capability.ANSWER_ACCESS_REQUESTS
LOG = Capability.READ_ACCESS_LOG
ERASE = Capability.ERASE_PERSON
WITHHOLD = Capability.WITHHOLD_SOCIAL_NOTE
PAGE_SIZE = 50


def _first(queryset, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def person_for(user, capability, person_id) -> Person:
    """A person file held by a centre where ``user`` holds ``capability`` (404 otherwise)."""
    return _first(
        Person.objects.filter(
            holding_centre__organisation__in=organisations_where(user, capability)
        ).select_related("holding_centre__organisation"),
        person_id,
    )


def _list_url(organisation_centre) -> str:
    return f"{reverse('centre:access_requests')}?centre={organisation_centre.pk}"


# --- Access requests ------------------------------------------------------------------------


class AccessRequestForm(forms.Form):
    received_on = forms.DateField(
        label=gettext_lazy("Demande reçue le"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("La réponse est due un mois plus tard (RGPD, article 12.3)."),
    )
    how = forms.CharField(
        label=gettext_lazy("Reçue comment ?"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Par exemple : courrier, e-mail, à l'accueil (identité vérifiée)."),
    )


@staff_view("GET", capability=ACCESS)
def access_requests(request):
    centre, centres = chosen_centre(request, ACCESS)
    organisation = centre.organisation
    today = timezone.localdate()
    open_requests = list(
        AccessRequest.objects.open_for(organisation).select_related(
            "person", "recorded_by", "document"
        )
    )
    answered = list(
        AccessRequest.objects.answered_for(organisation).select_related("person", "answered_by")[
            :20
        ]
    )
    for item in open_requests:
        item.overdue = item.is_overdue(today)
    log_list_access(
        request,
        [r.person for r in open_requests + answered if r.person is not None],
        "centre:access_requests",
        organisation,
    )
    return render(
        request,
        "www/centre/privacy/access_requests.html",
        {
            "centre": centre,
            "centres": centres,
            "open_requests": open_requests,
            "answered": answered,
            "today": today,
            "names_staff": organisation.access_log_names_staff,
        },
    )


@staff_view("GET", "POST", capability=ACCESS)
def access_request_new(request, person_id):
    person = person_for(request.user, ACCESS, person_id)
    form = AccessRequestForm(
        request.POST if request.method == "POST" else None,
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_request(
                person,
                organisation=person.holding_centre.organisation,
                by=request.user,
                received_on=form.cleaned_data["received_on"],
                how=form.cleaned_data["how"],
            )
        except Refused as refusal:
            form.add_error("received_on", refusal.message)
        else:
            messages.success(request, _("Demande d'accès enregistrée."))
            return redirect(_list_url(person.holding_centre))
    log_access(request, person, "centre:access_request_new")
    return render(
        request,
        "www/centre/privacy/access_request_new.html",
        {"person": person, "form": form},
        status=form_status(form),
    )


def _request_for(user, request_id) -> AccessRequest:
    return _first(
        AccessRequest.objects.filter(
            organisation__in=organisations_where(user, ACCESS)
        ).select_related("person__holding_centre", "organisation"),
        request_id,
    )


def _back_to_list(access_request):
    person = access_request.person
    if person is not None:
        return redirect(_list_url(person.holding_centre))
    return redirect("centre:access_requests")


@staff_view("POST", capability=ACCESS)
def access_request_prepare(request, request_id):
    access_request = _request_for(request.user, request_id)
    try:
        prepare_answer(
            access_request,
            by=request.user,
            staff_names=access_request.organisation.access_log_names_staff,
        )
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "La copie est en préparation. Vous la trouverez dans « Mes documents » "
                "(gardée 7 jours)."
            ),
        )
    return _back_to_list(access_request)


@staff_view("POST", capability=ACCESS)
def access_request_answered(request, request_id):
    access_request = _request_for(request.user, request_id)
    try:
        mark_answered(access_request, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("La demande est marquée comme répondue."))
    return _back_to_list(access_request)


# --- The access log -------------------------------------------------------------------------


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@staff_view("GET", capability=LOG)
def person_access_log(request, person_id):
    person = person_for(request.user, LOG, person_id)
    organisation = person.holding_centre.organisation
    page = _page(request, consultations.about_person(person))
    rows = [
        {
            "at": log.accessed_at,
            "role": consultations.role_label(log),
            "organisation": log.organisation,
            "purpose": consultations.purpose_of(log.view_name),
            "user": log.user,
        }
        for log in page
    ]
    log_access(request, person, "centre:person_access_log")
    return render(
        request,
        "www/centre/privacy/person_access_log.html",
        {
            "person": person,
            "page": page,
            "rows": rows,
            "names_staff": organisation.access_log_names_staff,
        },
    )


@staff_view("GET", capability=LOG)
def member_list(request):
    centre, centres = chosen_centre(request, LOG)
    organisation = centre.organisation
    members = list(
        User.objects.filter(
            pk__in=Membership.objects.filter(organisation=organisation).values("user_id")
        )
        .annotate(openings=Count("access_logs", filter=Q(access_logs__organisation=organisation)))
        .order_by("last_name", "first_name", "email")
    )
    roles: dict = {}
    for membership in Membership.objects.filter(organisation=organisation).order_by("role"):
        roles.setdefault(membership.user_id, []).append(membership)
    for member in members:
        member.roles_here = roles.get(member.pk, [])
    return render(
        request,
        "www/centre/privacy/member_list.html",
        {"centre": centre, "centres": centres, "members": members},
    )


@staff_view("GET", capability=LOG)
def member_access_log(request, user_id):
    centre, centres = chosen_centre(request, LOG)
    organisation = centre.organisation
    member = _first(
        User.objects.filter(
            pk__in=Membership.objects.filter(organisation=organisation).values("user_id")
        ),
        user_id,
    )
    page = _page(request, consultations.by_member(member, organisation=organisation))
    people = consultations.people_opened(page, organisation=organisation)
    rows = [
        {
            "at": log.accessed_at,
            "role": consultations.role_label(log),
            "purpose": consultations.purpose_of(log.view_name),
            "person": people.get(log.object_id),
        }
        for log in page
    ]
    log_list_access(request, people.values(), "centre:member_access_log", organisation)
    return render(
        request,
        "www/centre/privacy/member_access_log.html",
        {
            "centre": centre,
            "member": member,
            "page": page,
            "rows": rows,
            "query": urlencode({"centre": centre.pk}),
        },
    )


# --- Erasure on request ---------------------------------------------------------------------


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("La demande d'effacement"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Quand et comment la personne l'a demandé (par exemple : lettre du 28/11/2026, "
            "identité vérifiée à l'accueil)."
        ),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("J'ai lu ce qui sera effacé et ce qui doit être gardé."),
    )


@staff_view("GET", "POST", capability=ERASE)
def person_erase(request, person_id):
    person = person_for(request.user, ERASE, person_id)
    organisation = person.holding_centre.organisation
    form = ErasureForm(request.POST if request.method == "POST" else None)
    try:
        plan = plan_erasure(person)
    except ErasureRefused as refusal:
        plan, refused = None, refusal.message
    else:
        refused = None
    if request.method == "POST" and plan is not None and form.is_valid():
        try:
            record = erase_on_request(
                person,
                by=request.user,
                organisation=organisation,
                reason=form.cleaned_data["reason"],
            )
        except ErasureRefused as refusal:
            refused = refusal.message
        else:
            if record.action == record.Action.ERASED:
                messages.success(request, _("Le dossier est effacé."))
            else:
                messages.success(
                    request,
                    _("Le dossier est pseudonymisé ; les preuves du subside sont gardées."),
                )
            return redirect("centre:dashboard")
    if request.method == "GET":
        log_access(request, person, "centre:person_erase")
    contracts = Contract.objects.filter(person=person)
    return render(
        request,
        "www/centre/privacy/person_erase.html",
        {
            "person": person,
            "plan": plan,
            "refused": refused,
            "form": form,
            "candidacies": person.candidacies.count(),
            "contracts": contracts.count(),
            "documents": GeneratedDocument.objects.about(person).count(),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Social notes withheld from the copy ----------------------------------------------------


class WithholdForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Pourquoi cette note n'est-elle pas remise à la personne ?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Par exemple : la note parle aussi d'une autre personne (RGPD, article 15.4). "
            "La raison reste au centre : la copie dit seulement que des notes sont retenues."
        ),
    )


def _note_for(user, note_id) -> SocialNote:
    return _first(
        SocialNote.objects.filter(
            follow_up__contract__centre__organisation__in=organisations_where(user, WITHHOLD)
        ).select_related("follow_up__contract__person", "withheld_by"),
        note_id,
    )


@staff_view("GET", "POST", capability=WITHHOLD)
def note_withhold(request, note_id):
    note = _note_for(request.user, note_id)
    contract = note.follow_up.contract
    form = WithholdForm(
        request.POST if request.method == "POST" else None,
        initial={"reason": note.withheld_reason},
    )
    if request.method == "POST" and form.is_valid():
        try:
            withhold_note(note, form.cleaned_data["reason"], by=request.user)
        except Refused as refusal:
            form.add_error("reason", refusal.message)
        else:
            messages.success(request, _("La note ne sera pas remise à la personne."))
            return redirect("centre:training:social", pk=contract.pk)
    if request.method == "GET":
        log_access(request, contract.person, "centre:note_withhold")
    return render(
        request,
        "www/centre/privacy/note_withhold.html",
        {"note": note, "contract": contract, "form": form},
        status=form_status(form),
    )


@staff_view("POST", capability=WITHHOLD)
def note_release(request, note_id):
    note = _note_for(request.user, note_id)
    release_note(note)
    messages.success(request, _("La note sera remise à la personne si elle demande ses données."))
    return redirect("centre:training:social", pk=note.follow_up.contract.pk)
