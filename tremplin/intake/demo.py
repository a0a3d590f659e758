"""Demo intake data. For now: bookings at the information sessions of the first centres.

The demo centre of the demo accounts comes first, so its coordinator sees bookings, a full
session with a waiting list and, for past sessions, attendance already marked.
"""

import datetime as dt

from django.utils import timezone

from tremplin.directory.models import Centre, InfoSession
from tremplin.intake.booking import CONSENT_VERSION
from tremplin.intake.demo_candidacies import build_candidacies
from tremplin.intake.demo_names import FIRST_NAMES, LAST_NAMES, POSTAL_CODES
from tremplin.intake.models import SessionBooking


def demo_centres(world) -> list[Centre]:
    """The demo accounts' centre first, then the others by name; a few of them."""
    count = world.sized(4, 20)
    demo_org = world.objects.get("demo_organisations", {}).get("centre")
    published = Centre.objects.published().order_by("name")
    first = list(published.filter(organisation=demo_org)) if demo_org else []
    others = published.exclude(pk__in=[c.pk for c in first])[: count - len(first)]
    return first + list(others)


def fictional_person(world, n: int) -> dict:
    first = world.rng.choice(FIRST_NAMES)
    last = world.rng.choice(LAST_NAMES)
    with_phone = world.rng.random() < 0.4
    return {
        "first_name": first,
        "last_name": f"{last} (fictif)",
        "email": f"{first.lower()}.{last.lower()}.{n}@demo.tremplin.example",
        "phone": f"+32470{world.rng.randrange(100000, 999999)}" if with_phone else "",
        "postal_code": world.rng.choice(POSTAL_CODES),
    }


def book_demo_session(world, session: InfoSession, people: int, now, counter: int) -> int:
    past = session.starts_at < now
    for index in range(people):
        status = (
            SessionBooking.Status.CONFIRMED
            if index < session.capacity
            else SessionBooking.Status.WAITING_LIST
        )
        attendance = SessionBooking.Attendance.UNKNOWN
        if past and status == SessionBooking.Status.CONFIRMED:
            attendance = world.rng.choice(
                [SessionBooking.Attendance.PRESENT] * 3
                + [SessionBooking.Attendance.ABSENT, SessionBooking.Attendance.EXCUSED]
            )
        SessionBooking.objects.create(
            session=session,
            consent_given_at=min(now, session.starts_at) - dt.timedelta(days=3),
            consent_version=CONSENT_VERSION,
            status=status,
            attendance=attendance,
            **fictional_person(world, counter + index),
        )
    return people


def build(world) -> None:
    now = timezone.now()
    sessions = (
        InfoSession.objects.filter(
            centre__in=demo_centres(world),
            status=InfoSession.Status.PLANNED,
            starts_at__gte=now - dt.timedelta(days=60),
        )
        .exclude(bookings__isnull=False)
        .order_by("centre__name", "starts_at")
    )
    total = 0
    full_done = False
    for session in sessions:
        if not full_done and session.starts_at > now:
            # One full session with two people waiting, to show the waiting list.
            people = session.capacity + 2 if session.capacity <= 15 else 3
            full_done = session.capacity <= 15
        else:
            people = min(session.capacity, world.rng.randint(1, 5))
        total += book_demo_session(world, session, people, now, total)
    world.objects["session_bookings"] = total
    world.log(f"{total} inscriptions aux séances d'information")
    centres = demo_centres(world)
    if centres:
        build_candidacies(world, centres[0])
