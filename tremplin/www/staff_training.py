"""Pages of continuing training shared by the federation and the trainers: attendance of a
session, and the attestation PDF of a person present."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tremplin.accounts.capabilities import Capability, can, organisations_where
from tremplin.accounts.models import Organisation
from tremplin.downloads import file_name
from tremplin.staff_training.attendance import (
    attestation_for,
    record_attendance,
    sessions_for_attendance,
)
from tremplin.staff_training.forms import AttendanceForm
from tremplin.staff_training.models import Registration
from tremplin.staff_training.registrations import StaffTrainingRefused
from tremplin.training.documents import in_french, pdf_response, render_pdf
from tremplin.www.decorators import staff_view
from tremplin.www.forms import form_status


@staff_view("GET", capability=None)  # a session's trainer or the federation
@never_cache
def my_sessions(request):
    """The sessions whose attendance I record (trainer or federation)."""
    sessions = (
        sessions_for_attendance(request.user)
        .filter(starts_at__lte=timezone.now() + timezone.timedelta(days=60))
        .select_related("module")
        .with_counts()
        .order_by("-starts_at")
    )
    return render(request, "www/staff_training/my_sessions.html", {"sessions": sessions})


@staff_view("GET", "POST", capability=None)  # a session's trainer or the federation
@never_cache
def attendance(request, session_id):
    session = get_object_or_404(
        sessions_for_attendance(request.user).select_related("module"), pk=session_id
    )
    seats = list(session.registrations.confirmed().select_related("user", "organisation"))
    form = AttendanceForm(request.POST or None, registrations=seats)
    if request.method == "POST" and form.is_valid():
        try:
            changed = record_attendance(session.pk, form.values())
        except StaffTrainingRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Présences enregistrées (%(n)s changement(s)).") % {"n": changed},
            )
            return redirect("staff_training:attendance", session_id=session.pk)
    return render(
        request,
        "www/staff_training/attendance.html",
        {"session": session, "form": form, "seats": zip(seats, form, strict=True)},
        status=form_status(form),
    )


@staff_view("GET", capability=None)  # a session's trainer or the federation
@never_cache
@in_french
def attestation(request, registration_id):
    registration = get_object_or_404(
        Registration.objects.visible_to(request.user).select_related(
            "user", "organisation", "session__module", "session__postal_code"
        ),
        pk=registration_id,
    )
    try:
        attestation_for(registration)
    except StaffTrainingRefused as refusal:
        messages.error(request, refusal.message)
        if can(request.user, Capability.RUN_STAFF_TRAINING):
            return redirect("federation:staff_training:session", session_id=registration.session_id)
        return redirect("centre:staff_training:mine")
    federation = Organisation.objects.filter(kind=Organisation.Kind.FEDERATION).first()
    content = render_pdf(
        "staff_training/attestation.html",
        {
            "registration": registration,
            "session": registration.session,
            "module": registration.session.module,
            "federation": federation,
            "today": timezone.localdate(),
        },
    )
    if content is None:  # pragma: no cover
        raise Http404
    return pdf_response(content, attestation_file_name(request.user, registration))


def attestation_file_name(user, registration) -> str:
    """The member's name is in the file's name on the centre's side only (the member, their
    coordinator); the federation's and a trainer's copy say the module, the day and a short
    reference instead."""
    session = registration.session
    day = timezone.localtime(session.starts_at).date()
    centre_side = registration.user_id == user.pk or (
        organisations_where(user, Capability.APPROVE_STAFF_TRAINING)
        .filter(pk=registration.organisation_id)
        .exists()
    )
    if centre_side:
        person = registration.user
        who = (person.last_name, person.first_name)
    else:
        who = (session.module.title, str(registration.pk)[:8])
    return file_name("attestation-formation-continue", *who, day, ext="pdf")
