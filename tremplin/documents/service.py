"""Ask for a document, build it in the task queue, report its progress."""

import logging

from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from tremplin.documents.builders import BUILDERS
from tremplin.documents.models import GeneratedDocument
from tremplin.queued import enqueue_with_transaction

logger = logging.getLogger(__name__)
Status = GeneratedDocument.Status


def request_document(
    owner, kind: str, title: str, params: dict, *, person=None
) -> GeneratedDocument:
    """Record the request and queue its preparation with it (it runs once the transaction
    commits, ``tremplin.queued``). ``person``: the one person the document is about, if any
    (it is erased with them)."""
    if kind not in BUILDERS:
        raise ValueError(f"sorte de document inconnue : {kind}")
    document = GeneratedDocument.objects.create(
        owner=owner,
        kind=kind,
        title=title,
        params=params,
        person=person,
        step=_("En attente d'un préparateur"),
    )
    enqueue_with_transaction(prepare_document, str(document.pk))
    return document


def _progress(document_id):
    def report(percent: int, step: str = "") -> None:
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=Status.RUNNING, progress=max(0, min(int(percent), 99)), step=step[:120]
        )

    return report


@task
def prepare_document(document_id: str) -> None:
    document = GeneratedDocument.objects.filter(pk=document_id, status=Status.PENDING).first()
    if document is None:  # already prepared, or removed
        return
    report = _progress(document.pk)
    report(1, _("Préparation commencée"))
    try:
        build = import_string(BUILDERS[document.kind])
        content, content_type, filename = build(document.params, report)
    except Exception:
        logger.exception("Document %s (%s) : échec de la préparation", document.pk, document.kind)
        GeneratedDocument.objects.filter(pk=document.pk).update(
            status=Status.FAILED,
            step=_(
                "La préparation a échoué. Demandez-le à nouveau ; si cela se répète, prévenez "
                "l'équipe Tremplin."
            ),
            finished_at=timezone.now(),
        )
        return
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.READY,
        progress=100,
        step=_("Prêt"),
        content=content,
        content_type=content_type,
        filename=filename,
        finished_at=timezone.now(),
    )
