"""Every indicator on the hand-built register; the expected numbers are counted by hand from
``tests/stats/factories.py``. Centre's-own figures (``protect=False``) show exact values."""

from tremplin.stats import indicators

Y = 2024
NAMUR, LIEGE = "90000", "60000"


def by(result, dimension, measure="people"):
    return {
        row["key"]: (row["value"] or {}).get(measure, row.get("display"))
        for row in result["by"][dimension]
    }


def categories(result, measure="people"):
    return {
        cell["key"]: cell["value"][measure]
        for cell in result["categories"]
        if cell["value"][measure]
    }


def test_people_under_contract_counted_once(dataset):
    result = indicators.people_under_contract(Y, protect=False)
    # P1 (2 contracts), P2, P4, P5, P6, X (a file in each centre, same NISS), P9.
    assert result["total"]["value"] == {"people": 7, "contracts": 9}
    assert by(result, "province") == {LIEGE: 2, NAMUR: 6}
    assert by(result, "province", "contracts") == {LIEGE: 2, NAMUR: 7}
    assert by(result, "sector") == {"construction": 4, "horeca": 2, "literacy": 3}
    assert by(result, "method") == {"DEFI": 3, "EFT": 5}
    assert by(result, "objective") == {"formation_base": 3, "formation_professionnalisante": 5}
    assert by(result, "ibefe") == {"liege": 2, "namur": 6}
    # 2023: P2 and P3.
    assert indicators.people_under_contract(2023, protect=False)["total"]["value"] == {
        "people": 2,
        "contracts": 2,
    }


def test_people_of_one_centre(dataset):
    result = indicators.people_under_contract(Y, dataset.centres["B"], protect=False)
    assert result["total"]["value"] == {"people": 2, "contracts": 2}


def test_centres_by_method_and_legal_form(dataset):
    result = indicators.centres(Y)
    assert result["total"]["value"] == {"people": 2}
    assert {c["key"]: c["value"] for c in result["by_method"]} == {"DEFI": 0, "EFT": 1, "both": 1}
    assert {c["key"]: c["value"] for c in result["by_legal_form"]} == {
        "asbl": 1,
        "cpas": 1,
        "cpas_association": 0,
    }
    assert by(result, "method") == {"DEFI": 1, "EFT": 2}


def test_trainings_by_objective_and_sector(dataset):
    result = indicators.trainings(Y)
    assert result["total"]["value"] == {"people": 3}
    assert by(result, "objective") == {"formation_base": 1, "formation_professionnalisante": 2}
    assert by(result, "sector") == {"construction": 1, "horeca": 1, "literacy": 1}


def test_hours_equal_the_register(dataset):
    result = indicators.hours(Y, protect=False)
    # 6 + 5.5 + 4 + 6.25 + 7 + 3 + 8 followed; 1.5 + 3 + 2 assimilées; P1, P2, P5, X.
    assert result["total"]["value"] == {
        "people": 4,
        "followed": 39.75,
        "assimilated": 6.5,
        "total": 46.25,
    }
    assert by(result, "province", "followed") == {LIEGE: 10.0, NAMUR: 29.75}
    assert by(result, "province", "assimilated") == {LIEGE: 2.0, NAMUR: 4.5}
    assert indicators.hours(2023, protect=False)["total"]["value"]["followed"] == 7.0


def test_the_hours_shown_add_up_to_the_total_shown(dataset):
    """Quarter hours are shown as they are (39,75 + 6,5 = 46,25): rounded to the hour, the
    hours followed and assimilated did not add up to the total shown."""
    from tremplin.stats import document

    report = indicators.hours(Y, protect=False)
    table = document._dimension_table(
        "",
        "",
        [],
        report["total"],
        [
            (h, m, document.HOUR_DECIMALS, False)
            for h, m in (("", "followed"), ("", "assimilated"), ("", "total"))
        ],
    )
    assert table.total[1:] == ["39,75", "6,5", "46,25"]
    whole = {"value": {"followed": 40.0}}
    assert document.shown(whole, "followed", document.HOUR_DECIMALS) == "40"


def test_profile_at_entry(dataset):
    profile = indicators.profile_at_entry(Y, protect=False)
    assert set(profile) == {
        "age_band",
        "gender",
        "certificate",
        "registration_band",
        "income_at_entry",
        "nationality_group",
    }
    assert categories(profile["age_band"]) == {
        "under_25": 2,
        "25_34": 2,
        "35_44": 1,
        "45_54": 1,
        "55_plus": 1,
    }
    assert categories(profile["gender"]) == {"female": 3, "male": 3, "": 1}
    assert categories(profile["certificate"]) == {
        "CEB": 2,
        "none": 1,
        "CE2D": 1,
        "CESS": 1,
        "CE1D": 1,
        "": 1,
    }
    assert categories(profile["registration_band"]) == {
        "under_6": 2,
        "12_23": 2,
        "24_plus": 1,
        "not_registered": 2,
    }
    assert categories(profile["income_at_entry"]) == {
        "integration_income": 2,
        "unemployment_benefit": 3,
        "none": 1,
        "": 1,
    }
    assert categories(profile["nationality_group"]) == {
        "belgian": 3,
        "non_eu": 2,
        "eu": 1,
        "": 1,
    }
    # Cross table gender × province: Liège holds X (female) and P9 (male).
    liege = next(row for row in profile["gender"]["by"]["province"] if row["key"] == LIEGE)
    assert {c["key"]: c["value"]["people"] for c in liege["categories"]} == {
        "female": 1,
        "male": 1,
        "other": 0,
        "": 0,
    }


def test_exits_by_destination(dataset):
    result = indicators.exits(Y, protect=False)
    assert result["total"]["value"] == {"people": 5, "exits": 6, "positive": 3}
    assert categories(result, "exits") == {
        "job": 1,
        "forem_training": 1,
        "other_cisp": 1,
        "completed": 1,
        "drop_out": 1,
        "health": 1,
    }
    assert by(result, "province", "exits") == {LIEGE: 1, NAMUR: 5}


def test_interruptions_by_reason(dataset):
    result = indicators.interruptions(Y, protect=False)
    assert result["total"]["value"] == {"people": 2, "interruptions": 2}
    assert categories(result, "interruptions") == {"drop_out": 1, "health": 1}
    assert result["share_of_exits"] == round(2 / 6, 4)


def test_situation_six_months_after_exit(dataset):
    result = indicators.situation_6_months(Y, protect=False)
    # Answers for c1 (job), c5 (job seeker), c6 (training), c9 (other); c8 did not answer.
    assert result["total"]["value"] == {
        "people": 4,
        "answers": 4,
        "in_job_or_training": 2,
        "share": 0.5,
    }
    assert result["exits"] == 6
    assert categories(result, "answers") == {"job": 1, "job_seeker": 1, "training": 1, "other": 1}


def test_satisfaction_scores(dataset):
    result = indicators.satisfaction(Y, protect=False)
    assert result["total"]["value"] == {
        "people": 3,
        "mean_score_welcome": 4.0,
        "mean_score_content": 3.67,
        "mean_score_support": 4.33,
        "mean_score_future": 3.33,
    }
    assert by(result, "sector", "mean_score_welcome") == {"horeca": 4.0, "literacy": 4.0}


def test_sector_report_has_one_key_per_indicator(dataset):
    report = indicators.sector_report(Y)
    for name in indicators.INDICATORS:
        assert name in report
    assert report["previous_year"]["people_under_contract"] is None  # 2 people: "< 5"
    assert report["people_under_contract"]["total"]["value"]["people"] == 7


def test_sector_report_suppresses_small_cells(dataset):
    report = indicators.sector_report(Y)
    provinces = {row["key"]: row for row in report["people_under_contract"]["by"]["province"]}
    # Liège counts 2 people: "< 5"; Namur is then hidden too, or 7 − 6 would give Liège.
    assert provinces[LIEGE]["value"] is None and provinces[LIEGE]["display"] == "< 5"
    assert provinces[NAMUR]["value"] is None and provinces[NAMUR]["display"] == "masqué"
    # Hours rest on 4 people: the whole total is hidden.
    assert report["hours"]["total"]["value"] is None


def test_centre_report_shows_its_own_exact_figures(dataset):
    report = indicators.centre_report(dataset.centres["B"], Y)
    assert report["scope"] == "centre"
    assert report["people_under_contract"]["total"]["value"]["people"] == 2
    assert report["hours"]["total"]["value"]["followed"] == 10.0


def test_refresh_is_idempotent_and_survives_erasure(dataset):
    from tremplin.stats.models import ContractFact, HoursFact
    from tremplin.stats.refresh import refresh
    from tremplin.training.models import AttendanceDay, Exit, FollowUp

    before = indicators.people_under_contract(Y, protect=False)
    refresh()
    refresh(year=Y)
    assert ContractFact.objects.count() == 10
    assert indicators.people_under_contract(Y, protect=False) == before
    # Erase P2 (retention period over): the register forgets them, the statistics do not.
    person = dataset.people["P2"]
    contract = dataset.contracts["c3"]
    contract_id = contract.pk
    AttendanceDay.objects.filter(contract=contract).delete()
    FollowUp.objects.filter(exit__contract=contract).delete()
    Exit.objects.filter(contract=contract).delete()
    contract.delete()
    person.delete()
    refresh()
    assert indicators.people_under_contract(Y, protect=False) == before
    assert HoursFact.objects.filter(contract_id=contract_id).count() == 2


def test_dry_run_writes_nothing(db):
    from tests.stats.factories import build_dataset
    from tremplin.stats.models import ContractFact
    from tremplin.stats.refresh import refresh

    build_dataset()
    result = refresh(dry_run=True)
    assert result.contract_facts == 10
    assert ContractFact.objects.count() == 0
