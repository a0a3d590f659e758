"""Great-circle distances, in Python and as a Django ORM expression computed by PostgreSQL.

The SQL version is the haversine formula written with PostgreSQL's own maths functions
(``radians``, ``sin``, ``cos``, ``asin``, ``sqrt``), so it needs no extension (no PostGIS, no
earthdistance) and gives the same figure as ``haversine_km`` (see docs/decisions/0101).
"""

import math

from django.db.models import ExpressionWrapper, F, FloatField, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_km_expression(
    latitude: float,
    longitude: float,
    lat_field: str = "latitude",
    lon_field: str = "longitude",
):
    """An expression giving the distance in km from (latitude, longitude) to each row's point.

    Use it in ``annotate``, ``order_by`` or ``filter``::

        Municipality.objects.annotate(
            distance_km=distance_km_expression(50.4674, 4.8718)
        ).filter(distance_km__lte=25).order_by("distance_km")

    ``lat_field`` and ``lon_field`` may follow relations (``"municipality__latitude"``).
    Rows whose point is NULL get a NULL distance.
    """
    float_field = FloatField()
    lat1 = Radians(Value(float(latitude), output_field=float_field))
    lon1 = Radians(Value(float(longitude), output_field=float_field))
    lat2 = Radians(F(lat_field))
    lon2 = Radians(F(lon_field))
    half_dlat = Sin((lat2 - lat1) / Value(2.0))
    half_dlon = Sin((lon2 - lon1) / Value(2.0))
    a = Power(half_dlat, 2) + Cos(lat1) * Cos(lat2) * Power(half_dlon, 2)
    return ExpressionWrapper(
        Value(2 * EARTH_RADIUS_KM) * ASin(Least(Value(1.0), Sqrt(a))),
        output_field=float_field,
    )


__all__ = ["EARTH_RADIUS_KM", "distance_km_expression", "haversine_km"]
