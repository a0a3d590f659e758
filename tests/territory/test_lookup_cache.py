"""The public search remembers places (reference data) and forgets them when the territory
changes."""

import pytest

from tests.directory.factories import walloon_places
from tremplin.territory.lookup import find_place_cached, forget_places
from tremplin.territory.models import PostalCode

pytestmark = pytest.mark.django_db


def test_a_place_is_remembered_until_a_postal_code_changes(django_assert_num_queries):
    walloon_places()
    forget_places()
    first = find_place_cached("5000")
    assert first.postal_code == "5000"
    with django_assert_num_queries(0):
        assert find_place_cached(" 5000 ") == first
    for row in PostalCode.objects.filter(code="5000"):
        row.latitude = 50.47
        row.save()  # forgets
    assert find_place_cached("5000").latitude == 50.47
