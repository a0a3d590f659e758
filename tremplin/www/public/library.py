"""Reference documents the federation marks public (no account)."""

from django.shortcuts import render

from tremplin.library.models import Document
from tremplin.library.reading import document_and_version, listing
from tremplin.www.decorators import public_view


@public_view("GET")
def library(request):
    return render(
        request,
        "www/public/library/list.html",
        {"documents": listing(Document.objects.public()), "space": "public"},
    )


@public_view("GET")
def document(request, document_id, number=None):
    document, version, versions = document_and_version(
        Document.objects.public(), document_id, number
    )
    return render(
        request,
        "www/public/library/document.html",
        {"document": document, "version": version, "versions": versions, "space": "public"},
    )
