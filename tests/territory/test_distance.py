import pytest

from tremplin.territory.distance import distance_km_expression, haversine_km
from tremplin.territory.models import Municipality, PostalCode


def test_haversine_known_values():
    assert haversine_km(50.0, 4.0, 50.0, 4.0) == 0
    # One degree of latitude is about 111.2 km.
    assert haversine_km(50.0, 4.0, 51.0, 4.0) == pytest.approx(111.2, abs=0.1)
    # Namur station – Liège-Guillemins, about 53 km as the crow flies.
    assert haversine_km(50.4686, 4.8622, 50.6245, 5.5668) == pytest.approx(52.9, abs=0.5)


def test_sql_and_python_agree_namur_liege(territory):
    namur = Municipality.objects.get(name_fr="Namur")
    liege = Municipality.objects.get(name_fr="Liège")
    python_km = haversine_km(namur.latitude, namur.longitude, liege.latitude, liege.longitude)
    sql_km = (
        Municipality.objects.annotate(
            distance_km=distance_km_expression(namur.latitude, namur.longitude)
        )
        .get(pk=liege.pk)
        .distance_km
    )
    assert 50 < python_km < 60
    assert sql_km == pytest.approx(python_km, abs=1e-6)


def test_expression_in_filter_and_order_by(territory):
    namur = Municipality.objects.get(name_fr="Namur")
    near = (
        Municipality.objects.annotate(
            distance_km=distance_km_expression(namur.latitude, namur.longitude)
        )
        .filter(distance_km__lte=15)
        .order_by("distance_km")
    )
    names = [m.name_fr for m in near]
    assert names[0] == "Namur"
    assert "Liège" not in names
    assert {"Profondeville", "Floreffe"} <= set(names)


def test_expression_follows_relations(territory):
    rows = PostalCode.objects.annotate(
        distance_km=distance_km_expression(
            50.4669, 4.8675, "municipality__latitude", "municipality__longitude"
        )
    ).order_by("distance_km")
    assert rows[0].municipality.name_fr == "Namur"
