"""The public catalogue of continuing training for the sector's staff (no account), the
``.ics`` of a session and the anonymous survey link sent after a session."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache

from tremplin.downloads import disposition, file_name
from tremplin.intake import ics
from tremplin.staff_training.attendance import answer_survey, invitation_for
from tremplin.staff_training.forms import CatalogueFilterForm, StaffSurveyForm
from tremplin.staff_training.models import Module, Session
from tremplin.staff_training.registrations import StaffTrainingRefused
from tremplin.www.decorators import public_view
from tremplin.www.public.links import answer_by_link_page


def catalogue_sessions():
    """Published sessions not yet over, with their module, place and seats left."""
    return (
        Session.objects.published()
        .filter(ends_at__gte=timezone.now())
        .for_catalogue()
        .with_seats_left()
    )


@public_view("GET")
def catalogue(request):
    sessions = catalogue_sessions()
    months = list(
        sessions.annotate(m=TruncMonth("starts_at"))
        .order_by("m")
        .values_list("m", flat=True)
        .distinct()
    )
    form = CatalogueFilterForm(request.GET or None, [m.date() for m in months])
    shown = list(form.filter(sessions))
    now = timezone.now()
    for session in shown:
        session.catalogue_state = session.state(now)
    return render(
        request,
        "www/public/staff_training/catalogue.html",
        {"form": form, "sessions": shown, "filtered": bool(request.GET)},
    )


@public_view("GET")
def module_detail(request, module_id):
    module = get_object_or_404(
        Module.objects.with_public_sessions().prefetch_related(
            Prefetch("sessions", queryset=catalogue_sessions(), to_attr="public_sessions")
        ),
        pk=module_id,
    )
    now = timezone.now()
    for session in module.public_sessions:
        session.catalogue_state = session.state(now)
    return render(request, "www/public/staff_training/module.html", {"module": module})


def calendar_event(session: Session) -> ics.Event:
    host = urlsplit(settings.SITE_URL).hostname or "tremplin"
    cancelled = session.status == Session.Status.CANCELLED
    return ics.Event(
        uid=f"formation-continue-{session.pk}@{host}",
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        summary=_("Formation continue — {title}").format(title=session.module.title),
        location=session.place,
        description=_("Formateur ou formatrice : {trainer}.").format(
            trainer=session.module.trainer_name
        ),
        url=settings.SITE_URL.rstrip("/") + session.module.get_absolute_url(),
        cancelled=cancelled,
        sequence=1 if cancelled else 0,
    )


@public_view("GET")
def session_ics(request, session_id):
    session = get_object_or_404(
        Session.objects.exclude(status=Session.Status.DRAFT).for_catalogue(), pk=session_id
    )
    response = HttpResponse(
        ics.render(calendar_event(session)), content_type="text/calendar; charset=utf-8"
    )
    day = timezone.localtime(session.starts_at).date()
    what = pgettext("calendar file name", "formation")
    name = file_name(what, session.module.title, day, ext="ics")
    response["Content-Disposition"] = disposition(name)
    return response


@public_view("GET", "POST")
@never_cache
def survey(request, token):
    return answer_by_link_page(
        request,
        token,
        find=invitation_for,
        form_class=StaffSurveyForm,
        save=answer_survey,
        template="www/public/staff_training/survey.html",
        context=lambda invitation: {"module": invitation.session.module},
        refused=StaffTrainingRefused,
    )
