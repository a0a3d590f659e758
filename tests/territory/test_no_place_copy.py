"""The public search keeps no copy of the places in the server process: a change of the
territory (a reload by ``load_territory`` in another process) is seen by the next search."""

import pytest

from tests.directory.factories import walloon_places
from tremplin.directory.search import search_directory
from tremplin.territory.models import PostalCode

pytestmark = pytest.mark.django_db


def test_a_changed_postal_code_is_seen_by_the_next_search():
    walloon_places()
    first = search_directory({"near": "5000"})
    assert first.is_valid and first.place.postal_code == "5000"
    PostalCode.objects.filter(code="5000").update(latitude=50.47)  # as a bulk upsert does
    assert search_directory({"near": " 5000 "}).place.latitude == 50.47
