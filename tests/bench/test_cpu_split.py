"""The benchmark's CPU split: which process counts in which family, and that a busy process
of the server's group is counted (bench/_cpu.py)."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import _cpu


@pytest.mark.parametrize(
    "cmdline, pgid, family",
    [
        ("gunicorn: worker [bench._server]", 4242, "server"),
        ("postgres: 15/main: postgres tremplin_bench_directory 127.0.0.1(1) idle", 1, "PostgreSQL"),
        ("postgres: 15/main: postgres tremplin_other 127.0.0.1(1) idle", 1, None),
        ("postgres: 15/main: postgres tremplin_bench_directory_smoke 127.0.0.1(1) idle", 1, None),
        ("postgres: 15/main: checkpointer", 1, None),
        ("/usr/bin/redis-server 127.0.0.1:6379", 1, "Redis"),
        ("/usr/bin/python -m pytest", 1, None),
    ],
)
def test_each_process_is_counted_in_its_family(cmdline, pgid, family):
    assert _cpu.family_of(cmdline, pgid, 4242, "tremplin_bench_directory") == family


BUSY = "import time\nend = time.time() + 0.8\nwhile time.time() < end: pass"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux /proc")
def test_a_busy_process_of_the_server_group_is_counted():
    busy = subprocess.Popen(
        [sys.executable, "-c", BUSY],
        start_new_session=True,
    )
    start = _cpu.snapshot(busy.pid, "no_such_database")
    time.sleep(0.6)
    end = _cpu.snapshot(busy.pid, "no_such_database")  # still running: not reaped yet
    busy.wait()
    spent = _cpu.spent(start, end)
    assert spent["server"] >= 0.2
    assert spent["PostgreSQL"] == 0


def test_per_request_adds_a_total_and_says_nothing_without_requests():
    seconds = {"client": 0.1, "server": 0.5, "PostgreSQL": 0.3, "Redis": 0.0}
    split = _cpu.per_request_ms(seconds, 100)
    assert split == pytest.approx(
        {"client": 1.0, "server": 5.0, "PostgreSQL": 3.0, "Redis": 0.0, "total": 9.0}
    )
    assert _cpu.per_request_ms({}, 100) == {}
    assert _cpu.per_request_ms({"client": 1.0}, 0) == {}
