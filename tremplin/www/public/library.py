"""Reference documents the federation marks public (no account)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tremplin.library.models import Document
from tremplin.library.reading import document_and_version, listing


@login_not_required
@require_GET
def library(request):
    return render(
        request,
        "www/public/library/list.html",
        {"documents": listing(Document.objects.public()), "space": "public"},
    )


@login_not_required
@require_GET
def document(request, document_id, number=None):
    document, version, versions = document_and_version(
        Document.objects.public(), document_id, number
    )
    return render(
        request,
        "www/public/library/document.html",
        {"document": document, "version": version, "versions": versions, "space": "public"},
    )
