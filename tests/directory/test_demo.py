import datetime

import pytest
from django.core.management.base import CommandError

from tremplin.demo import DemoWorld
from tremplin.directory import demo
from tremplin.directory.models import Centre, InfoSession, Training

pytestmark = pytest.mark.django_db


def test_demo_directory_is_fictional_and_searchable(places):
    world = DemoWorld(seed=3, scale="demo", today=datetime.date.today())
    demo.build(world)
    centres = world.objects["centres"]
    assert centres and len(centres) == Centre.objects.count()
    assert all("(fictif)" in c.name and c.name.startswith("CISP démo") for c in centres)
    assert all(
        c.organisation.kind == "centre" for c in Centre.objects.select_related("organisation")
    )
    assert Training.objects.exclude(search_text="").count() == Training.objects.count()
    assert InfoSession.objects.upcoming().exists()
    for centre in Centre.objects.prefetch_related("trainings"):
        assert set(centre.methods) == {t.method for t in centre.trainings.all()}


def test_demo_needs_the_territory(db):
    with pytest.raises(CommandError, match="load_territory"):
        demo.build(DemoWorld(scale="demo"))
