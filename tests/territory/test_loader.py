import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from tremplin.territory.distance import haversine_km
from tremplin.territory.lookup import find_place, postal_code_rows
from tremplin.territory.models import (
    Arrondissement,
    IbefeArea,
    Municipality,
    PostalCode,
    Province,
    Region,
)
from tremplin.territory.points import median_point

WALLONIA = "03000"
HOMONYMS = ["6831", "6834", "6661", "4821"]


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Region, Province, Arrondissement, IbefeArea, Municipality, PostalCode)
    }


def test_belgium_2025(territory):
    assert counts() == {
        "Region": 3,
        "Province": 10,
        "Arrondissement": 43,
        "IbefeArea": 10,
        "Municipality": 565,
        "PostalCode": 1152,
    }


def test_all_261_walloon_municipalities_have_a_walloon_province(territory):
    walloon = Municipality.objects.filter(region_id=WALLONIA)
    assert walloon.count() == 261
    assert not walloon.filter(province__isnull=True).exists()
    per_province = dict(walloon.values_list("province__name_fr").annotate(n=Count("pk")).order_by())
    assert per_province == {
        "Liège": 84,
        "Hainaut": 69,
        "Luxembourg": 43,
        "Namur": 38,
        "Brabant wallon": 27,
    }
    assert not walloon.exclude(province__region_id=WALLONIA).exists()
    # 2025 merger: Bertogne is part of Bastogne (new REFNIS code 82039).
    assert Municipality.objects.get(nis_code="82039").name_fr == "Bastogne"
    assert not Municipality.objects.filter(name_fr="Bertogne").exists()


def test_every_walloon_municipality_has_an_arrondissement_an_ibefe_area_and_a_point(territory):
    walloon = Municipality.objects.filter(region_id=WALLONIA)
    assert not walloon.filter(arrondissement__isnull=True).exists()
    assert not walloon.filter(ibefe_area__isnull=True).exists()
    assert not walloon.filter(latitude__isnull=True).exists()
    assert (
        not Municipality.objects.exclude(region_id=WALLONIA)
        .filter(ibefe_area__isnull=False)
        .exists()
    )
    per_area = dict(walloon.values_list("ibefe_area_id").annotate(n=Count("pk")).order_by())
    assert per_area["ostbelgien"] == 9
    assert per_area["verviers"] == 20  # the arrondissement of Verviers minus the 9 above
    assert Municipality.objects.get(name_fr="Eupen").ibefe_area_id == "ostbelgien"
    assert Municipality.objects.get(name_fr="Verviers").ibefe_area_id == "verviers"
    assert Municipality.objects.get(name_fr="Mouscron").arrondissement.name_fr == (
        "Tournai-Mouscron"
    )


def test_every_walloon_postal_code_resolves_to_exactly_one_walloon_municipality(territory):
    codes = (
        PostalCode.objects.filter(municipality__region_id=WALLONIA)
        .values("code")
        .annotate(municipalities=Count("municipality"))
    )
    assert len(codes) > 250
    assert {row["municipalities"] for row in codes} == {1}
    for row in codes:
        rows = postal_code_rows(row["code"])
        assert len(rows) == 1, row["code"]
        assert rows[0].municipality.region_id == WALLONIA
    assert not PostalCode.objects.filter(
        municipality__region_id=WALLONIA, latitude__isnull=True
    ).exists()


@pytest.mark.parametrize("code", HOMONYMS)
def test_homonym_points_are_corrected(territory, code):
    (row,) = PostalCode.objects.filter(code=code).select_related("municipality")
    others = [
        (p.latitude, p.longitude)
        for p in PostalCode.objects.filter(municipality=row.municipality).exclude(code=code)
    ]
    centre = median_point(others)
    assert row.point_corrected
    assert haversine_km(row.latitude, row.longitude, *centre) < 10
    municipality = row.municipality
    assert (
        haversine_km(row.latitude, row.longitude, municipality.latitude, municipality.longitude)
        < 10
    )
    assert code in territory  # the command says what it corrected


def test_sound_points_are_left_alone(territory):
    # Only a handful of points are replaced as wrong (homonyms, or codes without a point in
    # the source); the others moved are lowest codes placed at their chef-lieu.
    corrected = PostalCode.objects.filter(point_corrected=True)
    assert corrected.exclude(point_note__startswith=CHEF_LIEU_NOTE).count() < 20
    charleroi = PostalCode.objects.get(code="6000")  # the source already names the town
    assert (charleroi.locality, charleroi.point_corrected) == ("Charleroi", False)


CHEF_LIEU_NOTE = "plus petit code postal de la commune"
# Town centres (WGS 84) read on a map; the source named another village of the code.
CHEF_LIEUX = [
    ("5000", "Namur", (50.4669, 4.8675)),  # the source said Beez
    ("5600", "Philippeville", (50.1961, 4.5437)),  # Fagnolle
    ("4000", "Liège", (50.6337, 5.5675)),  # Glain
    ("1300", "Wavre", (50.7172, 4.6014)),  # Limal
]


@pytest.mark.parametrize(("code", "town", "centre"), CHEF_LIEUX)
def test_lowest_code_of_a_municipality_serves_its_chef_lieu(territory, code, town, centre):
    """The source gives one locality per postal code, often another village of the code (5600
    "Fagnolle", 10 km from Philippeville): a search for 5600 measured every distance from
    there. The lowest code of a municipality none of whose codes bears its name is placed at
    the centre of its chef-lieu, and named after it."""
    row = PostalCode.objects.select_related("municipality").get(code=code)
    assert (row.locality, row.point_corrected) == (town, True)
    assert row.point_note.startswith(CHEF_LIEU_NOTE)
    assert haversine_km(row.latitude, row.longitude, *centre) < 1
    municipality = row.municipality
    assert haversine_km(municipality.latitude, municipality.longitude, *centre) < 1
    place = find_place(code)
    assert place.label == f"{code} {town}"
    assert haversine_km(place.latitude, place.longitude, *centre) < 1


def test_other_codes_keep_their_village(territory):
    jambes = PostalCode.objects.get(code="5100")  # Namur's, not its lowest: left as the source
    assert not jambes.point_corrected
    assert jambes.locality != "Namur"


def test_loader_is_idempotent(territory):
    before = counts()
    out = StringIO()
    call_command("load_territory", stdout=out)
    assert counts() == before
    assert "communes 565 (0 nouveaux)" in out.getvalue()
    assert "codes postaux 1152 (0 nouveaux)" in out.getvalue()
    assert find_place("4000").municipality.name_fr == "Liège"


def test_if_empty_does_nothing_when_loaded(territory, django_assert_num_queries):
    out = StringIO()
    started = time.monotonic()
    with django_assert_num_queries(2):  # two EXISTS, no write
        call_command("load_territory", "--if-empty", stdout=out)
    assert time.monotonic() - started < 0.5
    assert "déjà chargé" in out.getvalue()


def test_dry_run_writes_nothing(territory):
    PostalCode.objects.filter(code="5000").update(latitude=0, longitude=0)
    out = StringIO()
    call_command("load_territory", "--dry-run", stdout=out)
    assert "Simulation" in out.getvalue()
    assert PostalCode.objects.get(code="5000").latitude == 0
