"""What the library pages share: a document with the version asked for and all its versions."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tremplin.library.models import Document


def document_and_version(documents, document_id, number=None):
    """``documents`` is the reader's queryset (``visible_to``). The latest version unless
    ``number`` is given; 404 for a document or a version the reader cannot see."""
    document = get_object_or_404(documents, pk=document_id)
    versions = list(document.versions.select_related("author").order_by("-number"))
    if not versions:
        raise Http404
    if number is None:
        return document, versions[0], versions
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404
    return document, version, versions


def listing(documents):
    return documents.with_latest().order_by("kind", "title")


__all__ = ["Document", "document_and_version", "listing"]
