"""What centres and the federation do to directory entries: edit, submit, validate, cancel.

Publication: a new centre is a draft; its coordinator submits it; the federation validates
(published) or refuses (back to draft, with a note). Once a centre has been validated, a change
to its agrément data (``AGREMENT_FIELDS``) waits in an ``AgrementChange`` until the federation
accepts it; the public keeps seeing the validated values meanwhile.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.directory.models import AGREMENT_FIELDS, AgrementChange, Centre, InfoSession
from tremplin.directory.signals import session_cancelled
from tremplin.refusals import Refused


def _agrement_values(centre: Centre) -> dict:
    return {name: getattr(centre, name) for name in AGREMENT_FIELDS}


@transaction.atomic
def save_entry(centre: Centre, changed_by, agrement: dict) -> AgrementChange | None:
    """Save the centre's entry. ``centre`` carries the new values of every field except the
    agrément ones, which come in ``agrement``; they apply at once while the centre was never
    validated, otherwise they wait for the federation. Returns the pending change, if any."""
    validated = Centre.objects.get(pk=centre.pk)
    current = _agrement_values(validated)
    proposed = {name: agrement[name] for name in AGREMENT_FIELDS}
    for name, value in current.items():
        setattr(centre, name, value)
    change = None
    if centre.validated_at is None:
        for name, value in proposed.items():
            setattr(centre, name, value)
    elif proposed != current:
        change = (
            AgrementChange.objects.select_for_update()
            .filter(centre=centre, status=AgrementChange.Status.PENDING)
            .first()
        )
        if change is None:
            change = AgrementChange(centre=centre, previous=current, requested_by=changed_by)
        change.proposed = proposed
        change.requested_by = changed_by
        change.requested_at = timezone.now()
        change.save()
    centre.updated_at = timezone.now()
    centre.full_clean(exclude=["organisation", "slug"])
    centre.save()
    return change


def confirm_up_to_date(centre: Centre) -> None:
    """The coordinator checked the entry: it is fresh again."""
    centre.touch()


def submit_for_validation(centre: Centre) -> None:
    if centre.status != Centre.Status.DRAFT:
        raise Refused(
            _("Seule une fiche en brouillon peut être envoyée à la fédération."), "not_a_draft"
        )
    if not centre.sites.exists():
        raise Refused(_("Ajoutez au moins un site avant d'envoyer la fiche."), "no_site")
    centre.status = Centre.Status.PENDING_VALIDATION
    centre.refusal_note = ""
    centre.save(update_fields=["status", "refusal_note"])


def validate_centre(centre: Centre, analyst) -> None:
    if centre.status != Centre.Status.PENDING_VALIDATION:
        raise Refused(_("Cette fiche n'attend pas de validation."), "not_pending")
    centre.status = Centre.Status.PUBLISHED
    centre.validated_by = analyst
    centre.validated_at = timezone.now()
    centre.refusal_note = ""
    centre.save(update_fields=["status", "validated_by", "validated_at", "refusal_note"])


def refuse_centre(centre: Centre, analyst, note: str) -> None:
    if centre.status != Centre.Status.PENDING_VALIDATION:
        raise Refused(_("Cette fiche n'attend pas de validation."), "not_pending")
    if not note.strip():
        raise Refused(_("Expliquez au centre pourquoi la fiche est refusée."), "note_required")
    centre.status = Centre.Status.DRAFT
    centre.refusal_note = note.strip()
    centre.save(update_fields=["status", "refusal_note"])


@transaction.atomic
def decide_change(change: AgrementChange, analyst, accept: bool, note: str = "") -> None:
    change = AgrementChange.objects.select_for_update().get(pk=change.pk)
    if change.status != AgrementChange.Status.PENDING:
        raise Refused(_("Cette modification a déjà été traitée."), "change_decided")
    if not accept and not note.strip():
        raise Refused(
            _("Expliquez au centre pourquoi la modification est refusée."), "note_required"
        )
    change.status = AgrementChange.Status.ACCEPTED if accept else AgrementChange.Status.REFUSED
    change.decided_by = analyst
    change.decided_at = timezone.now()
    change.note = note.strip()
    change.save()
    if accept:
        centre = change.centre
        for name, value in change.proposed.items():
            setattr(centre, name, value)
        centre.validated_by = analyst
        centre.validated_at = change.decided_at
        centre.full_clean(exclude=["organisation", "slug"])
        centre.save()


def cancel_session(session: InfoSession, note: str) -> None:
    """Cancel an information session; people booked are told (``session_cancelled``)."""
    if session.is_cancelled:
        raise Refused(_("Cette séance est déjà annulée."), "session_cancelled")
    if not note.strip():
        raise Refused(_("Expliquez pourquoi la séance est annulée."), "note_required")
    with transaction.atomic():
        session.status = InfoSession.Status.CANCELLED
        session.cancellation_note = note.strip()
        session.cancelled_at = timezone.now()
        session.save(update_fields=["status", "cancellation_note", "cancelled_at"])
        session.centre.touch()
        transaction.on_commit(lambda: session_cancelled.send(sender=InfoSession, session=session))
