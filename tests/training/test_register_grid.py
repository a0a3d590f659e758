"""The register grid's way in: what a person types in a cell, read into the domain's hours,
and shown back; the page posts one box per trainee and day."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tremplin.training import register
from tremplin.training.models import AttendanceDay
from tremplin.www.centre.training import register_grid

WEEK = datetime.date(2022, 12, 5)
TODAY = datetime.date(2023, 1, 15)


@pytest.fixture
def sheet(group, contracts):
    return register.load_sheet(group, WEEK, today=TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6", ("6", "0", "", "0")),
        ("5,5", ("5,5", "0", "", "0")),
        ("4 M2", ("4", "2", "medical", "0")),
        ("m", ("0", "6", "medical", "0")),
        ("4+m", ("4", "2", "medical", "0")),
        ("A", ("0", "0", "", "6")),
        ("5 a1", ("5", "0", "", "1")),
        ("2 P4", ("2", "0", "personal", "4")),
        ("3 E2 A1", ("3", "2", "job_interview", "1")),
        ("", ("0", "0", "", "0")),
    ],
)
def test_cell_text_is_read_into_hours(sheet, text, expected):
    cell = sheet.rows[0].cells[0]
    register_grid.parse_cell(text, cell, register_grid.reasons_by_short_code(sheet))
    assert not cell.input_errors
    assert (cell.followed, cell.assimilated, cell.reason, cell.unjustified) == expected
    # Shown back as the same hours.
    short = {reason.code: reason.short_code for reason in sheet.reasons}
    again = register.Cell(cell.contract, cell.day, cell.planned)
    register_grid.parse_cell(
        register_grid.cell_text(cell, short), again, {r.short_code: r for r in sheet.reasons}
    )
    if text:
        assert (again.followed, again.assimilated, again.reason, again.unjustified) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc!", "tapez des heures"),
        ("XYZ", "Code d'absence inconnu"),
        ("3 4", "Un seul nombre"),
        ("M2 E2", "Un seul motif"),
        ("6 M", "Indiquez les heures d'absence"),
        ("M A", "Indiquez les heures de chaque absence"),
    ],
)
def test_unreadable_text_is_a_french_error_and_nothing_is_saved(sheet, trainer, text, message):
    cell = sheet.rows[0].cells[0]
    data = {register_grid.field_name(c): "6" for row in sheet.rows for c in row.cells}
    data[register_grid.field_name(cell)] = text
    register_grid.fill_from_post(sheet, data)
    with pytest.raises(register.InvalidCells):
        register.save_sheet(sheet, trainer, 0, False)
    assert message in " ".join(cell.errors)
    assert not AttendanceDay.objects.exists()


def test_page_posts_one_box_per_day_and_keeps_what_was_typed(client, group, trainer, contracts):
    client.force_login(trainer)
    url = reverse("centre:training:register", args=[group.pk, WEEK])
    page = client.get(url)
    names = [
        register_grid.field_name(cell)
        for row in register.load_sheet(group, WEEK, today=TODAY).rows
        for cell in row.cells
    ]
    data = {"version": "0", **dict.fromkeys(names, "6")}
    first = names[0]
    assert f'name="{first}"' in page.text and "data-register-grid" in page.text
    data[first] = "4 M2"
    response = client.post(url, data)
    assert response.status_code == 302
    saved = AttendanceDay.objects.get(contract=contracts[0], day=WEEK)
    assert (saved.hours_followed, saved.hours_assimilated, saved.reason_id) == (
        Decimal(4),
        Decimal(2),
        "medical",
    )
    page = client.get(url).text
    assert 'value="4 M2"' in page
    assert "Raison médicale (certificat)" in page  # the reason is readable in the cell
    # A typo is shown back as typed, with the message tied to the box.
    data[first] = "4 Q2"
    response = client.post(url, {**data, "version": "1"})
    assert response.status_code == 400
    assert 'value="4 Q2"' in response.text
    assert "Code d&#x27;absence inconnu : Q." in response.text


@pytest.mark.parametrize("refused", ["13", "8", "abc"])
def test_totals_of_a_refused_week_leave_out_the_refused_cell(
    client, group, trainer, contracts, refused
):
    """Sent back with a wrong cell (« 13 » h, more than planned, text), the week's totals count
    what is valid only (they counted the 13 h as if saved); the text stays in its box."""
    client.force_login(trainer)
    url = reverse("centre:training:register", args=[group.pk, WEEK])
    sheet = register.load_sheet(group, WEEK, today=TODAY)
    data = {register_grid.field_name(c): "6" for row in sheet.rows for c in row.cells}
    data[register_grid.field_name(sheet.rows[0].cells[0])] = refused
    response = client.post(url, {**data, "version": "0"})
    assert response.status_code == 400
    assert f'value="{refused}"' in response.text
    grid = response.context["grid"]
    assert [totals["followed"] for _row, _cells, totals in grid] == [24, 30, 30]
    assert response.context["day_totals"] == [12, 18, 18, 18, 18]
