"""Person files: the NISS as the reader may see it, the personal link to follow a candidacy,
message context.

Duplicates and merges are in ``tremplin.intake.duplicates``.
"""

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from tremplin.accounts.capabilities import Capability, can
from tremplin.intake import messages
from tremplin.intake.models import Candidacy, Person

PERSONAL_LINK_SALT = "tremplin.intake.candidacy.personal-link"
# A personal link works this long; the centre can send a new one at any time.
PERSONAL_LINK_MAX_AGE = 90 * 24 * 3600


def shown_niss(person: Person, user) -> str:
    if not person.niss:
        return ""
    from tremplin.audit.niss import format_niss

    if can(user, Capability.SEE_NISS, person.holding_centre):
        return format_niss(person.niss)
    return person.masked_niss


# --- Personal link ------------------------------------------------------------------------


def personal_token(candidacy: Candidacy) -> str:
    return signing.TimestampSigner(salt=PERSONAL_LINK_SALT).sign(str(candidacy.pk))


def candidacy_for_token(token: str) -> Candidacy | None:
    """The candidacy of a personal link, or None when the link is forged or too old."""
    try:
        pk = signing.TimestampSigner(salt=PERSONAL_LINK_SALT).unsign(
            token, max_age=PERSONAL_LINK_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return (
        Candidacy.objects.select_related(
            "person", "training__centre", "training__site__postal_code", "session__site"
        )
        .filter(pk=pk)
        .first()
    )


def personal_url(candidacy: Candidacy) -> str:
    return messages.absolute_url(reverse("public:my_candidacy", args=[personal_token(candidacy)]))


def candidacy_context(candidacy: Candidacy) -> dict:
    return {
        "candidacy": candidacy,
        "person": candidacy.person,
        "training": candidacy.training,
        "centre": candidacy.training.centre,
        "candidacy_url": personal_url(candidacy),
    }


def candidacy_message(message_class, candidacy: Candidacy):
    person = candidacy.person
    return message_class(person.email, candidacy_context(candidacy), phone=person.phone)


def send_personal_link(candidacy: Candidacy) -> bool:
    """E-mail the person their link (``False`` when the file has no e-mail address)."""
    if not candidacy.person.email:
        return False
    candidacy_message(messages.CandidacyLink, candidacy).send_after_commit()
    return True


def next_appointment(candidacy: Candidacy):
    """``(label, when, place)`` of the next appointment, or ``None``."""
    now = timezone.now()
    if candidacy.status == "invited" and candidacy.session and candidacy.session.starts_at > now:
        session = candidacy.session
        return ("session", session.starts_at, session.site)
    interview_at = candidacy.interview_at
    if candidacy.status == "interview_planned" and interview_at and interview_at > now:
        return ("interview", candidacy.interview_at, candidacy.training.site)
    return None
