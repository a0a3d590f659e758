"""What every benchmark shares: its figures, the options of a run, the databases it fills and
the section of ``docs/performance.md`` it writes.

A benchmark module ``bench/<name>.py`` has ``main(argv)``. It accepts the common options
(``add_common_arguments``): ``--smoke`` (tiny data, one short round: only proves that it still
runs), ``--summary FILE`` (its figures as JSON, for ``python -m bench all``) and ``--no-write``
(leave ``docs/performance.md`` alone). It reports its figures through ``finish``.

Each figure says which case it measures: ``worst`` (what a user meets at worst: a search never
asked before, a first visit without browser cache, a cold statement) or ``favourable`` (the
same work warm or repeated), so that a favourable figure is never read as the worst case.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE_DOC = ROOT / "docs" / "performance.md"
WORST = "worst"
FAVOURABLE = "favourable"


@dataclasses.dataclass
class Figure:
    """One measured figure, with its target when it has one."""

    what: str
    value: str
    target: str = ""
    met: bool | None = None
    case: str = WORST

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT met", None: "—"}[self.met]


def add_common_arguments(parser) -> None:
    parser.add_argument(
        "--smoke", action="store_true", help="données minuscules, un tour court (test)"
    )
    parser.add_argument("--summary", metavar="FICHIER", help="écrire les chiffres en JSON")
    parser.add_argument("--no-write", action="store_true", help="ne pas écrire la doc")


def finish(name: str, figures: list[Figure], args) -> int:
    """Print the figures as a table; write them as JSON for ``bench all`` if asked."""
    print(summary_table({name: figures}))
    if args.summary:
        Path(args.summary).write_text(
            json.dumps([dataclasses.asdict(f) for f in figures]), encoding="utf-8"
        )
    return 0


def read_summary(path: Path) -> list[Figure]:
    return [Figure(**item) for item in json.loads(path.read_text(encoding="utf-8"))]


def summary_table(results: dict[str, list[Figure]]) -> str:
    lines = [
        "| benchmark | figure | case | value | target | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for name, figures in results.items():
        for f in figures:
            lines.append(
                f"| {name} | {f.what} | {f.case} | {f.value} | {f.target or '—'} | {f.verdict} |"
            )
    return "\n".join(lines)


def write_section(section: str, text: str) -> None:
    """Replace ``section`` (a ``## `` heading) of docs/performance.md by ``text``, or append it."""
    current = (
        PERFORMANCE_DOC.read_text(encoding="utf-8")
        if PERFORMANCE_DOC.exists()
        else "# Performance\n"
    )
    pattern = re.compile(rf"^{re.escape(section)}\n.*?(?=^## |\Z)", re.S | re.M)
    body = text.rstrip() + "\n"
    if pattern.search(current):
        current = pattern.sub(lambda _match: body + "\n", current)
    else:
        current = current.rstrip() + "\n\n" + body
    PERFORMANCE_DOC.write_text(current.rstrip() + "\n", encoding="utf-8")


def database_url(suffix: str) -> str:
    """``DATABASE_URL`` with ``_<suffix>`` added to the database name (created if absent):
    a benchmark never touches the database you work in."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    name = parts.path.lstrip("/")
    url = urlunsplit(parts._replace(path=f"/{name}_{suffix}"))
    ensure_database(url)
    return url


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    name = parts.path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def use_database_server() -> None:
    """Each benchmark makes its databases on the server of ``DATABASE_URL``; without it, on
    the embedded PostgreSQL of ``make run`` (started if needed)."""
    if not os.environ.get("DATABASE_URL"):
        sys.path.insert(0, str(ROOT))
        from config.database import embedded_database_url

        os.environ["DATABASE_URL"] = embedded_database_url()


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"
