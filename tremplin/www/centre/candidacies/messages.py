"""The messages Tremplin sends, with a preview on fictional data."""

from django.http import Http404
from django.shortcuts import render

from tremplin.accounts.capabilities import Capability
from tremplin.intake import messages
from tremplin.www.decorators import staff_view


@staff_view("GET", capability=Capability.SEE_MESSAGES)
def message_list(request):
    registered = sorted(messages.REGISTRY.values(), key=lambda cls: cls.name)
    return render(request, "www/centre/candidacies/message_list.html", {"registered": registered})


@staff_view("GET", capability=Capability.SEE_MESSAGES)
def message_preview(request, name):
    if name not in messages.REGISTRY:
        raise Http404
    return render(
        request,
        "www/centre/candidacies/message_preview.html",
        {"message": messages.REGISTRY[name], "rendered": messages.preview(name)},
    )
