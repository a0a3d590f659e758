"""Social follow-up of a trainee: who sees the social notes of the centre only
(``Capability.SEE_SOCIAL_NOTES``). Opening the page writes nothing but the access log; the
trainee's social file is created with its first note, barrier, action or referent."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability, can
from tremplin.audit.access import log_access
from tremplin.training.models import Barrier, Contract, SocialAction, SocialFollowUp
from tremplin.www.centre.training.forms import ActionForm, BarrierForm, NoteForm
from tremplin.www.decorators import staff_view

FORMS = {"note": NoteForm, "barrier": BarrierForm, "action": ActionForm}


@staff_view("GET", "POST", capability=Capability.SEE_SOCIAL_NOTES)
def social(request, pk):
    contract = get_object_or_404(
        Contract.objects.where(request.user, Capability.SEE_SOCIAL_NOTES).select_related(
            "person", "centre"
        ),
        pk=pk,
    )
    follow_up = SocialFollowUp.objects.filter(contract=contract).first()
    log_access(request, contract.person, "centre:training:social")
    today = timezone.localdate()
    kind = request.POST.get("kind") if request.method == "POST" else None
    forms = {
        name: form_class(
            request.POST if kind == name else None, prefix=name, initial=_initial(name, today)
        )
        for name, form_class in FORMS.items()
    }
    if request.method == "POST":
        follow_up = follow_up or SocialFollowUp.objects.get_or_create(contract=contract)[0]
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
        if _apply_click(request, follow_up, today):
            return redirect("centre:training:social", pk=contract.pk)
    return render(
        request,
        "www/centre/training/social.html",
        {
            "contract": contract,
            "follow_up": follow_up,
            "notes": follow_up.notes.select_related("author") if follow_up else [],
            "barriers": follow_up.barriers.all() if follow_up else [],
            "actions": follow_up.actions.all() if follow_up else [],
            "forms": forms,
            "today": today,
            "can_withhold": can(request.user, Capability.WITHHOLD_SOCIAL_NOTE, contract.centre),
        },
        status=400 if kind in forms else 200,
    )


def _apply_click(request, follow_up, today) -> bool:
    """The page's buttons: become the referent, a barrier solved, an action done."""
    if request.POST.get("kind") == "referent":
        follow_up.referent = request.user
        follow_up.save(update_fields=["referent"])
        return True
    if request.POST.get("solve"):
        Barrier.objects.filter(follow_up=follow_up, pk=request.POST["solve"]).update(
            solved_on=today
        )
        return True
    if request.POST.get("done"):
        SocialAction.objects.filter(follow_up=follow_up, pk=request.POST["done"]).update(
            done_on=today
        )
        return True
    return False


def _initial(name, today):
    return {"note": {"date": today}, "barrier": {"noted_on": today}}.get(name, {})
