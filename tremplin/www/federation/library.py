"""The federation writes the library: new documents, their details, new versions."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tremplin.accounts.capabilities import Capability
from tremplin.library import services
from tremplin.library.forms import DocumentForm, VersionForm
from tremplin.library.models import Document
from tremplin.library.reading import listing
from tremplin.www.decorators import staff_view


@staff_view("GET", capability=Capability.MANAGE_LIBRARY)
def library(request):
    return render(
        request,
        "www/federation/library/list.html",
        {"documents": listing(Document.objects.all())},
    )


@staff_view("GET", "POST", capability=Capability.MANAGE_LIBRARY)
def document_edit(request, document_id=None):
    """A new document (details + first version), or a document's details and a new version."""
    document = get_object_or_404(Document, pk=document_id) if document_id else None
    posted = request.POST if request.method == "POST" else None
    form = DocumentForm(posted, instance=document, prefix="doc")
    wants_version = document is None or bool(request.POST.get("version-body"))
    version_form = VersionForm(posted if wants_version else None, prefix="version")
    if (
        request.method == "POST"
        and form.is_valid()
        and (not wants_version or version_form.is_valid())
    ):
        with transaction.atomic():
            document = form.save()
            if wants_version:
                services.publish_version(
                    document.pk,
                    version_form.cleaned_data["body"],
                    version_form.cleaned_data["change_note"],
                    request.user,
                )
        messages.success(request, _("Document enregistré."))
        return redirect("federation:library:list")
    return render(
        request,
        "www/federation/library/form.html",
        {
            "form": form,
            "version_form": version_form,
            "document": document,
            "latest": document.versions.order_by("-number").first() if document else None,
        },
        status=400 if request.method == "POST" else 200,
    )
