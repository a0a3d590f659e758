"""One inbox per training: filters, pages of rows, batch actions, the derogation quota."""

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.accounts.capabilities import Capability, can
from tremplin.audit.access import log_list_access
from tremplin.intake import workflow
from tremplin.intake.models import (
    STALE_AFTER,
    Candidacy,
    DerogationQuota,
)
from tremplin.intake.states import (
    OPEN_STATES,
    WITHDRAWN_BY_PRESCRIBER,
    CandidacyStatus,
    Source,
)
from tremplin.www.centre.candidacies.common import (
    FILES,
    PAGE_SIZE,
    get_or_404,
    session_by_id,
    trainings_of,
    upcoming_sessions,
)
from tremplin.www.centre.candidacies.forms import (
    INBOX,
    BatchForm,
    QuotaForm,
)
from tremplin.www.decorators import staff_view
from tremplin.www.told import tell_who_was_told_in_batch


@staff_view("GET", capability=FILES)
def inbox_index(request):
    """The trainings of the user's centres, with the number of open candidacies."""
    trainings = trainings_of(request.user).annotate(
        open_count=Count("candidacies", filter=Q(candidacies__status__in=OPEN_STATES)),
        stale_count=Count(
            "candidacies",
            filter=Q(
                candidacies__status__in=OPEN_STATES,
                candidacies__updated_at__lt=timezone.now() - STALE_AFTER,
            ),
        ),
    )
    trainings = list(trainings)
    return render(
        request,
        "www/centre/candidacies/inbox_index.html",
        {
            "trainings": trainings,
            "can_add_training": not trainings
            and can(request.user, Capability.EDIT_DIRECTORY_ENTRY),
        },
    )


@staff_view("GET", "POST", capability=FILES)
def training_inbox(request, training_id):
    training = get_or_404(trainings_of(request.user), training_id)
    sessions = upcoming_sessions(training)
    if request.method == "POST":
        return batch_action(request, training, sessions)
    candidacies = Candidacy.objects.visible_to(request.user).filter(training=training)
    state = INBOX.read(request, candidacies.inbox_rows(), sessions=sessions)
    page = Paginator(state.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    label_rows(page)
    log_list_access(
        request,
        [candidacy.person for candidacy in page.object_list],
        "centre:training_inbox",
        organisation=training.centre.organisation_id,
    )
    counts = candidacies.count_by_status()
    quota = (
        DerogationQuota.objects.filter(centre_id=training.centre_id, year=timezone.localdate().year)
        .with_used()
        .first()
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "www/centre/candidacies/inbox.html",
        {
            "training": training,
            "form": state.form,
            "headers": state.headers,
            "batch_form": BatchForm(sessions=sessions),
            "page": page,
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in CandidacyStatus.choices
            ],
            "quota": quota,
            "quota_form": QuotaForm(initial={"places": quota.places if quota else 0}),
            "can_set_quota": can(request.user, Capability.SET_DEROGATION_QUOTA, training.centre),
            "stale_badge": _("à relancer"),
            "query": query.urlencode(),
        },
    )


def label_rows(page) -> None:
    """Put the status and source labels on the page's rows, translated once per page rather
    than once per row."""
    statuses = {value: str(label) for value, label in CandidacyStatus.choices}
    sources = {value: str(label) for value, label in Source.choices}
    withdrawn_by_prescriber = str(WITHDRAWN_BY_PRESCRIBER)
    stale_limit = timezone.now() - STALE_AFTER
    page.object_list = list(page.object_list)
    for candidacy in page.object_list:
        candidacy.status_label = statuses.get(candidacy.status, candidacy.status)
        if candidacy.withdrawal_reason:
            candidacy.status_label = withdrawn_by_prescriber
        candidacy.source_label = sources.get(candidacy.source, candidacy.source)
        candidacy.stale = candidacy.status in OPEN_STATES and candidacy.updated_at < stale_limit


def batch_action(request, training, sessions):
    form = BatchForm(request.POST, sessions=sessions)
    ids = request.POST.getlist("selected")
    back = reverse("centre:training_inbox", args=[training.pk])
    if not ids:
        flash.error(request, _("Cochez au moins une candidature."))
        return redirect(back)
    if not form.is_valid():
        flash.error(request, _("Choisissez une action."))
        return redirect(back)
    chosen = list(
        Candidacy.objects.visible_to(request.user)
        .filter(training=training, pk__in=ids)
        .select_related("person")
    )
    data = form.cleaned_data
    details = {}
    if data["action"] == "invite":
        details["session"] = session_by_id(sessions, data["session"])
    if data["action"] == "refuse":
        details = {
            "refusal_reason": data["refusal_reason"],
            "decision_message": data["decision_message"],
        }
    done, refused = workflow.transition_many(chosen, data["action"], request.user, **details)
    if done:
        flash.success(
            request,
            ngettext(
                "%(n)s candidature mise à jour.", "%(n)s candidatures mises à jour.", len(done)
            )
            % {"n": len(done)},
        )
    tell_who_was_told_in_batch(request, (d for c in done for d in c.told))
    for candidacy, message in refused:
        flash.error(request, f"{candidacy.person} : {message}")
    return redirect(back)


@staff_view("POST", capability=Capability.SET_DEROGATION_QUOTA)
def quota_update(request, training_id):
    training = get_or_404(trainings_of(request.user), training_id)
    if not can(request.user, Capability.SET_DEROGATION_QUOTA, training.centre):
        raise Http404
    form = QuotaForm(request.POST)
    if form.is_valid():
        DerogationQuota.objects.update_or_create(
            centre_id=training.centre_id,
            year=timezone.localdate().year,
            defaults=form.cleaned_data,
        )
        flash.success(request, _("Quota de dérogations enregistré."))
    else:
        flash.error(request, _("Le nombre de places doit être entre 0 et 500."))
    return redirect("centre:training_inbox", training.pk)
