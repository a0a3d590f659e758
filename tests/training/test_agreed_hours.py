"""Agreed hours: an alert below the projection and above 100 % of the agreed hours."""

from decimal import Decimal

from tremplin.training.agreed_hours import AgreedHoursLine
from tremplin.www.centre.training.statements import agreed_hours_alert


def line(agreed, delivered, rest="0"):
    return AgreedHoursLine(None, Decimal(agreed), Decimal(delivered), Decimal(rest))


def test_alerts_below_and_above_the_agreed_hours():
    assert agreed_hours_alert(line(1000, 400, 300)) == "Projection sous les heures agréées"
    assert agreed_hours_alert(line(1000, 900, 200)) == "Projection au-delà des heures agréées"
    assert line(1000, 900, 200).share == Decimal(110)
    assert agreed_hours_alert(line(1000, 700, 300)) == ""
    assert agreed_hours_alert(line(0, 700)) == ""
