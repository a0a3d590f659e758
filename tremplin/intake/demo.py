"""Demo intake data. For now: bookings at the information sessions of the first centres.

The demo centre of the demo accounts comes first, so its coordinator sees bookings, a full
session with a waiting list and, for past sessions, attendance already marked.
"""

import datetime as dt

from django.utils import timezone

from tremplin.demo import backdate
from tremplin.directory.models import Centre, InfoSession
from tremplin.intake.booking import CONSENT_VERSION
from tremplin.intake.demo_addresses import addresses_of
from tremplin.intake.demo_candidacies import build_candidacies
from tremplin.intake.demo_names import FIRST_NAMES, LAST_NAMES
from tremplin.intake.models import Candidacy, Person, SessionBooking
from tremplin.intake.states import Source


def demo_centres(world) -> list[Centre]:
    """The demo accounts' centre first, then the others by name; a few of them."""
    count = world.sized(4, 20)
    demo_org = world.objects.get("demo_organisations", {}).get("centre")
    published = Centre.objects.published().order_by("name")
    first = list(published.filter(organisation=demo_org)) if demo_org else []
    others = published.exclude(pk__in=[c.pk for c in first])[: count - len(first)]
    return first + list(others)


def fictional_person(world, n: int, postal_code: str) -> dict:
    first = world.rng.choice(FIRST_NAMES)
    last = world.rng.choice(LAST_NAMES)
    with_phone = world.rng.random() < 0.4
    return {
        "first_name": first,
        "last_name": f"{last} (fictif)",
        "email": f"{first.lower()}.{last.lower()}.{n}@demo.tremplin.example",
        "phone": f"+32470{world.rng.randrange(100000, 999999)}" if with_phone else "",
        "postal_code": postal_code,
    }


def book_demo_session(world, session: InfoSession, people: int, now, counter: int) -> dict:
    """Book ``people`` on ``session``; return when each booking was made (by primary key)."""
    past = session.starts_at < now
    consent = min(now, session.starts_at) - dt.timedelta(days=3)
    addresses = addresses_of(world)
    made = {}
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
        postal_code = addresses.draw(session.site)["postal_code"]
        booking = SessionBooking.objects.create(
            session=session,
            consent_given_at=consent,
            consent_version=CONSENT_VERSION,
            status=status,
            attendance=attendance,
            **fictional_person(world, counter + index, postal_code),
        )
        made[booking.pk] = consent + dt.timedelta(minutes=index)  # in the waiting list's order
    return made


def date_bookings(made: dict) -> None:
    """A booking, the candidacy and the file it opened date from when the person booked
    (days before a past session), not from the day the demo was generated."""
    backdate(SessionBooking, made)
    opened = Candidacy.objects.filter(booking__in=made, source=Source.BOOKING).values_list(
        "pk", "person_id", "person__created_from_booking", "booking_id"
    )
    backdate(Candidacy, {pk: made[booking] for pk, _person, _new, booking in opened})
    files = {}
    for _pk, person, new, booking in opened:
        if new:
            files[person] = min(files.get(person, made[booking]), made[booking])
    backdate(Person, files)


def build(world) -> None:
    now = timezone.now()
    sessions = (
        InfoSession.objects.filter(
            centre__in=demo_centres(world),
            status=InfoSession.Status.PLANNED,
            starts_at__gte=now - dt.timedelta(days=60),
        )
        .select_related("site")
        .exclude(bookings__isnull=False)
        .order_by("centre__name", "starts_at")
    )
    made = {}
    full_done = False
    for session in sessions:
        if not full_done and session.starts_at > now:
            # One full session with two people waiting, to show the waiting list.
            people = session.capacity + 2 if session.capacity <= 15 else 3
            full_done = session.capacity <= 15
        else:
            people = min(session.capacity, world.rng.randint(1, 5))
        made |= book_demo_session(world, session, people, now, len(made))
    date_bookings(made)
    total = len(made)
    world.objects["session_bookings"] = total
    world.log(f"{total} inscriptions aux séances d'information")
    centres = demo_centres(world)
    if centres:
        build_candidacies(world, centres[0])
