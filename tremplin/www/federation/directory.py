"""The federation sees the freshness of every directory entry and validates entries and
changes to agrément data before they are published."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability
from tremplin.directory import workflows
from tremplin.directory.forms import DecisionForm
from tremplin.directory.models import AgrementChange, Centre
from tremplin.refusals import Refused
from tremplin.www.decorators import staff_view

REVIEW = Capability.REVIEW_DIRECTORY
SHOW_CHOICES = {"all", "stale", "queue"}


@staff_view("GET", capability=REVIEW)
def entries(request):
    today = timezone.localdate()
    show = request.GET.get("voir", "all")
    show = show if show in SHOW_CHOICES else "all"
    centres = Centre.objects.annotate(
        pending_changes=Count(
            "agrement_changes", filter=Q(agrement_changes__status=AgrementChange.Status.PENDING)
        )
    )
    stale_ids = set(Centre.objects.stale(today).values_list("pk", flat=True))
    if show == "stale":
        centres = centres.filter(pk__in=stale_ids)
    elif show == "queue":
        centres = centres.filter(
            Q(status=Centre.Status.PENDING_VALIDATION) | Q(pending_changes__gt=0)
        )
    rows = [(centre, centre.pk in stale_ids) for centre in centres.order_by("updated_at")]
    return render(
        request,
        "www/federation/directory/entries.html",
        {
            "rows": rows,
            "show": show,
            "queue_count": Centre.objects.awaiting_validation().count(),
            "stale_count": len(stale_ids),
        },
    )


@staff_view("GET", capability=REVIEW)
def review(request, centre_id):
    centre = get_object_or_404(Centre, pk=centre_id)
    change = centre.agrement_changes.filter(status=AgrementChange.Status.PENDING).first()
    rows = []
    if change:
        labels = {name: Centre._meta.get_field(name).verbose_name for name in change.proposed}
        rows = [
            (labels[name], change.previous.get(name), value)
            for name, value in change.proposed.items()
        ]
    return render(
        request,
        "www/federation/directory/review.html",
        {
            "centre": centre,
            "change": change,
            "change_rows": rows,
            "form": DecisionForm(),
            "is_stale": centre.is_stale(timezone.localdate()),
            "history": centre.agrement_changes.exclude(status=AgrementChange.Status.PENDING)[:10],
        },
    )


@staff_view("POST", capability=REVIEW)
def decide(request, centre_id):
    """Validate or refuse the centre (``decision=validate|refuse``) or its pending change
    (``decision=accept_change|refuse_change``)."""
    centre = get_object_or_404(Centre, pk=centre_id)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    decision = request.POST.get("decision")
    try:
        if decision == "validate":
            workflows.validate_centre(centre, request.user)
            done = _("Fiche validée et publiée.")
        elif decision == "refuse":
            workflows.refuse_centre(centre, request.user, note)
            done = _("Fiche refusée. Le centre voit votre note.")
        elif decision in {"accept_change", "refuse_change"}:
            change = get_object_or_404(
                centre.agrement_changes, status=AgrementChange.Status.PENDING
            )
            workflows.decide_change(change, request.user, decision == "accept_change", note)
            done = _("Décision enregistrée.")
        else:
            raise Refused(_("Choisissez une décision."), "no_decision")
    except Refused as refusal:
        messages.error(request, refusal.message)
    except ValidationError as error:  # the accepted change breaks a rule of the entry
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("federation:directory_review", centre_id=centre.pk)
