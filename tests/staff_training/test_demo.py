"""The demo world's continuing training: a year of sessions in every state, requests for the
demo coordinator, a session for the demo trainer, a library with versions."""

import io

import pytest
from django.utils import timezone

from tests.directory.factories import CentreFactory, walloon_places
from tremplin.accounts import demo as accounts_demo
from tremplin.demo import DemoWorld
from tremplin.library import demo as library_demo
from tremplin.library.models import Document, DocumentFollow
from tremplin.staff_training import demo
from tremplin.staff_training.models import Registration, Session

pytestmark = pytest.mark.django_db


def test_demo_catalogue_has_sessions_in_every_state():
    walloon_places()
    world = DemoWorld(seed=1, stdout=io.StringIO())
    world.objects["centres"] = [CentreFactory(name=f"Centre {n} (fictif)") for n in range(4)]
    accounts_demo.build(world)
    demo.build(world)
    library_demo.build(world)
    now = timezone.now()
    states = {s.state(now) for s in Session.objects.with_seats_left()}
    assert states >= {"draft", "cancelled", "done", "ongoing", "closed", "full", "open"}
    users = world.objects["demo_users"]
    assert Registration.objects.to_approve_by(users["coordinator"]).filter(status="pending")
    assert Session.objects.trained_by(users["trainer"]).filter(starts_at__lt=now).exists()
    assert Registration.objects.filter(attendance="present").exists()
    assert Registration.objects.filter(status="waiting").exists()
    assert Document.objects.filter(is_public=True).count() == 2
    assert DocumentFollow.objects.filter(organisation=world.objects["demo_organisations"]["centre"])
    demo.build(world)  # a second run keeps what is there
    library_demo.build(world)
    assert Document.objects.count() == 4
