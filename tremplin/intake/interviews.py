"""The individual interview of a candidacy (motivation, project, needs assessment)."""

from django.db import transaction

from tremplin.intake.models import NEEDS, Candidacy, Interview
from tremplin.intake.workflow import touch

# Fields anyone of the centre staff may write; the notes only who sees the social notes.
LEVEL_FIELDS = tuple(code for code, _label in NEEDS)
NOTES_FIELDS = tuple(f"{code}_notes" for code, _label in NEEDS)


def record_interview(candidacy: Candidacy, by, values: dict, *, with_notes: bool) -> Interview:
    """Create or update the interview of ``candidacy`` from cleaned ``values``.

    ``with_notes`` is False for roles that may not read the social notes: their form has no
    notes fields, and the notes already written are kept as they are.
    """
    allowed = {"held_on", "motivation", "professional_project", *LEVEL_FIELDS}
    if with_notes:
        allowed |= set(NOTES_FIELDS)
    with transaction.atomic():
        interview = Interview.objects.filter(candidacy=candidacy).first() or Interview(
            candidacy=candidacy, interviewer=by
        )
        for name, value in values.items():
            if name in allowed:
                setattr(interview, name, value)
        interview.full_clean(exclude=["candidacy", "interviewer"])
        interview.save()
        touch(candidacy)
    return interview


def shown_needs(interview: Interview, with_notes: bool) -> list[dict]:
    needs = interview.needs()
    if not with_notes:
        for need in needs:
            need["notes"] = None
    return needs
