"""Every benchmark still runs: its preparation and one short round on tiny data (``--smoke``).

Not its timing (these machines are noisy): only that it runs, prints its table and reports its
figures. Each benchmark makes its own databases on the test server, named after the test
database and ending in ``_smoke``; they are kept, so a second run skips the preparation.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from bench.__main__ import available

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.bench


def smoke_database_url() -> str:
    db = settings.DATABASES["default"]
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    name = f"test_{db['NAME']}_smoke"
    if db["HOST"].startswith("/"):  # the embedded server's socket folder
        return f"postgres://{user}{password}@/{name}?host={quote(db['HOST'])}&port={db['PORT']}"
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def run_bench(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=smoke_database_url())
    env.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_every_benchmark_is_listed():
    assert set(available()) >= {
        "directory_search",
        "inbox",
        "mixed_load",
        "register",
        "sector_report",
        "statement",
    }


@pytest.mark.parametrize("name", available())
def test_benchmark_runs_on_tiny_data_and_reports_its_figures(name, tmp_path):
    summary = tmp_path / "figures.json"
    result = run_bench(name, "--smoke", "--no-write", "--summary", str(summary))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "| benchmark | figure | case | value | target | verdict |" in result.stdout
    figures = json.loads(summary.read_text())
    assert figures, "the benchmark reported no figure"
    assert {f["case"] for f in figures} <= {"worst", "favourable"}


def test_all_runs_the_named_benchmarks_and_prints_one_summary(monkeypatch):
    result = run_bench("all", "--smoke", "--only", "register")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    table = result.stdout.rsplit("=== register ===", 1)[1]
    assert "| register | SQL queries per week save | worst |" in table


def test_all_fails_when_a_benchmark_fails():
    result = run_bench("all", "--smoke", "--only", "nowhere")
    assert result.returncode == 1
    assert "Échec : nowhere" in result.stdout
