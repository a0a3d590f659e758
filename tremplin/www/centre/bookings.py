"""Centre side of information-session bookings: sessions with counts, the list of people
booked, attendance in one form, and the XLSX export.

Only coordinators and centre staff, and only for their own centres: every query starts from
``sessions_managed_by(user)`` or ``SessionBooking.objects.visible_to(user)``. Opening or
exporting a list of people is written to the access log.
"""

from django import forms
from django.contrib import messages
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.accounts.capabilities import Capability
from tremplin.audit.access import log_access
from tremplin.downloads import disposition, file_name
from tremplin.intake import booking as booking_service
from tremplin.intake import booking_export
from tremplin.intake.models import SessionBooking
from tremplin.training.documents import XLSX_CONTENT_TYPE
from tremplin.www.decorators import staff_view
from tremplin.www.forms import form_status
from tremplin.www.listing import (
    SORT_PARAM,
    Column,
    FromRows,
    ListFilterForm,
    Listing,
    date_filter,
)

# Past sessions stay listed as long as their bookings are kept.
PAST_WINDOW = booking_service.RETENTION


class SessionFilterForm(ListFilterForm):
    FROM_ROWS = {"formation": FromRows("training", _("Formation"), _("Toutes"))}
    LOOKUPS = {"du": "starts_at__date__gte", "au": "starts_at__date__lte"}
    du = date_filter(_("Séance à partir du"))
    au = date_filter(_("Séance jusqu'au"))


SESSIONS = Listing(
    columns=[
        Column("date", _("Date"), ("starts_at",)),
        Column("seance", _("Séance"), (F("training__name"), "centre__name")),
        Column("lieu", _("Lieu"), ("site__name",)),
        Column("places", _("Places prises"), ("confirmed_count",), numeric=True),
        Column("attente", _("Liste d'attente"), ("waiting_count",), numeric=True),
        Column("presences", _("Présences"), ("present_count",), numeric=True),
        Column("inscriptions", _("Inscriptions")),
    ],
    default="date",
    form=SessionFilterForm,
)


class AttendanceForm(forms.Form):
    """One choice per confirmed booking, named ``attendance-<booking id>``."""

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = bookings
        for booking in bookings:
            self.fields[self.field_name(booking)] = forms.ChoiceField(
                label=_("Présence de {name}").format(name=booking.full_name),
                choices=SessionBooking.Attendance.choices,
                initial=booking.attendance,
            )

    @staticmethod
    def field_name(booking) -> str:
        return f"attendance-{booking.pk}"

    def rows(self):
        return [(booking, self[self.field_name(booking)]) for booking in self.bookings]

    def values(self) -> dict[str, str]:
        prefix = "attendance-"
        return {name.removeprefix(prefix): value for name, value in self.cleaned_data.items()}


def managed_session(user, session_id):
    session = booking_service.sessions_managed_by(user).filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


def log_shown(request, session, bookings, view_name):
    """The page shows each person's data: one access-log row per booking."""
    for booking in bookings:
        log_access(request, booking, view_name, organisation=session.centre.organisation)


@staff_view("GET", capability=Capability.MANAGE_BOOKINGS)
def session_list(request):
    now = timezone.now()
    state = SESSIONS.read(request, booking_service.sessions_managed_by(request.user))
    upcoming = list(state.rows.filter(starts_at__gte=now))
    past = state.rows.filter(starts_at__lt=now, starts_at__gte=now - PAST_WINDOW)
    if SORT_PARAM not in request.GET:
        past = past.order_by("-starts_at", "pk")  # the latest first, unless a sort is chosen
    past = list(past)
    for session in past:
        session.is_past = True
    return render(
        request,
        "www/centre/bookings/session_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "count": len(upcoming) + len(past),
            "form": state.form,
            "headers": state.headers,
            "kept": state.kept,
        },
    )


@staff_view("GET", "POST", capability=Capability.MANAGE_BOOKINGS)
def session_bookings(request, session_id):
    session = managed_session(request.user, session_id)
    bookings = list(booking_service.bookings_of(session, request.user))
    confirmed = [b for b in bookings if b.status == SessionBooking.Status.CONFIRMED]
    waiting = [b for b in bookings if b.status == SessionBooking.Status.WAITING_LIST]
    form = AttendanceForm(request.POST or None, bookings=confirmed)
    if request.method == "POST":
        if form.is_valid():
            changed = booking_service.mark_attendance(confirmed, form.values())
            messages.success(
                request,
                ngettext(
                    "Présences enregistrées ({count} changement).",
                    "Présences enregistrées ({count} changements).",
                    changed,
                ).format(count=changed),
            )
            return redirect("centre:session_bookings", session_id=session.pk)
        messages.error(request, _("Les présences n'ont pas été enregistrées. Vérifiez la liste."))
    log_shown(request, session, bookings, "centre:session_bookings")
    return render(
        request,
        "www/centre/bookings/session_bookings.html",
        {"session": session, "form": form, "waiting": waiting, "confirmed": confirmed},
        status=form_status(form),
    )


@staff_view("GET", capability=Capability.MANAGE_BOOKINGS)
def session_bookings_export(request, session_id):
    session = managed_session(request.user, session_id)
    bookings = list(booking_service.bookings_of(session, request.user))
    log_shown(request, session, bookings, "centre:session_bookings_export")
    content = booking_export.bookings_workbook(session, bookings)
    day = timezone.localtime(session.starts_at).date()
    name = file_name("inscriptions-seance", session.title, day, ext="xlsx")
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = disposition(name)
    response["Cache-Control"] = "no-store"
    return response
