"""Access requests: record them, answer them with the ZIP, withhold a social note (0806)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.audit.models import AccessRequest
from tremplin.audit.subject_access import build_zip
from tremplin.refusals import Refused


def record_request(person, *, organisation, by, received_on, how="") -> AccessRequest:
    return AccessRequest.objects.create(
        person=person,
        organisation=organisation,
        recorded_by=by,
        received_on=received_on,
        how=how,
    )


def answer(request: AccessRequest, *, by, staff_names: bool = False) -> bytes:
    """The ZIP for the person; the request is marked answered."""
    if request.person is None:
        raise Refused(_("Ce dossier a été effacé : il n'y a plus rien à remettre."), "erased")
    content = build_zip(request.person, staff_names=staff_names)
    with transaction.atomic():
        request.answered_at = timezone.now()
        request.answered_by = by
        request.save(update_fields=["answered_at", "answered_by"])
    return content


def withhold_note(note, reason: str) -> None:
    """The social worker keeps ``note`` out of the copy given to the person (art. 15.4, 23);
    the reason is recorded and shown in its place."""
    if not reason.strip():
        raise Refused(_("Indiquez pourquoi cette note n'est pas remise à la personne."), "reason")
    note.withheld_reason = reason.strip()[:300]
    note.save(update_fields=["withheld_reason"])
