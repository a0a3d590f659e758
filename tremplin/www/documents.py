"""« Mes documents » : what a member asked Tremplin to prepare, its progress, the file."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from tremplin.documents.models import GeneratedDocument
from tremplin.downloads import disposition
from tremplin.www.decorators import staff_view


@staff_view("GET", capability=None)  # any member: their own documents only
@never_cache
def document_list(request):
    documents = GeneratedDocument.objects.owned_by(request.user).defer("content")[:50]
    return render(request, "www/documents/list.html", {"documents": documents})


@staff_view("GET", capability=None)  # any member: their own documents only
@never_cache
def document_status(request, pk):
    document = get_object_or_404(
        GeneratedDocument.objects.owned_by(request.user).defer("content"), pk=pk
    )
    template = "www/documents/_status.html" if request.htmx else "www/documents/status.html"
    return render(request, template, {"document": document})


@staff_view("GET", capability=None)  # any member: their own documents only
@never_cache
def document_file(request, pk):
    """The file, to its owner only; never kept in a cache (it may hold personal data)."""
    document = get_object_or_404(
        GeneratedDocument.objects.owned_by(request.user).filter(
            status=GeneratedDocument.Status.READY
        ),
        pk=pk,
    )
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = disposition(document.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
