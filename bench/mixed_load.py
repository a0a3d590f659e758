"""Mixed load: the whole product at once, 60 s at 20 clients, and not one write lost.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_x python -m bench mixed_load \\
        [--seconds 60] [--clients 20]

1. Prepares a database of its own (``<name>_bench_mixed``, reused when filled): migrations,
   territory and the demo world dated today; opens a session for a few trainers (one group
   each) and a coordinator, and gives a few information sessions a large capacity.
2. Starts gunicorn on loopback as in docs/operations.md (4 workers × 2 threads).
3. Loads it from a second process for ``--seconds`` with ``--clients`` concurrent clients:
   - trainers (one in four clients, one group each): open their group's register week and
     save it back,
     form as the page gives it (pre-filled from the schedule);
   - a coordinator (one client in ten): downloads the centre's monthly statement (XLSX);
   - the public (the others): a search never asked before (HTML page or API), the
     eligibility simulator (its page, then the API), and a booking (form, then POST, each
     from its own loopback address as different people would).
4. Counts the server errors (5xx, or no answer) and checks that no write was lost: every
   booking the server accepted is in the database, and every register save it accepted bumped
   the week's version (one save, one version).

Prints p50/p95 per endpoint and writes them into ``docs/performance.md`` (section "Mixed
load") unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import html.parser
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from bench._common import (
    ROOT,
    Figure,
    add_common_arguments,
    database_url,
    finish,
    setup_django,
    use_database_server,
    write_section,
)
from bench.directory_search import SEARCHES, free_port, wait_until_up

SECTION = "## Mixed load"
SITUATION = {
    "birth_date": "1990-05-01",
    "forem_registered": True,
    "highest_certificate": "CEB",
    "planned_hours_per_week": 20,
    "planned_weeks": 10,
}


# --- a small HTTP/1.0 client (runs in the load process) ----------------------------------


class Answer:
    def __init__(self, raw: bytes):
        head, _, self.body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split(" ", 2)[1]) if lines[0].startswith("HTTP/") else 0
        self.headers = [tuple(part.strip() for part in line.split(":", 1)) for line in lines[1:]]

    def cookies(self) -> dict[str, str]:
        found = {}
        for name, value in self.headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                found[key] = rest.split(";", 1)[0]
        return found


async def http(port, method, path, *, cookies=None, body=b"", content_type="", source=None):
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", port, local_addr=(source, 0) if source else None
    )
    headers = [f"{method} {path} HTTP/1.0", "Host: 127.0.0.1"]
    if cookies:
        headers.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    if body:
        headers += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
    writer.write(("\r\n".join(headers) + "\r\n\r\n").encode() + body)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    return Answer(raw)


class FormFields(html.parser.HTMLParser):
    """The named fields of each POST form of a page, as the browser would send them."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._select: str | None = None
        self._option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append([])
        elif not self.forms or "name" not in a and tag != "option":
            return
        elif tag == "input" and a.get("type") not in {"submit", "button", "reset"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                if "required" in a:  # a consent box: the person ticks it
                    self.forms[-1].append((a["name"], a.get("value", "on")))
                return
            self.forms[-1].append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select, self._option = a["name"], None
        elif tag == "option" and self._select:
            if self._option is None or "selected" in a:
                self._option = a.get("value", "")
        elif tag == "textarea":
            self.forms[-1].append((a["name"], ""))

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.forms[-1].append((self._select, self._option or ""))
            self._select = None

    @classmethod
    def largest(cls, page: bytes) -> list[tuple[str, str]]:
        parser = cls()
        parser.feed(page.decode("utf-8", "replace"))
        return max(parser.forms, key=len, default=[])


def person_fields(fields, number: int) -> list[tuple[str, str]]:
    """Fill an empty booking form as a different person each time."""
    filled = []
    for name, value in fields:
        if value:
            filled.append((name, value))
        elif "mail" in name:
            filled.append((name, f"banc{number}@example.org"))
        elif "postal" in name:
            filled.append((name, "5000"))
        elif "birth" in name:
            filled.append((name, "1990-05-01"))
        elif "phone" in name:
            filled.append((name, ""))
        else:
            filled.append((name, f"Banc{number}"))
    return filled


class Load:
    def __init__(self, plan: dict, deadline: float):
        self.plan = plan
        self.port = plan["port"]
        self.deadline = deadline
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.bookings_accepted = 0
        self.saves_accepted: dict[str, int] = {}
        self.counter = 0

    async def timed(self, name, method, path, **options) -> Answer | None:
        started = time.perf_counter()
        try:
            answer = await http(self.port, method, path, **options)
        except OSError:
            answer = None
        elapsed = time.perf_counter() - started
        if answer is None or answer.status == 0 or answer.status >= 500:
            self.errors[name] = self.errors.get(name, 0) + 1
            return None
        self.latencies.setdefault(name, []).append(elapsed)
        return answer

    def number(self) -> int:
        self.counter += 1
        return self.counter

    async def search(self):
        n = self.number()
        query = urlencode(SEARCHES[n % len(SEARCHES)]) + f"&bench={n}"
        if n % 2:
            await self.timed("search page (computed)", "GET", f"/trouver/?{query}")
        else:
            await self.timed("search API (computed)", "GET", f"/api/v1/centres/?{query}")

    async def simulator(self):
        await self.timed("simulator page", "GET", "/suis-je-eligible/")
        situation = dict(SITUATION, on_date=self.plan["today"])
        await self.timed(
            "eligibility API",
            "POST",
            "/api/v1/eligibility/",
            body=json.dumps(situation).encode(),
            content_type="application/json",
        )

    async def booking(self):
        n = self.number()
        session = self.plan["sessions"][n % len(self.plan["sessions"])]
        source = f"127.0.{1 + n // 250 % 200}.{1 + n % 250}"  # one address per person
        path = f"/sessions/{session}/inscription/"
        page = await self.timed("booking form", "GET", path, source=source)
        if page is None or page.status != 200:
            return
        fields = person_fields(FormFields.largest(page.body), n)
        answer = await self.timed(
            "booking POST",
            "POST",
            path,
            cookies=page.cookies(),
            body=urlencode(fields).encode(),
            content_type="application/x-www-form-urlencoded",
            source=source,
        )
        if answer is not None and answer.status == 302:
            self.bookings_accepted += 1

    async def register(self, trainer):
        path = trainer["path"]
        cookies = {"sessionid": trainer["session"]}
        page = await self.timed("register week page", "GET", path, cookies=cookies)
        if page is None or page.status != 200:
            return
        cookies.update(page.cookies())
        answer = await self.timed(
            "register week save",
            "POST",
            path,
            cookies=cookies,
            body=urlencode(FormFields.largest(page.body)).encode(),
            content_type="application/x-www-form-urlencoded",
        )
        if answer is not None and answer.status == 302:
            self.saves_accepted[trainer["group"]] = self.saves_accepted.get(trainer["group"], 0) + 1

    async def statement(self):
        await self.timed(
            "statement XLSX",
            "GET",
            self.plan["statement_path"],
            cookies={"sessionid": self.plan["coordinator_session"]},
        )

    async def client(self, index: int):
        trainers = self.plan["trainers"]
        public = (self.booking, self.search, self.simulator, self.search)
        step = index
        while time.perf_counter() < self.deadline:
            if index % 4 == 0 and index // 4 < len(trainers):
                # one client per group: a second one would meet the "someone saved this week
                # meanwhile" refusal, which is no lost write but looks like one from outside
                await self.register(trainers[index // 4])
            elif index % 10 == 1:
                await self.statement()
            else:
                await public[step % len(public)]()
                step += 1

    async def run(self, clients: int):
        await asyncio.gather(*(self.client(i) for i in range(clients)))


def run_client(plan_path: str) -> None:
    plan = json.loads(Path(plan_path).read_text())
    load = Load(plan, time.perf_counter() + plan["seconds"])
    asyncio.run(load.run(plan["clients"]))
    endpoints = {}
    for name in sorted(set(load.latencies) | set(load.errors)):
        values = sorted(load.latencies.get(name, []))
        endpoints[name] = {
            "requests": len(values),
            "errors": load.errors.get(name, 0),
            "p50_ms": statistics.median(values) * 1000 if values else 0,
            "p95_ms": values[min(len(values) - 1, int(0.95 * len(values)))] * 1000 if values else 0,
        }
    print(
        json.dumps(
            {
                "endpoints": endpoints,
                "bookings_accepted": load.bookings_accepted,
                "saves_accepted": load.saves_accepted,
            }
        )
    )


# --- orchestration (Django on the benchmark's database) ----------------------------------


def prepare(smoke: bool) -> dict:
    """Fill the database if empty; sessions for the logged-in clients; the plan's fixtures."""
    import io

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from tremplin.accounts.demo import DEMO_ACCOUNTS
    from tremplin.accounts.mfa import enrol_mfa
    from tremplin.accounts.models import Organisation, User
    from tremplin.directory.models import InfoSession
    from tremplin.training import register
    from tremplin.training.models import Group

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not Organisation.objects.exists():
        call_command("load_territory", verbosity=0, stdout=io.StringIO())
        call_command("generate_demo_data", scale="demo", seed=1, stdout=io.StringIO())

    def session_of(user) -> str:
        from allauth.mfa.utils import is_mfa_enabled

        if not is_mfa_enabled(user):
            enrol_mfa(user)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    today = timezone.localdate()
    week = register.monday_of(today) - datetime.timedelta(days=7)
    groups = (
        Group.objects.filter(
            trainer__is_active=True,
            contracts__start_date__lte=week,
            contracts__planned_end_date__gte=week + datetime.timedelta(days=4),
        )
        .distinct()
        .select_related("trainer")
        .order_by("pk")[: 2 if smoke else 5]
    )
    trainers = [
        {
            "group": str(group.pk),
            "session": session_of(group.trainer),
            "path": reverse("centre:training:register", args=[group.pk, week]),
        }
        for group in groups
    ]
    coordinator = User.objects.get(email=DEMO_ACCOUNTS[0].email)
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    sessions = list(
        InfoSession.objects.upcoming().order_by("starts_at").values_list("pk", flat=True)[:20]
    )
    InfoSession.objects.filter(pk__in=sessions).update(capacity=500)  # the largest allowed
    return {
        "today": today.isoformat(),
        "week": week.isoformat(),
        "trainers": trainers,
        "coordinator_session": session_of(coordinator),
        "statement_path": reverse("centre:training:statements")
        + f"?mois={last_month:%Y-%m}&format=xlsx",
        "sessions": [str(pk) for pk in sessions],
    }


def versions_of(plan) -> dict[str, int]:
    from tremplin.training.models import AttendanceWeek

    week = datetime.date.fromisoformat(plan["week"])
    groups = [t["group"] for t in plan["trainers"]]
    return {
        str(group): version
        for group, version in AttendanceWeek.objects.filter(
            group_id__in=groups, week_start=week
        ).values_list("group_id", "version")
    }


def bookings_count(plan) -> int:
    from tremplin.intake.models import SessionBooking

    return SessionBooking.objects.filter(session_id__in=plan["sessions"]).count()


def report(results, lost_bookings, lost_saves, plan, args, loads) -> str:
    rows = "\n".join(
        f"| {name} | {r['requests']} | {r['errors']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} |"
        for name, r in results["endpoints"].items()
    )
    saves = sum(results["saves_accepted"].values())
    return f"""{SECTION}

`python -m bench mixed_load` (`bench/mixed_load.py`) — {time.strftime("%Y-%m-%d %H:%M")},
{platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}; gunicorn
{args.workers} workers × {args.threads} threads and PostgreSQL on the same machine; demo world
dated today. {args.clients} clients for {args.seconds:.0f} s: {len(plan["trainers"])} trainers
saving their group's week again and again, a coordinator downloading the monthly statement,
the others searching (every search new), using the simulator and booking seats.

| endpoint | requests | server errors | p50 (ms) | p95 (ms) |
|---|---|---|---|---|
{rows}

- Accepted bookings: {results["bookings_accepted"]}, missing from the database afterwards:
  **{lost_bookings}**. Accepted register saves: {saves}, not in the week's version
  afterwards: **{lost_saves}**.
- Machine load (1-minute load average) before and after: {loads[0]:.1f}, {loads[1]:.1f}.
"""


def run(args) -> int:
    os.environ["DATABASE_URL"] = database_url("bench_mixed_smoke" if args.smoke else "bench_mixed")
    setup_django()
    print("Préparation de la base du banc…", flush=True)
    plan = prepare(args.smoke)
    bookings_before, versions_before = bookings_count(plan), versions_of(plan)
    port = free_port()
    env = dict(
        os.environ,
        TREMPLIN_PUBLIC_API_RATE="100000000/min",
        DJANGO_LOG_LEVEL="ERROR",
        DJANGO_DEBUG="0",
    )
    env.pop("REDIS_URL", None)  # the throttles and limits count in the database cache
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "bench._server",
            "--workers", str(args.workers),
            "--threads", str(args.threads),
            "--worker-class", "gthread",
            "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )  # fmt: skip
    plan.update(port=port, seconds=args.seconds, clients=args.clients)
    plan_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"tremplin-mixed-{os.getpid()}.json"
    plan_file.write_text(json.dumps(plan))
    loads = [os.getloadavg()[0]]
    try:
        wait_until_up(port)
        output = subprocess.run(
            [sys.executable, "-m", "bench.mixed_load", "--client", str(plan_file)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=20)
        plan_file.unlink(missing_ok=True)
    loads.append(os.getloadavg()[0])
    results = json.loads(output.strip().splitlines()[-1])
    lost_bookings = results["bookings_accepted"] - (bookings_count(plan) - bookings_before)
    versions_after = versions_of(plan)
    lost_saves = sum(
        accepted - (versions_after.get(group, 0) - versions_before.get(group, 0))
        for group, accepted in results["saves_accepted"].items()
    )
    text = report(results, lost_bookings, lost_saves, plan, args, loads)
    print(text)
    if not (args.no_write or args.smoke):
        write_section(SECTION, text)
    errors = sum(r["errors"] for r in results["endpoints"].values())
    figures = [
        Figure("server errors under mixed load", str(errors), "0", errors == 0),
        Figure(
            "lost writes (bookings + register saves)",
            str(lost_bookings + lost_saves),
            "0",
            lost_bookings + lost_saves == 0,
        ),
        Figure(
            "requests that wrote (bookings + register saves)",
            str(results["bookings_accepted"] + sum(results["saves_accepted"].values())),
            "> 0",
            results["bookings_accepted"] > 0 and sum(results["saves_accepted"].values()) > 0,
        ),
    ]
    figures += [
        Figure(f"{name}, p95", f"{r['p95_ms']:.0f} ms") for name, r in results["endpoints"].items()
    ]
    return finish("mixed_load", figures, args)


def main(argv) -> int:
    if argv[:1] == ["--client"]:
        run_client(argv[1])
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench mixed_load")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    if args.smoke:
        args.seconds, args.clients, args.workers = 3.0, 5, 2
    use_database_server()
    return run(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
