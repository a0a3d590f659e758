"""Publishing a version of a reference document, and following documents.

A new version gets the next number under a row lock of its document; every centre that
follows the document is told (a registered message to its coordinators, after the commit).
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.intake.messages import absolute_url, register
from tremplin.library.models import Document, DocumentFollow, DocumentVersion
from tremplin.refusals import Refused
from tremplin.staff_training.messages import StaffMessage, coordinators_of


class LibraryRefused(Refused):
    """A library action that cannot be done (French ``message``)."""


@register
class DocumentChanged(StaffMessage):
    name = "practice_document_changed"
    label = _("Document de référence suivi : nouvelle version")
    audience = _("la coordination des centres qui suivent le document")

    @classmethod
    def template(cls, part: str) -> str:
        if part == "body.html":
            return super().template(part)
        return f"library/messages/{cls.name}/{part}"

    @classmethod
    def sample_context(cls) -> dict:
        document = Document(title=str(_("Procédure d'accueil (exemple)")))
        version = DocumentVersion(
            document=document,
            number=3,
            change_note=str(_("Ajout du délai de réponse aux candidatures.")),
            published_at=timezone.now(),
        )
        return {"document": document, "version": version, "url": absolute_url("/centre/")}


def publish_version(document_id, body: str, change_note: str, author) -> DocumentVersion:
    body, change_note = (body or "").strip(), (change_note or "").strip()
    if not body or not change_note:
        raise LibraryRefused(
            _("Écrivez le texte du document et ce qui change dans cette version."),
            code="empty",
        )
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        last = document.versions.order_by("-number").values_list("number", flat=True).first()
        version = DocumentVersion.objects.create(
            document=document,
            number=(last or 0) + 1,
            body=body,
            change_note=change_note,
            published_at=timezone.now(),
            author=author,
        )
        if last:
            tell_followers(document, version)
    return version


def tell_followers(document, version) -> None:
    url = absolute_url(reverse("centre:library:document", args=[document.pk]))
    follows = DocumentFollow.objects.filter(document=document).select_related("organisation")
    for follow in follows:
        for coordinator in coordinators_of(follow.organisation):
            DocumentChanged(
                coordinator.email,
                {"document": document, "version": version, "url": url},
            ).send_after_commit()


def follow(document, organisation) -> None:
    try:
        with transaction.atomic():
            DocumentFollow.objects.create(document=document, organisation=organisation)
    except IntegrityError:
        pass  # already followed


def unfollow(document, organisation) -> None:
    DocumentFollow.objects.filter(document=document, organisation=organisation).delete()
