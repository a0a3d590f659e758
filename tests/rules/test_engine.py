import datetime
from decimal import Decimal

from tremplin.rules.engine import Situation, evaluate
from tremplin.rules.facts import age_on


def test_age_on_birthday_and_leap_day():
    assert age_on(datetime.date(2006, 3, 1), datetime.date(2024, 3, 1)) == 18
    assert age_on(datetime.date(2006, 3, 2), datetime.date(2024, 3, 1)) == 17
    assert age_on(datetime.date(2004, 2, 29), datetime.date(2022, 2, 28)) == 17
    assert age_on(datetime.date(2004, 2, 29), datetime.date(2022, 3, 1)) == 18


def test_on_date_defaults_to_today():
    result = evaluate(Situation())
    assert result.on_date == datetime.date.today()


def test_allowance_over_the_rate_change_lists_both_periods_with_their_texts():
    result = evaluate(
        Situation(
            on_date=datetime.date(2022, 12, 18),
            planned_hours_per_week=Decimal(28),
            planned_weeks=4,
        )
    )
    periods = result.allowance.as_dict()["periods"]
    assert [p["hourly_rate_eur"] for p in periods] == [1.0, 2.0]
    assert periods[0]["until"] == "2022-12-31"
    assert periods[1]["from"] == "2023-01-01"
    assert "1er décembre 2022" in periods[1]["legal_reference"]
    assert result.allowance.as_dict()["estimated_gross_eur"] == 168.0


def test_travel_and_childcare_are_flagged_estimates_to_confirm():
    answer = evaluate(
        Situation(
            on_date=datetime.date(2024, 3, 1), commute_km=Decimal(12), children_in_childcare=2
        )
    ).as_dict()
    for key in ("travel", "childcare"):
        assert answer[key]["estimation"] is True
        assert answer[key]["applies"] is True
        assert answer[key]["confidence"] == "to_confirm"
    assert "60\u202f%" in answer["childcare"]["explanation"]  # the site's percent format


def test_result_carries_labels_and_rules_version():
    answer = evaluate(
        Situation(
            on_date=datetime.date(2024, 3, 1),
            birth_date=datetime.date(1990, 1, 1),
            forem_registered=True,
            highest_certificate="none",
        )
    ).as_dict()
    assert answer["categories"][0]["label"]
    assert answer["categories"][0]["legal_reference"].startswith("Décret du 10 juillet 2013")
    assert answer["documents"][0] == {
        "code": "identity",
        "label": "Votre carte d'identité ou votre titre de séjour",
    }
    assert answer["rules_version"]
