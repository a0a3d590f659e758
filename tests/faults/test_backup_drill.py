"""Backup drill (decision 0807): ``scripts/backup.sh`` output restored into a fresh database
gives the same row count and checksum for every table, and the encrypted fields decrypt with
the key and with a rotated pair ``new,old``."""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.db import connection

from tests.intake.people_factories import VALID_NISS
from tests.training.factories import AttendanceDayFactory, ContractFactory, PersonFactory
from tremplin.audit.crypto import decrypt_text

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def database_url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{name}"


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every table of the public schema."""
    result = {}
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        for table in tables:
            count, checksum = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' "
                f"ORDER BY md5(t::text)), '')) FROM \"{table}\" t"
            ).fetchone()
            result[table] = (count, checksum)
    return result


@pytest.fixture
def drill_database():
    name = connection.settings_dict["NAME"] + "_drill"
    admin = database_url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_identically_and_decrypts_with_rotated_keys(
    tmp_path, drill_database, settings
):
    for niss in VALID_NISS:
        contract = ContractFactory(person=PersonFactory(niss=niss))
        AttendanceDayFactory(contract=contract)
    source = database_url(connection.settings_dict["NAME"])
    env = {
        **os.environ,
        "DATABASE_URL": source,
        "BACKUP_DIR": str(tmp_path / "backup"),
        "TREMPLIN_ENV_FILE": str(tmp_path / "absent.env"),
        "TREMPLIN_MEDIA_ROOT": str(tmp_path / "media"),
    }
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "backup.sh")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    (dump,) = (tmp_path / "backup").glob("tremplin-*.dump")
    restored = subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", drill_database, str(dump)],
        capture_output=True,
        text=True,
    )
    assert restored.returncode == 0, restored.stderr

    before, after = fingerprint(source), fingerprint(drill_database)
    assert after == before
    assert before["intake_person"][0] == len(VALID_NISS)

    with psycopg.connect(drill_database) as conn:
        tokens = [row[0] for row in conn.execute("SELECT niss FROM intake_person")]
    assert sorted(decrypt_text(token) for token in tokens) == sorted(VALID_NISS)
    settings.FIELD_ENCRYPTION_KEY = (
        f"{Fernet.generate_key().decode()},{settings.FIELD_ENCRYPTION_KEY}"
    )
    assert sorted(decrypt_text(token) for token in tokens) == sorted(VALID_NISS)
