"""What the candidacy pages share: the reader's trainings, the candidacy and the person file
they may open (404 otherwise), upcoming sessions."""

from django.db.models import Q
from django.http import Http404

from tremplin.accounts.capabilities import Capability, organisations_where
from tremplin.directory.models import InfoSession, Training
from tremplin.intake.models import (
    Candidacy,
    Person,
)

PAGE_SIZE = 50
FILES = Capability.SEE_PERSON_FILE


def trainings_of(user):
    centres = organisations_where(user, FILES)
    return Training.objects.filter(centre__organisation__in=centres).select_related("centre")


def get_or_404(queryset, pk):
    """The object, or the 404 page (the same for "does not exist" and "not yours")."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def upcoming_sessions(training):
    return list(
        InfoSession.objects.upcoming()
        .filter(centre_id=training.centre_id)
        .filter(Q(training=training) | Q(training__isnull=True))
        .order_by("starts_at")
    )


def session_by_id(sessions, value):
    return next((s for s in sessions if str(s.pk) == value), None) if value else None


def visible_candidacy(user, candidacy_id):
    return get_or_404(
        Candidacy.objects.visible_to(user)
        .filter(training__in=trainings_of(user))
        .select_related("person__holding_centre", "training__centre", "session__site"),
        candidacy_id,
    )


def visible_person(user, person_id):
    centres = organisations_where(user, FILES)
    return get_or_404(
        Person.objects.visible_to(user)
        .filter(holding_centre__organisation__in=centres)
        .select_related("holding_centre", "municipality"),
        person_id,
    )
