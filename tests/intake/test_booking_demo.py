"""The demo bookings: a few per session of the first centres, one full session."""

import io

import pytest

from tests.directory.factories import CentreFactory, InfoSessionFactory
from tremplin.demo import DemoWorld
from tremplin.intake import demo
from tremplin.intake.models import SessionBooking

pytestmark = pytest.mark.django_db


def test_demo_books_sessions_of_the_first_centres():
    centre = CentreFactory()
    first = InfoSessionFactory(centre=centre, capacity=3)
    second = InfoSessionFactory(centre=centre, capacity=10)
    world = DemoWorld(seed=1, stdout=io.StringIO())
    demo.build(world)
    assert first.bookings.confirmed().count() == 3
    assert first.bookings.waiting().count() == 2
    assert 1 <= second.bookings.count() <= 5
    assert all(b.email.endswith(".example") for b in SessionBooking.objects.all())
    demo.build(world)  # running again adds nothing to sessions already booked
    assert first.bookings.count() == 5


def test_demo_books_the_demo_accounts_centre_first():
    others = [InfoSessionFactory(centre=CentreFactory(name=f"A{n} (fictif)")) for n in range(6)]
    demo_centre = CentreFactory(name="Zz centre démo (fictif)")
    session = InfoSessionFactory(centre=demo_centre)
    world = DemoWorld(seed=1, stdout=io.StringIO())
    world.objects["demo_organisations"] = {"centre": demo_centre.organisation}
    demo.build(world)
    assert session.bookings.exists()
    assert not others[-1].bookings.exists()
