"""The federation runs the continuing-training catalogue: modules, sessions, registrations,
figures and exports. Only federation staff reach these pages."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tremplin.accounts.capabilities import Capability
from tremplin.accounts.models import CENTRE_ROLES, Role, User
from tremplin.downloads import disposition, file_name
from tremplin.staff_training import figures, registrations
from tremplin.staff_training.exports import CONTENT_TYPE, registrations_workbook
from tremplin.staff_training.forms import CancelSessionForm, ModuleForm, SessionForm
from tremplin.staff_training.models import (
    SCORE_QUESTIONS,
    Module,
    Registration,
    Session,
    SurveyResponse,
)
from tremplin.stats import staff_training_section
from tremplin.stats.privacy import THRESHOLD
from tremplin.www.decorators import staff_view
from tremplin.www.forms import form_status


def _posted(request):
    return request.POST if request.method == "POST" else None


@staff_view("GET", capability=Capability.RUN_STAFF_TRAINING)
def catalogue(request):
    modules = Module.objects.annotate(
        planned=Count("sessions", filter=~Q(sessions__status=Session.Status.CANCELLED))
    ).order_by("title")
    modules = list(modules)
    sessions = (
        Session.objects.select_related("module", "postal_code").with_counts().order_by("-starts_at")
    )
    opinions = survey_results()
    for module in modules:
        module.opinion = opinions.get(module.pk)
    return render(
        request,
        "www/federation/staff_training/catalogue.html",
        {"modules": modules, "sessions": sessions, "years": figures.years_with_sessions()},
    )


def survey_results() -> dict:
    """Mean of the four scores per module, only from 5 answers on (fewer could point at the
    few people present)."""
    scores = [name for name, _label in SCORE_QUESTIONS]
    rows = (
        SurveyResponse.objects.values("module_id")
        .annotate(answers=Count("pk"), **{name: Avg(name) for name in scores})
        .filter(answers__gte=THRESHOLD)
        .order_by()
    )
    return {
        row["module_id"]: {
            "answers": row["answers"],
            "mean": sum(row[name] for name in scores) / len(scores),
        }
        for row in rows
    }


@staff_view("GET", "POST", capability=Capability.RUN_STAFF_TRAINING)
def module_edit(request, module_id=None):
    module = get_object_or_404(Module, pk=module_id) if module_id else None
    form = ModuleForm(_posted(request), instance=module)
    if request.method == "POST" and form.is_valid():
        module = form.save()
        messages.success(request, _("Module enregistré."))
        return redirect("federation:staff_training:catalogue")
    return render(
        request,
        "www/federation/staff_training/form.html",
        {
            "form": form,
            "title": _("Modifier le module") if module else _("Nouveau module"),
        },
        status=form_status(form),
    )


def trainer_accounts():
    """Accounts that may be named trainer: federation staff and centre staff."""
    return (
        User.objects.filter(
            memberships__is_active=True,
            memberships__role__in=[Role.FEDERATION_ANALYST, *CENTRE_ROLES],
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


@staff_view("GET", "POST", capability=Capability.RUN_STAFF_TRAINING)
def session_edit(request, module_id, session_id=None):
    module = get_object_or_404(Module, pk=module_id)
    session = get_object_or_404(module.sessions, pk=session_id) if session_id else None
    if session and session.status == Session.Status.CANCELLED:
        messages.error(request, _("Une session annulée ne peut plus être modifiée."))
        return redirect("federation:staff_training:catalogue")
    form = SessionForm(
        _posted(request), instance=session, module=module, trainers=trainer_accounts()
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if session:
                    Session.objects.select_for_update().get(pk=session.pk)
                saved = form.save()
                registrations.promote_waiting(saved, timezone.now())
        except IntegrityError:
            # The database refused (seats taken meanwhile): nothing was saved.
            form.add_error(
                "capacity",
                registrations.capacity_below_seats(saved_confirmed(session)).message,
            )
        else:
            messages.success(request, _("Session enregistrée."))
            return redirect("federation:staff_training:catalogue")
    return render(
        request,
        "www/federation/staff_training/form.html",
        {
            "form": form,
            "module": module,
            "title": _("Modifier la session") if session else _("Nouvelle session"),
        },
        status=form_status(form),
    )


def saved_confirmed(session) -> int:
    return session.registrations.confirmed().count() if session else 0


@staff_view("GET", capability=Capability.RUN_STAFF_TRAINING)
@never_cache
def session_registrations(request, session_id):
    session = get_object_or_404(
        Session.objects.select_related("module", "postal_code", "trainer").with_seats_left(),
        pk=session_id,
    )
    rows = session.registrations.select_related("user", "organisation").order_by(
        "status", "decided_at", "requested_at"
    )
    return render(
        request,
        "www/federation/staff_training/session.html",
        {"session": session, "registrations": rows, "cancel_form": CancelSessionForm()},
    )


@staff_view("GET", "POST", capability=Capability.RUN_STAFF_TRAINING)
def session_cancel(request, session_id):
    session = get_object_or_404(Session.objects.select_related("module"), pk=session_id)
    form = CancelSessionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            registrations.cancel_session(session.pk, form.cleaned_data["note"])
        except registrations.StaffTrainingRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Session annulée. Les personnes inscrites sont prévenues."))
            return redirect("federation:staff_training:catalogue")
    return render(
        request,
        "www/federation/staff_training/cancel.html",
        {"session": session, "form": form},
        status=form_status(form),
    )


def _year(request, years) -> int:
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = years[0]
    return year if year in years else years[0]


@staff_view("GET", capability=Capability.RUN_STAFF_TRAINING)
def sector_figures(request):
    years = figures.years_with_sessions()
    year = _year(request, years)
    result = figures.hours_by_theme_and_role(year, protect=True)
    return render(
        request,
        "www/staff_training/figures.html",
        {
            "section": staff_training_section.section(result),
            "years": years,
            "year": year,
            "title": _("Formation continue : les heures du secteur"),
            "export": True,
        },
    )


@staff_view("GET", capability=Capability.RUN_STAFF_TRAINING)
@never_cache
def export(request, year: int):
    if year not in figures.years_with_sessions():
        raise Http404
    rows = (
        Registration.objects.filter(session__starts_at__year=year)
        .select_related("user", "organisation", "session__module", "session__postal_code")
        .order_by("session__starts_at", "requested_at")
    )
    response = HttpResponse(registrations_workbook(year, rows), content_type=CONTENT_TYPE)
    name = file_name("formation-continue-inscriptions", year, ext="xlsx", day=timezone.localdate())
    response["Content-Disposition"] = disposition(name)
    return response
