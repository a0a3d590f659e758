"""The library for the centres' staff: every document, old versions, follow a document."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability, can, organisations_where
from tremplin.library import services
from tremplin.library.models import Document, DocumentFollow
from tremplin.library.reading import document_and_version, listing
from tremplin.www.decorators import staff_view


def _followed_by(user) -> set:
    organisations = organisations_where(user, Capability.FOLLOW_LIBRARY)
    return set(
        DocumentFollow.objects.filter(organisation__in=organisations).values_list(
            "document_id", flat=True
        )
    )


@staff_view("GET", capability=Capability.READ_LIBRARY)
def library(request):
    return render(
        request,
        "www/public/library/list.html",
        {
            "documents": listing(Document.objects.visible_to(request.user)),
            "followed": _followed_by(request.user),
            "space": "centre",
        },
    )


@staff_view("GET", capability=Capability.READ_LIBRARY)
def document(request, document_id, number=None):
    document, version, versions = document_and_version(
        Document.objects.visible_to(request.user), document_id, number
    )
    can_follow = can(request.user, Capability.FOLLOW_LIBRARY)
    return render(
        request,
        "www/public/library/document.html",
        {
            "document": document,
            "version": version,
            "versions": versions,
            "space": "centre",
            "can_follow": can_follow,
            "followed": document.pk in _followed_by(request.user),
        },
    )


@staff_view("POST", capability=Capability.FOLLOW_LIBRARY)
def follow(request, document_id):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=document_id)
    for organisation in organisations_where(request.user, Capability.FOLLOW_LIBRARY):
        if request.POST.get("follow") == "1":
            services.follow(document, organisation)
        else:
            services.unfollow(document, organisation)
    if request.POST.get("follow") == "1":
        messages.success(
            request,
            _("Votre centre suit ce document : la coordination sera prévenue des changements."),
        )
    else:
        messages.success(request, _("Votre centre ne suit plus ce document."))
    return redirect("centre:library:document", document_id=document.pk)
