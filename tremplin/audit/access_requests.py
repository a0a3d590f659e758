"""Access requests: record them, prepare the ZIP, mark them answered, withhold a social note
(RGPD art. 12, 15, 20; decision 0806).

The coordinator records the request the day it arrives (deadline: one month, art. 12.3),
prepares the copy in the background (« Mes documents », kind ``subject_access``: the ZIP of
``subject_access.build_zip``), hands it over, then marks the request answered. The social worker
may keep a note out of the copy (art. 15.4: it speaks of someone else), with a reason.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin.audit.models import AccessRequest
from tremplin.audit.subject_access import build_zip
from tremplin.downloads import file_name
from tremplin.refusals import Refused


def record_request(person, *, organisation, by, received_on, how="") -> AccessRequest:
    if received_on > timezone.localdate():
        raise Refused(_("La date de la demande ne peut pas être dans le futur."), "future")
    return AccessRequest.objects.create(
        person=person,
        organisation=organisation,
        recorded_by=by,
        received_on=received_on,
        how=how.strip()[:200],
    )


def _check_open(request: AccessRequest) -> None:
    if request.person is None:
        raise Refused(_("Ce dossier a été effacé : il n'y a plus rien à remettre."), "erased")
    if request.answered_at is not None:
        raise Refused(_("Cette demande a déjà reçu sa réponse."), "answered")


def prepare_answer(request: AccessRequest, *, by, staff_names: bool = False):
    """Queue the ZIP in « Mes documents » of ``by``; the document is erased with the person."""
    from tremplin.documents.service import request_document

    _check_open(request)
    person = request.person
    title = _("Copie des données de %(name)s (demande du %(date)s)") % {
        "name": f"{person.first_name} {person.last_name}".strip(),
        "date": formatting.day(request.received_on),
    }
    with transaction.atomic():
        document = request_document(
            by,
            "subject_access",
            title[:200],
            {"access_request": str(request.pk), "staff_names": bool(staff_names)},
            person=person,
        )
        request.document = document
        request.save(update_fields=["document"])
    return document


def build_answer(params: dict, progress) -> tuple[bytes, str, str]:
    """Builder of the documents app (``BUILDERS["subject_access"]``)."""
    request = AccessRequest.objects.select_related("person").get(pk=params["access_request"])
    if request.person is None:
        raise ValueError("dossier effacé entre la demande et la préparation")
    progress(10, _("Rassemblement des données"))
    content = build_zip(request.person, staff_names=params.get("staff_names", False))
    person = request.person  # the centre's own file: the person's name says whose copy it is
    filename = file_name(
        "donnees", person.last_name, person.first_name, request.received_on, ext="zip"
    )
    return content, "application/zip", filename


def mark_answered(request: AccessRequest, *, by) -> None:
    """The copy was handed over: the request leaves the list of open requests."""
    if request.answered_at is not None:
        raise Refused(_("Cette demande a déjà reçu sa réponse."), "answered")
    request.answered_at = timezone.now()
    request.answered_by = by
    request.save(update_fields=["answered_at", "answered_by"])


def answer(request: AccessRequest, *, by, staff_names: bool = False) -> bytes:
    """The ZIP at once (no background step); the request is marked answered."""
    _check_open(request)
    content = build_zip(request.person, staff_names=staff_names)
    with transaction.atomic():
        mark_answered(request, by=by)
    return content


def withhold_note(note, reason: str, *, by=None) -> None:
    """The social worker keeps ``note`` out of the copy given to the person (art. 15.4, 23):
    the reason, who and when are recorded; the copy says that notes were withheld."""
    if not reason.strip():
        raise Refused(_("Indiquez pourquoi cette note n'est pas remise à la personne."), "reason")
    note.withheld_reason = reason.strip()[:300]
    note.withheld_by = by
    note.withheld_at = timezone.now()
    note.save(update_fields=["withheld_reason", "withheld_by", "withheld_at"])


def release_note(note) -> None:
    """The note goes back into the copy (the reason no longer holds)."""
    note.withheld_reason = ""
    note.withheld_by = None
    note.withheld_at = None
    note.save(update_fields=["withheld_reason", "withheld_by", "withheld_at"])
