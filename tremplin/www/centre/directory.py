"""A centre coordinator edits the centre's directory entry, sites, trainings and sessions.

Only who may edit that centre's entry (``Capability.EDIT_DIRECTORY_ENTRY``); others get a 404.
MFA is enforced by ``StaffMfaRequiredMiddleware``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability, centres_where
from tremplin.directory import workflows
from tremplin.directory.forms import (
    CancelSessionForm,
    CentreEntryForm,
    InfoSessionForm,
    SiteForm,
    TrainingForm,
)
from tremplin.directory.models import AgrementChange, Centre
from tremplin.refusals import Refused
from tremplin.www.decorators import staff_view
from tremplin.www.forms import form_status

EDIT = Capability.EDIT_DIRECTORY_ENTRY


def _posted(request):
    """The POST data, even empty, when the form was sent (``None`` on GET: unbound form)."""
    return request.POST if request.method == "POST" else None


def _my_centre(request, centre_id) -> Centre:
    return get_object_or_404(centres_where(request.user, EDIT), pk=centre_id)


@staff_view("GET", capability=EDIT)
def entry_list(request):
    centres = list(centres_where(request.user, EDIT))
    if len(centres) == 1:
        return redirect("centre:directory_overview", centre_id=centres[0].pk)
    return render(request, "www/centre/directory/list.html", {"centres": centres})


@staff_view("GET", capability=EDIT)
def overview(request, centre_id):
    centre = _my_centre(request, centre_id)
    now = timezone.now()
    return render(
        request,
        "www/centre/directory/overview.html",
        {
            "centre": centre,
            "is_stale": centre.is_stale(timezone.localdate()),
            "pending_change": centre.agrement_changes.filter(
                status=AgrementChange.Status.PENDING
            ).first(),
            "last_refused_change": centre.agrement_changes.filter(
                status=AgrementChange.Status.REFUSED
            ).first(),
            "sites": centre.sites.select_related("postal_code"),
            "trainings": centre.trainings.select_related("site").defer(
                "search_text", "search_vector"
            ),
            "sessions": centre.info_sessions.filter(ends_at__gte=now)
            .with_seats_left()
            .select_related("training", "site__postal_code")
            .defer("training__search_text", "training__search_vector"),
        },
    )


@staff_view("GET", "POST", capability=EDIT)
def entry_edit(request, centre_id):
    centre = _my_centre(request, centre_id)
    form = CentreEntryForm(_posted(request), instance=centre)
    if request.method == "POST" and form.is_valid():
        try:
            change = workflows.save_entry(form.instance, request.user, form.agrement_values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if change:
                messages.warning(
                    request,
                    _(
                        "Fiche enregistrée. Les données d'agrément (nom, numéro, forme "
                        "juridique, méthodes) changeront après validation par la fédération."
                    ),
                )
            else:
                messages.success(request, _("Fiche enregistrée."))
            return redirect("centre:directory_overview", centre_id=centre.pk)
    return _render_edit(request, centre, form, _("Modifier la fiche du centre"))


def _render_edit(request, centre, form, title):
    return render(
        request,
        "www/centre/directory/edit.html",
        {"centre": centre, "form": form, "title": title},
        status=form_status(form),
    )


def _edit_child(request, centre, form, title, saved_message):
    """Shared flow for sites, trainings and sessions: validate, save, touch the entry."""
    if request.method == "POST" and form.is_valid():
        form.save()
        centre.touch()
        messages.success(request, saved_message)
        return redirect("centre:directory_overview", centre_id=centre.pk)
    return _render_edit(request, centre, form, title)


@staff_view("GET", "POST", capability=EDIT)
def site_edit(request, centre_id, site_id=None):
    centre = _my_centre(request, centre_id)
    site = get_object_or_404(centre.sites, pk=site_id) if site_id else None
    form = SiteForm(_posted(request), instance=site)
    form.instance.centre = centre
    title = _("Modifier le site") if site else _("Ajouter un site")
    return _edit_child(request, centre, form, title, _("Site enregistré."))


@staff_view("GET", "POST", capability=EDIT)
def training_edit(request, centre_id, training_id=None):
    centre = _my_centre(request, centre_id)
    if not centre.sites.exists():
        messages.info(request, _("Ajoutez d'abord un site où la formation a lieu."))
        return redirect("centre:directory_site_new", centre_id=centre.pk)
    training = get_object_or_404(centre.trainings, pk=training_id) if training_id else None
    form = TrainingForm(_posted(request), instance=training, centre=centre)
    title = _("Modifier la formation") if training else _("Ajouter une formation")
    return _edit_child(request, centre, form, title, _("Formation enregistrée."))


@staff_view("GET", "POST", capability=EDIT)
def session_edit(request, centre_id, session_id=None):
    centre = _my_centre(request, centre_id)
    if not centre.sites.exists():
        messages.info(request, _("Ajoutez d'abord un site où la séance a lieu."))
        return redirect("centre:directory_site_new", centre_id=centre.pk)
    session = get_object_or_404(centre.info_sessions, pk=session_id) if session_id else None
    if session and session.is_cancelled:
        messages.error(request, _("Une séance annulée ne peut plus être modifiée."))
        return redirect("centre:directory_overview", centre_id=centre.pk)
    form = InfoSessionForm(_posted(request), instance=session, centre=centre)
    title = _("Modifier la séance d'information") if session else _("Ajouter une séance")
    return _edit_child(request, centre, form, title, _("Séance enregistrée."))


@staff_view("GET", "POST", capability=EDIT)
def session_cancel(request, centre_id, session_id):
    centre = _my_centre(request, centre_id)
    session = get_object_or_404(centre.info_sessions.with_seats_left(), pk=session_id)
    form = CancelSessionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            workflows.cancel_session(session, form.cleaned_data["note"])
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, _("Séance annulée. Les personnes inscrites sont prévenues par e-mail.")
            )
            return redirect("centre:directory_overview", centre_id=centre.pk)
    return render(
        request,
        "www/centre/directory/cancel_session.html",
        {"centre": centre, "session": session, "form": form},
        status=form_status(form),
    )


@staff_view("POST", capability=EDIT)
def confirm_up_to_date(request, centre_id):
    centre = _my_centre(request, centre_id)
    workflows.confirm_up_to_date(centre)
    messages.success(request, _("Merci. La fiche est marquée à jour aujourd'hui."))
    return redirect("centre:directory_overview", centre_id=centre.pk)


@staff_view("POST", capability=EDIT)
def submit(request, centre_id):
    centre = _my_centre(request, centre_id)
    try:
        workflows.submit_for_validation(centre)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Fiche envoyée à la fédération pour validation."))
    return redirect("centre:directory_overview", centre_id=centre.pk)
