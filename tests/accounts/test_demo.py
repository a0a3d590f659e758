import datetime
import io
import os
import shutil
import subprocess

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tremplin.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tremplin.accounts.mfa import unused_recovery_codes
from tremplin.accounts.models import Organisation, Role, User
from tremplin.demo import DemoWorld, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _accounts_demo_only(monkeypatch):
    """These tests cover the framework and the accounts builder, not the other apps' worlds."""
    monkeypatch.setattr("tremplin.demo.DEMO_MODULES", ("tremplin.accounts.demo",))


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_demo_world_is_seeded_and_sized():
    assert DemoWorld(seed=3).rng.random() == DemoWorld(seed=3).rng.random()
    assert DemoWorld(scale="sector").sized(3, 150) == 150
    assert DemoWorld().sized(3, 150) == 3


def test_build_world_skips_missing_modules():
    world = DemoWorld(stdout=io.StringIO())
    assert build_world(world, modules=("tremplin.nowhere.demo", "tremplin.accounts.demo")) == [
        "tremplin.accounts.demo"
    ]


def test_generate_demo_data_creates_one_account_per_role_with_mfa():
    run("generate_demo_data", "--scale", "demo", "--seed", "1")
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert user.check_password(DEMO_PASSWORD)
        assert is_mfa_enabled(user)
        assert len(unused_recovery_codes(user)) == 10
        if account.role:
            assert user.memberships.active().filter(role=account.role).exists()
        else:
            assert user.is_superuser
    roles = set(User.objects.values_list("memberships__role", flat=True))
    assert set(Role.values) <= roles
    assert Organisation.objects.filter(name__icontains="fictif").exists()


def test_demo_data_is_reproducible_and_if_empty_keeps_it():
    run("generate_demo_data", "--seed", "1")
    first_codes = unused_recovery_codes(User.objects.get(email=DEMO_ACCOUNTS[0].email))
    output = run("generate_demo_data", "--seed", "1", "--if-empty")
    assert "déjà" in output
    assert User.objects.count() == len(DEMO_ACCOUNTS)
    User.objects.all().delete()
    Organisation.objects.all().delete()
    run("generate_demo_data", "--seed", "1")
    assert unused_recovery_codes(User.objects.get(email=DEMO_ACCOUNTS[0].email)) == first_codes


def test_dry_run_saves_nothing():
    output = run("generate_demo_data", "--seed", "1", "--dry-run")
    assert f"accounts.User : +{len(DEMO_ACCOUNTS)}" in output
    assert not User.objects.exists()


def test_demo_accounts_prints_an_unused_recovery_code():
    run("generate_demo_data", "--seed", "1")
    coordinator = User.objects.get(email="coordination@demo.tremplin.example")
    first, *others = unused_recovery_codes(coordinator)
    output = run("demo_accounts")
    assert "coordination@demo.tremplin.example" in output
    assert first in output and DEMO_PASSWORD in output
    Authenticator.objects.get(user=coordinator, type="recovery_codes").wrap().validate_code(first)
    output = run("demo_accounts")
    assert first not in output
    assert others[0] in output
    assert "http://127.0.0.1:8000/comptes/login/" in output
    assert "http://127.0.0.1:8765/comptes/login/" in run(
        "demo_accounts", "--url", "http://127.0.0.1:8765"
    )


def test_demo_accounts_without_demo_data_explains_what_to_run():
    assert "generate_demo_data" in run("demo_accounts")


def test_generate_demo_data_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        run("generate_demo_data")


@pytest.mark.parametrize("today", ["2025-06-30", datetime.date(2025, 6, 30)])
def test_generate_demo_data_takes_today_as_text_or_date_through_call_command(today, monkeypatch):
    """``call_command`` skips the option's parser: the world must get a real date either way
    (the sector benchmark's preparation passed text and crashed on ``today + timedelta``)."""
    worlds = []
    monkeypatch.setattr(
        "tremplin.accounts.management.commands.generate_demo_data.build_world",
        lambda world: worlds.append(world) or [],
    )
    call_command("generate_demo_data", seed=1, today=today, stdout=io.StringIO())
    assert worlds[0].today == datetime.date(2025, 6, 30)


def test_generate_demo_data_refuses_a_malformed_today():
    with pytest.raises(CommandError, match="Date invalide"):
        call_command("generate_demo_data", today="30/06/2025", stdout=io.StringIO())


def test_make_run_sends_links_to_its_own_host_and_port():
    """The links in the e-mails (cancel a booking, follow a candidacy) use TREMPLIN_SITE_URL:
    ``make run PORT=8101`` sent people to port 8000, where nothing answered."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    dry_run = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.1", "PORT=8765"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "TREMPLIN_SITE_URL"},
    ).stdout.replace("\\\n", " ")
    runserver = next(line for line in dry_run.splitlines() if "runserver" in line)
    assert "http://127.0.0.1:8765" in runserver
    assert "TREMPLIN_SITE_URL" in runserver
