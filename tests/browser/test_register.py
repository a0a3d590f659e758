"""The attendance register in the browser: a trainer fills a week (one row with the keyboard
only), the coordinator locks it, and the monthly statements match the register on both sides
of 1 January 2023 (allowance 1 € an hour in December 2022, 2 € from January 2023)."""

import datetime
import re
from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse

from tests.directory.factories import TrainingFactory
from tests.factories import make_member
from tests.training.factories import ContractFactory, GroupFactory, PersonFactory, trainer_of
from tremplin.accounts.models import Role
from tremplin.training.models import AttendanceDay, AttendanceWeek

CHRISTMAS_WEEK = datetime.date(2022, 12, 26)  # Monday 26/12/2022 – Sunday 1/1/2023
NEW_YEAR_WEEK = datetime.date(2023, 1, 2)


def register_world():
    training = TrainingFactory(name="Aide-cuisinier·ère (fictif)")
    group = GroupFactory(training=training, name="Groupe de septembre")
    trainer = trainer_of(group, make_member)
    coordinator = make_member(Role.COORDINATOR, organisation=training.centre.organisation)
    contracts = [
        ContractFactory(group=group, person=PersonFactory(holding_centre=training.centre, **name))
        for name in (
            {"last_name": "Aubry", "first_name": "Nadia"},
            {"last_name": "Bertrand", "first_name": "Yves"},
            {"last_name": "Claes", "first_name": "Ilona"},
        )
    ]
    return group, trainer, coordinator, contracts


def week_url(live_server, group, day):
    return live_server.url + reverse("centre:training:register", args=[group.pk, day])


def fill_row_with_the_keyboard(page, contract):
    """One box a day, arrow keys from one day to the next, Enter saves."""
    page.locator(f"#c-{contract.pk}-20221226").focus()
    week = [
        "6",  # Monday: present
        "4 M2",  # Tuesday: 2 h at the doctor (code M: raison médicale)
        "A",  # Wednesday: absent without reason (the planned 6 h)
        "6",  # Thursday
        "5,5 A0,5",  # Friday: left half an hour early
    ]
    for index, text in enumerate(week):
        if index:
            page.keyboard.press("ArrowRight")  # next day: its box, text selected
        page.keyboard.type(text)
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the form with its first button: « Enregistrer »


def assert_saved(page, text="Semaine enregistrée (15 journées)."):
    main = page.locator("main").inner_text()
    assert text in main, main


def statement_cells(page, person):
    row = page.get_by_role("row").filter(has_text=f"{person.last_name} {person.first_name}")
    return {
        column: row.locator(f"td[data-col='{column}']").inner_text().replace("\u202f", "")
        for column in ("followed", "assimilated", "allowance")
    }


def hours_of(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def money(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",") + " €"


def test_week_filled_locked_and_paid(page, live_server, login_as, assert_accessible):
    group, trainer, coordinator, contracts = register_world()
    keyboard_row, *others = contracts

    login_as(page, live_server, trainer)
    page.goto(week_url(live_server, group, CHRISTMAS_WEEK))
    assert page.get_by_role("heading", level=1).inner_text() == "Registre de présence"
    # The planned schedule pre-fills the grid.
    assert page.locator(f"#c-{others[0].pk}-20221227").input_value() == "6"
    assert_accessible(page)
    # 25 hours in a day: refused, the message is tied to the cell, nothing saved.
    page.locator(f"#c-{keyboard_row.pk}-20221226").fill("25")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer la semaine").click()
    assert_saved(page, "Rien n'a été enregistré : corrigez les cases signalées.")
    wrong = page.locator(f"#c-{keyboard_row.pk}-20221226")
    assert wrong.get_attribute("aria-invalid") == "true"
    message = page.locator("#" + wrong.get_attribute("aria-describedby")).inner_text()
    assert "pas plus de 12 heures par jour" in message
    assert not AttendanceDay.objects.exists()
    # The refused 25 h count in no total, also once the totals are recomputed as typed.
    row_total = page.locator("[data-row-total='0'] [data-followed]")
    assert row_total.inner_text() == "24"
    page.locator(f"#c-{keyboard_row.pk}-20221227").fill("6")
    assert row_total.inner_text() == "24"
    assert_accessible(page)
    fill_row_with_the_keyboard(page, keyboard_row)
    assert_saved(page)
    assert_accessible(page)

    saved = AttendanceDay.objects.filter(contract=keyboard_row).order_by("day")
    assert [
        (d.hours_followed, d.hours_assimilated, d.unjustified_absence_hours) for d in saved
    ] == [
        (6, 0, 0),
        (4, 2, 0),
        (0, 0, 6),
        (6, 0, 0),
        (Decimal("5.5"), 0, Decimal("0.5")),
    ]
    assert saved[1].reason_id == "medical"

    # The week after New Year: everyone present, one button.
    page.goto(week_url(live_server, group, NEW_YEAR_WEEK))
    with page.expect_navigation():
        page.get_by_role("button", name="Tous présents selon l'horaire (et enregistrer)").click()
    assert_saved(page)

    # The coordinator checks and locks the Christmas week; the trainer can no longer change it.
    login_as(page, live_server, coordinator)
    page.goto(week_url(live_server, group, CHRISTMAS_WEEK))
    page.get_by_role("button", name="Semaine vérifiée : verrouiller").click()
    page.get_by_text("Semaine vérifiée et verrouillée.").first.wait_for()
    assert AttendanceWeek.objects.get(group=group, week_start=CHRISTMAS_WEEK).is_locked
    login_as(page, live_server, trainer)
    page.goto(week_url(live_server, group, CHRISTMAS_WEEK))
    page.get_by_text("Seule la coordination peut encore la modifier.").wait_for()
    assert page.locator(f"#c-{keyboard_row.pk}-20221226").is_disabled()
    assert not page.get_by_role("button", name="Enregistrer la semaine").count()

    # The monthly statements match the register, at the rate of each month.
    login_as(page, live_server, coordinator)
    statements = live_server.url + reverse("centre:training:statements")
    for month, rate, days in (("2022-12", Decimal(1), (26, 30)), ("2023-01", Decimal(2), (2, 6))):
        page.goto(f"{statements}?mois={month}")
        assert_accessible(page)
        year, number = (int(part) for part in month.split("-"))
        total = Decimal(0)
        for contract in contracts:
            hours = AttendanceDay.objects.filter(
                contract=contract,
                day__range=(
                    datetime.date(year, number, days[0]),
                    datetime.date(year, number, days[1]),
                ),
            ).aggregate(f=Sum("hours_followed"), a=Sum("hours_assimilated"))
            assert (
                AttendanceDay.objects.filter(
                    contract=contract, day__year=year, day__month=number
                ).count()
                == 5
            )
            cells = statement_cells(page, contract.person)
            assert hours_of(cells["followed"]) == hours["f"]
            assert hours_of(cells["assimilated"]) == hours["a"]
            assert cells["allowance"] == money(hours["f"] * rate)
            total += hours["f"] * rate
        footer = page.locator("tfoot").inner_text().replace("\u202f", "")
        assert money(total) in footer
    # December: the keyboard row followed 21,5 h (2 h assimilées), the others 30 h.
    page.goto(f"{statements}?mois=2022-12")
    assert statement_cells(page, keyboard_row.person) == {
        "followed": "21,5",
        "assimilated": "2",
        "allowance": "21,50 €",
    }
    assert statement_cells(page, others[0].person)["allowance"] == "30,00 €"
    page.goto(f"{statements}?mois=2023-01")
    assert statement_cells(page, keyboard_row.person)["allowance"] == "60,00 €"
    assert re.search(r"180,00\s?€", page.locator("tfoot").inner_text())


def focused_name(page) -> str:
    return page.evaluate("() => document.activeElement.name || document.activeElement.id")


def test_a_week_of_twenty_by_keyboard_alone(page, live_server, login_as, assert_accessible):
    """A week of 20 fits one screen at 1280 × 800, the grid is one Tab stop (arrows inside),
    totals follow the typing, Enter saves; at 768 px the absence reason stays readable."""
    training = TrainingFactory()
    group = GroupFactory(training=training)
    trainer = trainer_of(group, make_member)
    contracts = [ContractFactory(group=group) for _ in range(20)]
    page.set_viewport_size({"width": 1280, "height": 800})
    login_as(page, live_server, trainer)
    page.goto(week_url(live_server, group, CHRISTMAS_WEEK))
    assert page.locator("table.register-grid").bounding_box()["height"] <= 760
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    save_button = page.get_by_role("button", name="Enregistrer la semaine")
    assert save_button.bounding_box()["y"] + save_button.bounding_box()["height"] <= 800
    assert_accessible(page)

    # From the skip link to « Enregistrer »: the week links, the grid (one stop), the button.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Aller au contenu"
    page.keyboard.press("Enter")
    presses = 0
    while focused_name(page) != "action" and presses < 10:
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 5
    page.keyboard.press("Shift+Tab")  # back into the grid, on its active box
    assert focused_name(page) == f"c-{contracts[0].pk}-20221226"

    for row in range(len(contracts)):
        for day in range(5):
            if day:
                page.keyboard.press("ArrowRight")
            page.keyboard.type("M" if (row, day) == (3, 2) else "5")
        if row < len(contracts) - 1:
            page.keyboard.press("ArrowDown")
            for _ in range(4):
                page.keyboard.press("ArrowLeft")
    first_total = page.locator("[data-row-total='0'] [data-followed]").inner_text()
    assert first_total == "25"
    assert page.locator("[data-row-total='3'] [data-assimilated]").inner_text() == "6"
    assert page.locator("[data-day-total='0']").inner_text() == "100"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_saved(page, "Semaine enregistrée (100 journées).")
    assert AttendanceDay.objects.filter(hours_followed=5).count() == 99
    sick = AttendanceDay.objects.get(contract=contracts[3], day=datetime.date(2022, 12, 28))
    assert (sick.hours_assimilated, sick.reason_id) == (6, "medical")
    assert_accessible(page)

    page.set_viewport_size({"width": 768, "height": 1024})
    reason = page.locator(".register-reason").first
    assert reason.inner_text() == "Raison médicale (certificat)"
    assert reason.is_visible()
    assert page.evaluate(
        "() => [...document.querySelectorAll('.register-reason')]"
        ".every(e => e.scrollWidth <= e.clientWidth + 1)"
    )
    assert_accessible(page)
