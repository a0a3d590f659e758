import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.training.factories import AttendanceDayFactory, ContractFactory
from tremplin.training import register
from tremplin.training.models import AttendanceDay, AttendanceWeek, ContractSuspension

WEEK = datetime.date(2022, 12, 5)
TODAY = datetime.date(2023, 1, 15)


def change(sheet, changes=None):
    """Keep the cells as loaded (pre-filled from the schedule) but ``changes``:
    ``{(row, column): {"followed": "25", …}}``."""
    for (row, column), values in (changes or {}).items():
        cell = sheet.rows[row].cells[column]
        for name in ("followed", "assimilated", "reason", "unjustified"):
            setattr(cell, name, values.get(name, ""))
    return sheet


def save(group, user, changes=None, version=0, coordinator=False):
    sheet = change(register.load_sheet(group, WEEK, today=TODAY), changes)
    return sheet, register.save_sheet(sheet, user, version, coordinator)


def test_prefilled_from_schedule_and_saved_in_one_go(group, trainer, contracts):
    sheet = register.load_sheet(group, WEEK, today=TODAY)
    assert len(sheet.rows) == 3
    assert [d.weekday() for d in sheet.days] == [0, 1, 2, 3, 4]
    assert sheet.rows[0].cells[0].followed == "6"
    _sheet, result = save(group, trainer)
    assert result.saved == 15
    assert result.version == 1
    assert AttendanceDay.objects.count() == 15


def test_week_of_twenty_saved_in_at_most_ten_queries(group, trainer, django_assert_max_num_queries):
    for _ in range(20):
        ContractFactory(group=group)
    with django_assert_max_num_queries(10):
        sheet = register.load_sheet(group, WEEK, today=TODAY)
    with django_assert_max_num_queries(10):
        register.save_sheet(sheet, trainer, 0, False)
    assert AttendanceDay.objects.count() == 100


def test_one_bad_cell_saves_nothing(group, trainer, contracts):
    with pytest.raises(register.InvalidCells):
        save(group, trainer, {(1, 2): {"followed": "25"}})
    assert AttendanceDay.objects.count() == 0
    assert not AttendanceWeek.objects.exists()


@pytest.mark.parametrize(
    ("followed", "message"),
    [
        ("-1", "négatives"),
        ("25", "pas plus de 12"),
        ("abc", "nombre d'heures"),
        ("7", "dépasse l'horaire prévu"),
    ],
)
def test_cell_errors_in_french(group, trainer, contracts, followed, message):
    sheet = change(register.load_sheet(group, WEEK, today=TODAY), {(0, 0): {"followed": followed}})
    with pytest.raises(register.InvalidCells):
        register.save_sheet(sheet, trainer, 0, False)
    assert message in " ".join(sheet.rows[0].cells[0].errors)


def test_assimilated_hours_need_an_assimilated_reason(group, trainer, contracts):
    day = {"followed": "0", "assimilated": "6", "reason": ""}
    with pytest.raises(register.InvalidCells):
        save(group, trainer, {(0, 0): day})
    with pytest.raises(register.InvalidCells):
        save(group, trainer, {(0, 0): {**day, "reason": "personal"}})
    sheet, _result = save(group, trainer, {(0, 0): {**day, "reason": "job_interview"}})
    cell = sheet.rows[0].cells[0]
    row = AttendanceDay.objects.get(contract=cell.contract, day=cell.day)
    assert row.hours_assimilated == 6 and row.reason_id == "job_interview"


def test_no_hours_outside_the_contract_or_during_a_suspension(group, trainer):
    late = ContractFactory(group=group, start_date=datetime.date(2022, 12, 7))
    ContractSuspension.objects.create(
        contract=late,
        starts_on=datetime.date(2022, 12, 8),
        ends_on=datetime.date(2022, 12, 8),
        reason="Hospitalisation",
        created_by=trainer,
    )
    sheet = register.load_sheet(group, WEEK, today=TODAY)
    cells = sheet.rows[0].cells
    assert [c.editable for c in cells] == [False, False, True, False, True]
    change(sheet, {(0, 0): {"followed": "6"}})
    with pytest.raises(register.InvalidCells):
        register.save_sheet(sheet, trainer, 0, False)
    assert "hors contrat" in cells[0].errors[0]
    assert not AttendanceDay.objects.exists()


def test_future_days_are_closed(group, trainer, contracts):
    sheet = register.load_sheet(group, WEEK, today=datetime.date(2022, 12, 6))
    assert [c.editable for c in sheet.rows[0].cells] == [True, True, False, False, False]


def test_second_editor_is_told_and_nothing_is_overwritten(group, trainer, coordinator, contracts):
    first = register.load_sheet(group, WEEK, today=TODAY)
    second = register.load_sheet(group, WEEK, today=TODAY)
    register.save_sheet(first, trainer, first.version, False)
    cell = second.rows[0].cells[0]
    change(second, {(0, 0): {"followed": "2"}})
    with pytest.raises(register.StaleWeek):
        register.save_sheet(second, coordinator, second.version, True)
    assert AttendanceDay.objects.get(contract=cell.contract, day=cell.day).hours_followed == 6


def test_locked_week_only_changed_by_the_coordinator(group, trainer, coordinator, contracts):
    _sheet, result = save(group, trainer)
    register.lock_week(group, WEEK, coordinator, result.version)
    sheet = register.load_sheet(group, WEEK, today=TODAY)
    assert sheet.is_locked
    cell = sheet.rows[0].cells[0]
    change(sheet, {(0, 0): {"followed": "3"}})
    with pytest.raises(register.LockedWeek):
        register.save_sheet(sheet, trainer, sheet.version, False)
    register.save_sheet(sheet, coordinator, sheet.version, True)
    row = AttendanceDay.objects.get(contract=cell.contract, day=cell.day)
    assert row.hours_followed == 3
    # The change is in the history, with who made it.
    events = row.events.order_by("pgh_id")
    assert [e.hours_followed for e in events] == [Decimal("6.00"), Decimal("3.00")]
    assert events.last().pgh_context.metadata["user"] == str(coordinator.pk)


def test_emptied_cell_is_deleted(group, trainer, contracts):
    _sheet, result = save(group, trainer)
    sheet = change(register.load_sheet(group, WEEK, today=TODAY), {(0, 0): {"followed": "0"}})
    register.save_sheet(sheet, trainer, result.version, False)
    assert AttendanceDay.objects.count() == 14


def test_all_present_fills_planned_hours(group, trainer, contracts):
    sheet = register.load_sheet(group, WEEK, today=TODAY)
    for row in sheet.rows:
        for cell in row.cells:
            cell.followed = "0"
    register.fill_all_present(sheet)
    register.save_sheet(sheet, trainer, 0, False)
    assert sum(r.hours_followed for r in AttendanceDay.objects.all()) == 90


def test_warning_near_the_assimilated_share(group, trainer):
    contract = ContractFactory(group=group)
    for n in range(9):
        AttendanceDayFactory(
            contract=contract,
            day=datetime.date(2022, 11, 7) + datetime.timedelta(days=n),
            hours_followed=0,
            hours_assimilated=1,
            reason_id="medical",
        )
    sheet = register.load_sheet(group, WEEK, today=TODAY)
    assert any("Heures assimilées" in w for w in sheet.rows[0].warnings)


def test_database_refuses_impossible_days(group):
    contract = ContractFactory(group=group)
    for fields in (
        {"hours_followed": Decimal("13")},
        {"hours_followed": Decimal("-1")},
        {"hours_followed": Decimal("8"), "unjustified_absence_hours": Decimal("5")},
        {"hours_assimilated": Decimal("2")},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            AttendanceDay.objects.create(contract=contract, day=WEEK, **fields)
    AttendanceDay.objects.create(contract=contract, day=WEEK, hours_followed=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceDay.objects.create(contract=contract, day=WEEK, hours_followed=1)


def test_maximum_duration_counts_the_earlier_contracts(group, trainer):
    """2 100 h at most per person: 1 860 h in an earlier, ended contract + 30 h planned this
    week reach 90 % of it, which the register announces."""
    contract = ContractFactory(group=group)
    earlier = ContractFactory(
        group=None,
        training=group.training,
        person=contract.person,
        start_date=datetime.date(2021, 1, 4),
        planned_end_date=datetime.date(2022, 6, 30),
        actual_end_date=datetime.date(2022, 6, 30),
        status="ended",
    )
    AttendanceDay.objects.bulk_create(
        AttendanceDay(
            contract=earlier,
            day=datetime.date(2021, 1, 4) + datetime.timedelta(days=n),
            hours_followed=Decimal("10"),
            hours_assimilated=Decimal("2"),
            reason_id="medical",
        )
        for n in range(155)
    )
    other = ContractFactory(group=group)  # someone else's hours do not count
    sheet = register.load_sheet(group, WEEK, today=TODAY)
    rows = {row.contract: row for row in sheet.rows}
    assert rows[contract].warnings == [
        "Durée maximale de formation bientôt atteinte : 1890 h sur 2100 h. "
        "Dont 1860 h dans ses contrats précédents. Limite à confirmer (AGW du 15 décembre "
        "2016 portant exécution du décret CISP (article à confirmer)) : le centre peut continuer."
    ]
    assert rows[other].warnings == []


def test_register_query_count_does_not_grow_with_earlier_contracts(
    group, trainer, django_assert_num_queries
):
    contract = ContractFactory(group=group)
    ContractFactory(group=group)
    with django_assert_num_queries(5):
        register.load_sheet(group, WEEK, today=TODAY)
    ContractFactory(
        group=None,
        training=group.training,
        person=contract.person,
        start_date=datetime.date(2021, 1, 4),
        planned_end_date=datetime.date(2021, 6, 30),
        actual_end_date=datetime.date(2021, 6, 30),
        status="ended",
    )
    with django_assert_num_queries(5):
        register.load_sheet(group, WEEK, today=TODAY)
