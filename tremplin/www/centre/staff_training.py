"""Continuing training from a centre: a member asks for a seat and sees their registrations; the
coordinator approves or refuses the requests of their own staff and sees the centre's figures.

Rules live in ``tremplin.staff_training.registrations``; these views only call them.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tremplin.accounts.capabilities import Capability, organisations_where
from tremplin.staff_training import figures
from tremplin.staff_training import registrations as service
from tremplin.staff_training.forms import RefuseForm
from tremplin.staff_training.models import Registration, Session
from tremplin.stats import staff_training_section
from tremplin.www.decorators import staff_view
from tremplin.www.public.staff_training import catalogue_sessions


def _my_centres(user):
    return list(organisations_where(user, Capability.OPEN_CENTRE_SPACE).order_by("name"))


@staff_view("GET", capability=Capability.OPEN_CENTRE_SPACE)
@never_cache
def mine(request):
    """My registrations, and the sessions I can still ask a seat for."""
    registrations = list(
        Registration.objects.of_user(request.user)
        .select_related("session__module", "session__postal_code", "organisation")
        .order_by("-session__starts_at")
    )
    taken = {r.session_id for r in registrations if r.status in Registration.ACTIVE}
    now = timezone.now()
    sessions = [
        s
        for s in catalogue_sessions().filter(starts_at__gt=now)
        if s.pk not in taken and s.state(now) in ("open", "full")
    ]
    return render(
        request,
        "www/centre/staff_training/mine.html",
        {
            "registrations": registrations,
            "sessions": sessions,
            "centres": _my_centres(request.user),
            "now": now,
        },
    )


def _chosen_centre(request):
    centres = _my_centres(request.user)
    wanted = request.POST.get("organisation", "")
    return next((c for c in centres if str(c.pk) == wanted), centres[0] if centres else None)


@staff_view("POST", capability=Capability.OPEN_CENTRE_SPACE)
def ask(request, session_id):
    centre = _chosen_centre(request)
    try:
        registration = service.request_seat(session_id, request.user, centre)
    except service.StaffTrainingRefused as refusal:
        messages.error(request, refusal.message)
    except Session.DoesNotExist as missing:
        raise Http404 from missing
    else:
        messages.success(request, _seat_text(registration))
    return redirect("centre:staff_training:mine")


def _seat_text(registration) -> str:
    return {
        Registration.Status.PENDING: _(
            "Demande envoyée à votre coordination. Vous recevrez un message quand elle aura "
            "répondu."
        ),
        Registration.Status.CONFIRMED: _("Votre place est confirmée."),
        Registration.Status.WAITING: _(
            "La session est complète : vous êtes sur la liste d'attente. Si une place se "
            "libère, elle vous est donnée dans l'ordre."
        ),
    }[registration.status]


@staff_view("POST", capability=Capability.OPEN_CENTRE_SPACE)
def cancel(request, registration_id):
    """My own registration, or one of my staff's when I coordinate; 404 for anyone else's."""
    mine = Registration.objects.of_user(request.user) | Registration.objects.to_approve_by(
        request.user
    )
    registration = get_object_or_404(mine, pk=registration_id)
    try:
        service.cancel(registration.pk, request.user)
    except service.StaffTrainingRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Inscription annulée. Merci d'avoir libéré la place."))
    back = "approvals" if request.POST.get("back") == "approvals" else "mine"
    return redirect(f"centre:staff_training:{back}")


@staff_view("GET", capability=Capability.APPROVE_STAFF_TRAINING)
@never_cache
def approvals(request):
    """The requests of my centres' staff (to decide), and their upcoming seats."""
    staff = (
        Registration.objects.to_approve_by(request.user)
        .select_related("user", "organisation", "session__module")
        .order_by("session__starts_at", "requested_at")
    )
    return render(
        request,
        "www/centre/staff_training/approvals.html",
        {
            "pending": staff.filter(status=Registration.Status.PENDING),
            "upcoming": staff.filter(
                status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING],
                session__starts_at__gte=timezone.now(),
            ),
            "refuse_form": RefuseForm(),
        },
    )


@staff_view("POST", capability=Capability.APPROVE_STAFF_TRAINING)
def decide(request, registration_id):
    registration = get_object_or_404(
        Registration.objects.to_approve_by(request.user), pk=registration_id
    )
    try:
        if request.POST.get("decision") == "approve":
            registration = service.approve(registration_id, request.user)
            messages.success(
                request,
                _("Demande acceptée : %(state)s.")
                % {"state": registration.get_status_display().lower()},
            )
        else:
            form = RefuseForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            service.refuse(registration_id, request.user, reason)
            messages.success(request, _("Demande refusée. La personne est prévenue."))
    except service.StaffTrainingRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("centre:staff_training:approvals")


@staff_view("GET", capability=Capability.APPROVE_STAFF_TRAINING)
def figures_page(request):
    """The centre's own hours of continuing training (exact: the coordinator knows who went);
    never another centre's."""
    centres = list(
        organisations_where(request.user, Capability.APPROVE_STAFF_TRAINING).order_by("name")
    )
    centre = next((c for c in centres if str(c.pk) == request.GET.get("centre")), centres[0])
    years = figures.years_with_sessions()
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = years[0]
    year = year if year in years else years[0]
    result = figures.hours_by_theme_and_role(year, centre, protect=False)
    return render(
        request,
        "www/staff_training/figures.html",
        {
            "section": staff_training_section.section(result),
            "years": years,
            "year": year,
            "centre": centre,
            "centres": centres,
            "title": _("Formation continue : les heures de l'équipe"),
        },
    )
