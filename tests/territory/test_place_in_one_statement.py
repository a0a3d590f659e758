"""``find_place`` reads a name in one SQL statement (decision 0314); ``suggest_places`` keeps
the four ORM searches of ``_name_searches``. Both must agree on the first place, or on the
candidates when what the first search finds lies in several municipalities (decision 0320),
over the real territory: every municipality, every fourth locality, and beginnings of names."""

import pytest

from tremplin.territory.lookup import (
    AMBIGUOUS_LIMIT,
    AmbiguousPlace,
    _name_searches,
    find_place,
    normalise,
    search_key,
)
from tremplin.territory.models import Municipality, PostalCode

pytestmark = pytest.mark.django_db


def first_by_orm(text):
    for finder, condition in _name_searches(search_key(text)):
        found = finder(condition, 1000)
        if len({place.municipality.pk for place in found}) > 1:
            return sorted(label_of(place) for place in found[:AMBIGUOUS_LIMIT])
        if found:
            return found[0]
    return None


def label_of(place):
    return normalise(place.label), place.label


def found_by_sql(text):
    try:
        return find_place(text)
    except AmbiguousPlace as ambiguous:
        return [label_of(place) for place in ambiguous.places]


def test_one_statement_finds_what_the_four_searches_find(territory):
    names = list(Municipality.objects.values_list("name_fr", flat=True))
    localities = PostalCode.objects.exclude(locality="").order_by("code", "id")
    names += list(localities.values_list("locality", flat=True))[::4]
    names += [name[:4] for name in names[::7]] + ["Braine-l'Alleud", "braine l alleud", "zzz"]
    different = [name for name in names if found_by_sql(name) != first_by_orm(name)]
    assert different == []
    assert isinstance(found_by_sql("Brai"), list)  # some names are ambiguous
