"""The attendance register of a group week: the grid, « tous présents », save, lock."""

import datetime

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability
from tremplin.audit.access import log_list_access
from tremplin.refusals import Refused
from tremplin.training import register
from tremplin.training.models import Group
from tremplin.www.centre.training import register_grid
from tremplin.www.centre.training.common import parse_day
from tremplin.www.decorators import staff_view


def _group(request, pk):
    return get_object_or_404(
        Group.objects.registrable_by(request.user).select_related("training__centre", "trainer"),
        pk=pk,
    )


@staff_view("GET", capability=Capability.OPEN_CENTRE_SPACE)
def groups(request):
    today = timezone.localdate()
    # A register link only where the reader may open it (their groups; any, coordinating).
    registrable = Group.objects.registrable_by(request.user).filter(pk=OuterRef("pk"))
    visible = (
        Group.objects.visible_to(request.user)
        .select_related("training", "trainer")
        .annotate(registrable=Exists(registrable))
    )
    return render(
        request,
        "www/centre/training/groups.html",
        {"groups": visible.order_by("-starts_on", "name"), "this_week": register.monday_of(today)},
    )


@staff_view("GET", "POST", capability=Capability.OPEN_CENTRE_SPACE)
def week(request, pk, day):
    group = _group(request, pk)
    week_start = parse_day(day)
    if week_start.weekday() != 0:
        return redirect("centre:training:register", pk=group.pk, day=register.monday_of(week_start))
    sheet = register.load_sheet(group, week_start)
    people = (row.contract.person for row in sheet.rows)
    organisation_id = group.training.centre.organisation_id
    log_list_access(request, people, "centre:training:register", organisation_id)
    status, typed = 200, None
    if request.method == "POST":
        status, typed = _save(request, group, sheet)
        if status == 302:
            return redirect(request.path)
    assimilated = [r.short_code for r in sheet.reasons if r.counts_as_assimilated]
    return render(
        request,
        "www/centre/training/register.html",
        {
            "group": group,
            "sheet": sheet,
            "grid": register_grid.grid_rows(sheet, typed),
            "day_totals": register_grid.day_totals(sheet),
            "warned_rows": [row for row in sheet.rows if row.warnings],
            "assimilated_codes": " ".join(code for code in assimilated if code),
            "reason_codes": " ".join(r.short_code for r in sheet.reasons if r.short_code),
            "previous": week_start - datetime.timedelta(days=7),
            "next": week_start + datetime.timedelta(days=7),
            "can_lock": group.user_is_coordinator,
            "read_only": sheet.is_locked and not group.user_is_coordinator,
        },
        status=status,
    )


def _save(request, group, sheet) -> tuple[int, dict | None]:
    """Save the week from the POST; the status, and the texts as typed when they are shown
    again (refused)."""
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        expected = -1
    typed = None
    if request.POST.get("action") == "all_present":
        register.fill_all_present(sheet)
    else:
        typed = register_grid.fill_from_post(sheet, request.POST)
    try:
        result = register.save_sheet(sheet, request.user, expected, group.user_is_coordinator)
    except register.StaleWeek as refusal:
        messages.error(request, refusal.message)
        return 302, None  # the saved version, to redo the changes on
    except Refused as refusal:
        messages.error(request, refusal.message)
        return refusal.status, typed
    messages.success(
        request,
        _("Semaine enregistrée (%(count)s journées).") % {"count": result.saved},
    )
    return 302, None


@staff_view("POST", capability=Capability.LOCK_REGISTER)
def lock(request, pk, day):
    group = _group(request, pk)
    if not group.user_is_coordinator:
        raise Http404
    week_start = parse_day(day)
    url = reverse("centre:training:register", args=[group.pk, week_start])
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        expected = -1
    try:
        if request.POST.get("action") == "unlock":
            register.unlock_week(group, week_start, request.user)
            messages.success(request, _("Semaine déverrouillée."))
        else:
            register.lock_week(group, week_start, request.user, expected)
            messages.success(request, _("Semaine vérifiée et verrouillée."))
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect(url)
