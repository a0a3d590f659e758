"""The library for the centres' staff: every document, old versions, follow a document."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tremplin.accounts.models import Organisation
from tremplin.accounts.permissions import role_required
from tremplin.library import services
from tremplin.library.models import FOLLOW_ROLES, READER_ROLES, Document, DocumentFollow
from tremplin.library.reading import document_and_version, listing


def _followed_by(user) -> set:
    organisations = Organisation.objects.where_user_has_role(user, *FOLLOW_ROLES)
    return set(
        DocumentFollow.objects.filter(organisation__in=organisations).values_list(
            "document_id", flat=True
        )
    )


@role_required(*READER_ROLES)
@require_GET
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


@role_required(*READER_ROLES)
@require_GET
def document(request, document_id, number=None):
    document, version, versions = document_and_version(
        Document.objects.visible_to(request.user), document_id, number
    )
    can_follow = request.user.has_role(*FOLLOW_ROLES)
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


@role_required(*FOLLOW_ROLES)
@require_POST
def follow(request, document_id):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=document_id)
    for organisation in Organisation.objects.where_user_has_role(request.user, *FOLLOW_ROLES):
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
