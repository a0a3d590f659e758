"""The centre's choices (``Capability.CHOOSE_CENTRE_SETTINGS``): whether the coordination reads
the social notes; whether the access log handed to a person names the staff (off by default:
Pankki, C-579/21). Every change is kept in the organisation's history (pghistory) and listed on
the page with who made it and when."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability
from tremplin.accounts.models import Organisation, User
from tremplin.www.centre.common import chosen_centre
from tremplin.www.decorators import staff_view


class CentreChoicesForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["coordinator_reads_social_notes", "access_log_names_staff"]


def social_notes_history(organisation) -> list[dict]:
    """The changes of the choice, newest first: when, by whom, the new value."""
    events = (
        Organisation.pgh_event_model.objects.filter(pgh_obj=organisation)
        .select_related("pgh_context")
        .order_by("pgh_id")
    )
    changes, previous = [], False
    for event in events:
        if event.coordinator_reads_social_notes != previous:
            metadata = event.pgh_context.metadata if event.pgh_context else {}
            changes.append(
                {"at": event.pgh_created_at, "by": metadata.get("user"), "value": not previous}
            )
        previous = event.coordinator_reads_social_notes
    authors = User.objects.in_bulk([c["by"] for c in changes if c["by"]])
    for change in changes:
        change["by"] = authors.get(change["by"])
    return changes[::-1]


@staff_view("GET", "POST", capability=Capability.CHOOSE_CENTRE_SETTINGS)
def centre_choices(request):
    centre, centres = chosen_centre(request, Capability.CHOOSE_CENTRE_SETTINGS)
    organisation = centre.organisation
    form = CentreChoicesForm(
        request.POST if request.method == "POST" else None, instance=organisation
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Choix du centre enregistré."))
        return redirect(f"{request.path}?centre={centre.pk}")
    return render(
        request,
        "www/centre/choices.html",
        {
            "centre": centre,
            "centres": centres,
            "form": form,
            "history": social_notes_history(organisation),
        },
    )
