"""End of compulsory schooling, and answers that rest on a value to confirm (issue 10)."""

import datetime

import pytest

from tremplin.rules.engine import Situation, evaluate
from tremplin.rules.facts import free_of_compulsory_schooling, school_year_end
from tremplin.rules.parameters import Confidence, all_parameters, parameter


@pytest.mark.parametrize(
    ("year", "value", "last_day"),
    [
        (2022, "06-30", datetime.date(2022, 6, 30)),
        (2023, "first_friday_of_july", datetime.date(2023, 7, 7)),
        (2025, "first_friday_of_july", datetime.date(2025, 7, 4)),
        (2026, "first_friday_of_july", datetime.date(2026, 7, 3)),
        (2027, "first_friday_of_july", datetime.date(2027, 7, 2)),
        (2026, "birthday", None),
    ],
)
def test_school_year_end(year, value, last_day):
    assert school_year_end(year, value) == last_day


def test_free_from_the_day_after_the_school_year_or_on_the_birthday():
    born = datetime.date(2008, 11, 25)
    reformed = "first_friday_of_july"
    assert not free_of_compulsory_schooling(born, datetime.date(2026, 7, 3), 18, reformed)
    assert free_of_compulsory_schooling(born, datetime.date(2026, 7, 4), 18, reformed)
    assert not free_of_compulsory_schooling(born, datetime.date(2026, 7, 4), 18, "birthday")
    assert free_of_compulsory_schooling(born, datetime.date(2026, 11, 25), 18, "birthday")
    # A birthday before the end of the school year frees on the birthday.
    spring = datetime.date(2008, 3, 10)
    assert free_of_compulsory_schooling(spring, datetime.date(2026, 3, 10), 18, reformed)
    assert not free_of_compulsory_schooling(spring, datetime.date(2026, 3, 9), 18, reformed)


def test_the_school_year_end_is_a_dated_value_to_confirm():
    before = parameter("compulsory_schooling.school_year_end", datetime.date(2022, 6, 30))
    after = parameter("compulsory_schooling.school_year_end", datetime.date(2023, 6, 30))
    assert (before.value, after.value) == ("06-30", "first_friday_of_july")
    assert before.confidence == after.confidence == Confidence.TO_CONFIRM
    assert "germanophone" in after.note and "à confirmer" in after.note


def test_only_values_to_confirm_have_other_readings():
    for param in all_parameters().values():
        for entry in param.values:
            if entry.alternatives:
                assert entry.confidence == Confidence.TO_CONFIRM, param.name


def test_category_b_note_names_its_sources():
    note = parameter("certificates.max_category_b", datetime.date(2024, 1, 1)).note
    for source in ["ALEAP", "Interfédé", "238", "CESS"]:
        assert source in note


@pytest.mark.parametrize(
    "name", ["allowance.hourly_rate", "travel.reimbursed", "childcare.share_school_age"]
)
def test_parameters_from_the_order_of_2002_mention_the_order_of_2024(name):
    assert "6 juin 2024" in parameter(name, datetime.date(2025, 1, 1)).note


def test_the_answer_says_in_plain_words_what_is_being_checked():
    answer = evaluate(
        Situation(
            on_date=datetime.date(2024, 3, 1),
            birth_date=datetime.date(1990, 5, 1),
            forem_registered=True,
            highest_certificate="CESS",
            months_registered_last_24=18,
            disability_recognised=False,
            incapacity_percent=0,
            integration_income=False,
            equivalent_social_aid=False,
            justice_measure=False,
            sickness_benefit=False,
            foreign_origin=False,
            reentering_labour_market=False,
        )
    ).as_dict()
    check = next(c for c in answer["to_confirm"] if c["code"] == "certificates.max_category_b")
    assert check["message"] == (
        "Cette règle est en cours de vérification : le centre la vérifiera avec vous."
    )
    assert "ALEAP" in check["note"]
    assert "being_checked" in [a["code"] for a in answer["advice"]]


def test_a_verified_answer_has_nothing_to_check():
    answer = evaluate(
        Situation(
            on_date=datetime.date(2024, 3, 1),
            birth_date=datetime.date(1990, 5, 1),
            forem_registered=True,
            highest_certificate="CEB",
        )
    )
    assert answer.to_confirm == ()
    assert "being_checked" not in answer.advice
