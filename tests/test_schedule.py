"""The schedule file names real commands, and every scheduled command of the code is in it."""

import re
from pathlib import Path

from django.core.management import get_commands

SCHEDULE = Path(__file__).resolve().parents[1] / "deploy" / "tremplin.cron"
SCHEDULED = {
    "send_session_reminders",
    "send_staff_training_reminders",
    "purge_session_bookings",
    "expire_candidacies",
    "send_followups",
    "refresh_stats",
    "clearsessions",
    "purge_documents",
    "purge_centre_imports",
    "apply_retention",
}


def scheduled_commands() -> set[str]:
    return set(re.findall(r"manage\.py (\w+)", SCHEDULE.read_text()))


def test_every_scheduled_command_exists():
    assert scheduled_commands() - set(get_commands()) == set()


def test_every_recurring_command_is_scheduled():
    assert SCHEDULED - scheduled_commands() == set()
