import pytest

from tremplin.territory.lookup import (
    AmbiguousPlace,
    find_place,
    normalise,
    search_names,
    suggest_places,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Liège", "liege"),
        ("  Braine-l’ALLEUD ", "braine l'alleud"),
        ("braine l'alleud", "braine l'alleud"),
        ("Écaussinnes", "ecaussinnes"),
        ("Sankt  Vith", "sankt vith"),
        ("Büllingen", "bullingen"),
        ("", ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_search_names_frame_every_name():
    assert search_names("Liège", "Luik", "Lüttich", "") == "|liege|luik|luttich|"
    assert search_names("Braine-l’Alleud") == "|braine l alleud|"


@pytest.mark.parametrize(
    ("text", "municipality", "postal_code"),
    [
        ("Liege", "Liège", "4000"),
        ("LIÈGE", "Liège", "4000"),
        ("liège", "Liège", "4000"),
        ("Luik", "Liège", "4000"),
        ("4000", "Liège", "4000"),
        (" 5000 ", "Namur", "5000"),
        ("braine l'alleud", "Braine-l’Alleud", "1420"),
        ("Braine-L’Alleud", "Braine-l’Alleud", "1420"),
        ("BRAINE L ALLEUD", "Braine-l’Alleud", "1420"),
        ("Écaussinnes", "Ecaussinnes", None),  # Statbel writes it without accent
        ("Sankt Vith", "Saint-Vith", None),
        ("Saint-Servais", "Namur", "5002"),  # a locality
        ("st servais", None, None),  # no abbreviations: not found
        ("Louvain-la-Neuve", "Ottignies-Louvain-la-Neuve", "1348"),
        ("Bertogne", "Bastogne", None),  # merged on 1 January 2025
        ("Charler", "Charleroi", "6000"),  # prefix
        ("1040 Bruxelles", "Bruxelles", "1040"),
        ("1040", "Etterbeek", "1040"),
    ],
)
def test_find_place(territory, text, municipality, postal_code):
    place = find_place(text)
    if municipality is None:
        assert place is None
        return
    assert place is not None
    assert place.municipality.name_fr == municipality
    if postal_code:
        assert place.postal_code == postal_code
    assert 49.4 < place.latitude < 51.6
    assert 2.5 < place.longitude < 6.5


def test_exact_match_beats_prefix(territory):
    # "Namur" is a municipality; "Namur" must not give a longer name starting with it.
    assert find_place("Namur").label == "Namur"
    assert find_place("Ath").municipality.name_fr == "Ath"


@pytest.mark.parametrize(
    ("text", "whole", "labels"),
    [
        ("Braine", False, ["Braine-l’Alleud", "Braine-le-Château", "Braine-le-Comte"]),
        ("braine l", False, ["Braine-l’Alleud", "Braine-le-Château", "Braine-le-Comte"]),
        ("Braine-le-C", False, ["Braine-le-Château", "Braine-le-Comte"]),
        ("Saint-G", False, ["Saint-Georges-sur-Meuse", "Saint-Ghislain", "Saint-Gilles"]),
        ("Berchem", True, ["2600 Berchem (Anvers)", "9690 Berchem (Kluisbergen)"]),
    ],
)
def test_a_name_shared_by_several_municipalities_is_not_decided(territory, text, whole, labels):
    with pytest.raises(AmbiguousPlace) as raised:
        find_place(text)
    assert [place.label for place in raised.value.places] == labels
    assert raised.value.whole is whole


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Braine-le-Comte", "Braine-le-Comte"),  # a whole name that starts others
        ("Ath", "Ath"),  # Athus is a village of Aubange
        ("Athu", "6791 Athus (Aubange)"),
        ("Mont", "6661 Mont (Houffalize)"),  # a village's whole name
        ("Celles", "Celles"),  # a municipality, and a village of Houyet
        ("Namu", "Namur"),  # the start of one municipality's names only
    ],
)
def test_a_name_of_one_municipality_is_found(territory, text, label):
    assert find_place(text).label == label


def test_only_an_ambiguous_name_reads_more(territory, django_assert_num_queries):
    # the name, then the candidates and their postal codes
    with django_assert_num_queries(3), pytest.raises(AmbiguousPlace):
        find_place("Braine")


@pytest.mark.parametrize("text", ["", "   ", "xyzzy", "9999", "-"])
def test_find_place_nothing(territory, text):
    assert find_place(text) is None


def test_find_place_is_cheap(territory, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        find_place("Liege")
    with django_assert_max_num_queries(1):
        find_place("4000")


def test_suggest_places_for_typos(territory):
    assert "Charleroi" in [p.label for p in suggest_places("Charlerio")]
    assert "Liège" in [p.label for p in suggest_places("Lieg")]
    labels = [p.label for p in suggest_places("50", limit=3)]
    assert labels == sorted(labels) and len(labels) == 3
    assert all(label.startswith("50") for label in labels)


def test_suggest_places_limit(territory):
    assert len(suggest_places("sa", limit=5)) == 5
    assert suggest_places("sa", limit=0) == []
    assert suggest_places("") == []


def test_municipality_named_gives_the_code_of_its_own_locality(territory):
    """A municipality found by name comes with the lowest postal code of the localities that
    bear its name (compared as the search compares names), not simply its lowest code: chosen
    by PostgreSQL for the search, in Python for the suggestions, by the same rule."""
    from tremplin.territory.lookup import search_key
    from tremplin.territory.models import Municipality, PostalCode, Region

    town = Municipality.objects.create(
        nis_code="99999",
        name_fr="Val-d’Essai",
        region=Region.objects.first(),
        search_name=search_names("Val-d’Essai"),
        latitude=50.5,
        longitude=4.5,
    )
    for code, locality in [("7001", "Hameau"), ("7003", "Val-d'Essai"), ("7002", "Val d Essai")]:
        PostalCode.objects.create(
            code=code,
            municipality=town,
            locality=locality,
            search_locality=search_key(locality),
            latitude=50.5,
            longitude=4.5,
        )
    place = find_place("val d'essai")
    assert (place.label, place.postal_code) == ("Val-d’Essai", "7002")
    assert suggest_places("Val-d’Essai")[0].postal_code == "7002"
    PostalCode.objects.filter(code__in=["7002", "7003"]).delete()
    assert find_place("Val-d’Essai").postal_code == "7001"
