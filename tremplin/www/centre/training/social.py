"""Social follow-up of a trainee: social worker and coordinator only."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.audit.access import log_access
from tremplin.training.access import SOCIAL_ROLES
from tremplin.training.models import Barrier, Contract, SocialAction, SocialFollowUp
from tremplin.www.centre.training.forms import ActionForm, BarrierForm, NoteForm

FORMS = {"note": NoteForm, "barrier": BarrierForm, "action": ActionForm}


def social(request, pk):
    contract = get_object_or_404(
        Contract.objects.in_centres_where(request.user, *SOCIAL_ROLES).select_related(
            "person", "centre"
        ),
        pk=pk,
    )
    follow_up, _created = SocialFollowUp.objects.get_or_create(contract=contract)
    if not SocialFollowUp.objects.visible_to(request.user).filter(pk=follow_up.pk).exists():
        raise Http404
    log_access(request, contract.person, "centre:training:social")
    today = timezone.localdate()
    kind = request.POST.get("kind") if request.method == "POST" else None
    forms = {
        name: form_class(
            request.POST if kind == name else None, prefix=name, initial=_initial(name, today)
        )
        for name, form_class in FORMS.items()
    }
    if kind in forms and forms[kind].is_valid():
        item = forms[kind].save(commit=False)
        item.follow_up = follow_up
        if kind == "note":
            item.author = request.user
        if kind == "action":
            item.created_by = request.user
        item.save()
        messages.success(request, _("Enregistré."))
        return redirect("centre:training:social", pk=contract.pk)
    if request.method == "POST" and request.POST.get("kind") == "referent":
        follow_up.referent = request.user
        follow_up.save(update_fields=["referent"])
        return redirect("centre:training:social", pk=contract.pk)
    if request.method == "POST" and request.POST.get("solve"):
        Barrier.objects.filter(follow_up=follow_up, pk=request.POST["solve"]).update(
            solved_on=today
        )
        return redirect("centre:training:social", pk=contract.pk)
    if request.method == "POST" and request.POST.get("done"):
        SocialAction.objects.filter(follow_up=follow_up, pk=request.POST["done"]).update(
            done_on=today
        )
        return redirect("centre:training:social", pk=contract.pk)
    return render(
        request,
        "www/centre/training/social.html",
        {
            "contract": contract,
            "follow_up": follow_up,
            "notes": follow_up.notes.select_related("author"),
            "barriers": follow_up.barriers.all(),
            "actions": follow_up.actions.all(),
            "forms": forms,
            "today": today,
        },
        status=400 if kind in forms else 200,
    )


def _initial(name, today):
    return {"note": {"date": today}, "barrier": {"noted_on": today}}.get(name, {})
