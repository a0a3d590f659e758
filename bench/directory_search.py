"""Benchmark of the directory search API against a trivial JSON view, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_x python -m bench directory_search

1. Prepares a separate database (``<name>_bench_directory``): migrations, territory, and the
   directory at sector scale (150 centres, 300 sites, 450 trainings, 2,000 upcoming sessions).
2. Starts gunicorn on loopback as in docs/operations.md (4 workers × 2 threads), serving
   ``bench._server``: the project plus a trivial JSON view, same middleware stack.
3. Loads it from a second process (an asyncio client, ``--clients`` concurrent connections,
   bounded in time and in number of requests): after a warm-up, ``--rounds`` rounds in which
   the trivial view, ``/healthz``, the search API with every answer computed (worst case: each
   request differs, so no cache can answer it), the same searches repeated (favourable case)
   and the HTML search page (computed) take turns, so that the machine's other work weighs on
   all of them alike.
4. Prints p50/p95/p99 and throughput, the ratio search / trivial view per round, and writes
   them into ``docs/performance.md`` (section "Directory search").
"""

import argparse
import asyncio
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench import _cpu
from bench._common import (
    FAVOURABLE,
    PERFORMANCE_DOC,
    ROOT,
    Figure,
    add_common_arguments,
    database_url,
    finish,
    use_database_server,
    write_section,
)

SECTION = "## Directory search"
TRIVIAL_PATH = "/bench/trivial"  # bench/_server.py
SEARCHES = [
    {"near": "5000", "radius_km": 25},
    {"near": "Liège", "radius_km": 25},
    {"near": "6000", "radius_km": 50},
    {"near": "Mons", "radius_km": 25},
    {"near": "6700", "radius_km": 50},
    {"near": "1300", "radius_km": 25, "sector": "horeca"},
    {"near": "Namur", "radius_km": 50, "q": "cuisine"},
    {"near": "4500", "radius_km": 25, "objective": "formation_base"},
    {"near": "Tournai", "radius_km": 50, "q": "maçon"},
    {"near": "Arlon", "radius_km": 100, "method": "EFT"},
    {"near": "5500", "radius_km": 25, "q": "alphabétisation"},
    {"near": "Verviers", "radius_km": 25, "session_within_weeks": 4},
]


# --- the load client (runs in its own process) ------------------------------------------


async def _request(host: str, port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n"
        "Accept: application/json\r\n\r\n".encode()
    )
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, time.perf_counter() - started


async def _load(host, port, paths, clients, seconds, max_requests):
    """``clients`` connections in a closed loop for ``seconds`` or ``max_requests`` requests.
    A path with ``{n}`` gets the request's number (a URL never asked before)."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    counter = 0

    async def worker():
        nonlocal errors, counter
        while time.perf_counter() < deadline and counter < max_requests:
            counter += 1
            path = paths[counter % len(paths)].replace("{n}", str(counter))
            status, elapsed = await _request(host, port, path)
            if status == 200:
                latencies.append(elapsed)
            else:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return latencies, errors, time.perf_counter() - started


def _percentile(values, p):
    return values[min(len(values) - 1, int(p / 100 * len(values)))] * 1000


def run_client(args) -> None:
    """Alternates the endpoints round after round (the order reversed every other round), so
    that the machine's other work weighs on all of them alike; prints one JSON line."""
    endpoints = json.loads(args.paths)
    names = list(endpoints)

    def measure(name, seconds):
        return asyncio.run(
            _load(args.host, args.port, endpoints[name], args.clients, seconds, args.max_requests)
        )

    def cpu():
        return _cpu.snapshot(args.server_group, args.database)

    for name in names:  # warm-up: connections, caches, answers of every worker
        measure(name, args.warmup)
    results = {name: {"latencies": [], "errors": 0, "rounds": [], "cpu": {}} for name in names}
    for number in range(args.rounds):
        for name in names if number % 2 == 0 else reversed(names):
            before = cpu()
            latencies, errors, wall = measure(name, args.seconds)
            result = results[name]
            for family, seconds in _cpu.spent(before, cpu()).items():
                result["cpu"][family] = result["cpu"].get(family, 0.0) + seconds
            result["latencies"] += latencies
            result["errors"] += errors
            result["rounds"].append(len(latencies) / wall)
    for name, paths in json.loads(args.after).items():  # alone, once the rounds are over
        endpoints[name] = paths
        latencies, errors, wall = measure(name, args.seconds)
        results[name] = {
            "latencies": latencies,
            "errors": errors,
            "rounds": [len(latencies) / wall],
            "cpu": {},
        }
    summary = {}
    for name, result in results.items():
        latencies = sorted(result["latencies"])
        summary[name] = {
            "requests": len(latencies),
            "errors": result["errors"],
            "throughput": statistics.median(result["rounds"]),
            "rounds": result["rounds"],
            "p50_ms": _percentile(latencies, 50),
            "p95_ms": _percentile(latencies, 95),
            "p99_ms": _percentile(latencies, 99),
            "cpu_ms": _cpu.per_request_ms(result["cpu"], len(latencies) + result["errors"]),
        }
    print(json.dumps(summary))


# --- orchestration --------------------------------------------------------------------


def manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def prepare(env, smoke: bool) -> str:
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    counts = manage(
        env,
        "shell",
        "-c",
        "from tremplin.directory.models import Centre, InfoSession;"
        "from tremplin.territory.models import PostalCode;"
        "print(PostalCode.objects.count(), Centre.objects.published().count(),"
        " InfoSession.objects.upcoming().count())",
    ).split()[-3:]
    postal_codes, centres, sessions = (int(n) for n in counts)
    if not postal_codes:
        manage(env, "load_territory")
    if (centres < 1) if smoke else (centres < 150 or sessions < 1500):
        code = (
            "from django.db import transaction;"
            "from tremplin.demo import DemoWorld, build_world;"
            "from tremplin.directory.models import Centre, InfoSession;"
            "from tremplin.accounts.models import Organisation;"
            "InfoSession.objects.all().delete();"
            "centres = list(Centre.objects.values_list('organisation_id', flat=True));"
            "Centre.objects.all().delete();"
            "Organisation.objects.filter(pk__in=centres).delete();"
            f"build_world(DemoWorld(scale={'demo' if smoke else 'sector'!r}, seed=1),"
            " modules=('tremplin.directory.demo',))"
        )
        manage(env, "shell", "-c", code)
    return (
        manage(
            env,
            "shell",
            "-c",
            "from tremplin.directory.models import Centre, Site, Training, InfoSession;"
            "print(f'{Centre.objects.published().count()} centres, {Site.objects.count()} sites, '"
            " f'{Training.objects.count()} formations, '"
            " f'{InfoSession.objects.upcoming().count()} séances à venir')",
        )
        .strip()
        .splitlines()[-1]
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            status, _ = asyncio.run(_request("127.0.0.1", port, "/healthz"))
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn n'a pas démarré à temps.")


def load(port, server_group, database, endpoints: dict, after: dict, args) -> dict:
    options = {
        "--port": port,
        "--paths": json.dumps(endpoints),
        "--after": json.dumps(after),
        "--clients": args.clients,
        "--rounds": args.rounds,
        "--seconds": args.seconds,
        "--warmup": args.warmup,
        "--max-requests": args.max_requests,
        "--server-group": server_group,
        "--database": database,
    }
    command = [sys.executable, "-m", "bench.directory_search", "--client"]
    for option, value in options.items():
        command += [option, str(value)]
    output = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


TRIVIAL = "trivial JSON view"
HEALTHZ = "`/healthz` (`SELECT 1`)"
COMPUTED = "search API, every answer computed"
REPEATED = "search API, the same searches repeated"
PAGE = "HTML search page, every answer computed"


def ratio_to_trivial(results, name) -> tuple[float, list[float]]:
    """Median over the rounds of the endpoint's throughput / the trivial view's."""
    ratios = [
        r / t for r, t in zip(results[name]["rounds"], results[TRIVIAL]["rounds"], strict=True)
    ]
    return statistics.median(ratios), ratios


def figures_of(results, clients: int) -> list[Figure]:
    api_ratio, _ = ratio_to_trivial(results, COMPUTED)
    page_ratio, _ = ratio_to_trivial(results, PAGE)
    repeated_ratio, _ = ratio_to_trivial(results, REPEATED)
    p95 = results[COMPUTED]["p95_ms"]
    errors = sum(r["errors"] for r in results.values())
    return [
        Figure("search API (computed) / trivial view, throughput", f"{api_ratio:.2f}×", "≥ 0.5×",
               api_ratio >= 0.5),
        Figure(f"search API (computed), p95 at {clients} clients", f"{p95:.0f} ms", "≤ 50 ms",
               p95 <= 50),
        Figure("HTML search page (computed) / trivial view, throughput", f"{page_ratio:.2f}×",
               "≥ 0.3×", page_ratio >= 0.3),
        Figure("search API (repeated searches) / trivial view", f"{repeated_ratio:.2f}×",
               case=FAVOURABLE),
        Figure("server errors during the run", str(errors), "0", errors == 0),
    ]  # fmt: skip


def cpu_table(results) -> str:
    """CPU per request in each family of processes, or a sentence when /proc was not read."""
    if not results[TRIVIAL].get("cpu_ms"):
        return "- CPU split per process: not measured (no `/proc` on this system)."
    families = [*_cpu.FAMILIES, "total"]
    rows = "\n".join(
        f"| {name} | " + " | ".join(f"{r['cpu_ms'][f]:.2f}" for f in families) + " |"
        for name, r in results.items()
        if r.get("cpu_ms")
    )
    trivial = results[TRIVIAL]["cpu_ms"]["total"]
    return f"""CPU time per request (ms), all rounds, by process, read from `/proc` before and after
each measure: the load client, the gunicorn workers, the PostgreSQL backends of the
benchmark's database and Redis. At 0.5× the trivial view's throughput, a search may cost
about twice the trivial view's total, **{2 * trivial:.2f} ms**.

| Endpoint | {" | ".join(families)} |
|---|{"---|" * len(families)}
{rows}"""


def report(dataset, results, loads, args) -> str:
    rows = "\n".join(
        f"| {name} | {r['requests']} | {r['errors']} | {r['throughput']:.0f} | "
        f"{r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} |"
        for name, r in results.items()
    )
    ratios = "\n".join(
        f"- {name} / trivial view, throughput, median of the rounds: "
        f"**{ratio_to_trivial(results, name)[0]:.2f}** (rounds: "
        + ", ".join(f"{r:.2f}" for r in ratio_to_trivial(results, name)[1])
        + ")"
        for name in (COMPUTED, PAGE, REPEATED)
    )
    return f"""{SECTION}

Run with `python -m bench directory_search` (`bench/directory_search.py`). Last run:
{time.strftime("%Y-%m-%d %H:%M")} on {platform.machine()}, {os.cpu_count()} CPU,
Python {platform.python_version()}.

- Data: {dataset} (sector scale, `generate_demo_data --scale sector` directory builder).
- Server: gunicorn `bench._server` (the project plus `/bench/trivial`), {args.workers} workers
  × {args.threads} threads (`gthread`, as in docs/operations.md), on loopback; PostgreSQL
  on the same machine; throttle per IP in {args.cache_label}.
- Load: a second process, {args.clients} concurrent clients (asyncio, one connection per
  request, closed loop). After a warm-up, {args.rounds} rounds of {args.seconds:.0f} s per
  endpoint, the endpoints alternating within each round, so that the other work on the
  machine weighs on all of them alike. Throughput: median of the rounds; latencies: all
  requests of all rounds.
- Trivial JSON view: `/bench/trivial` returns `{{"status": "ok"}}` through the same
  middleware stack, no database, no cache. `/healthz` is shown for reference.
- Search API: `GET /api/v1/centres/` rotating {len(SEARCHES)} searches (postal codes and commune
  names all over Wallonia, radius 25–100 km, some with `q`, `sector`, `objective`, `method`
  or `session_within_weeks`), page of 20 with sites, trainings and next session.
  **Worst case (the figures with a target):** every request carries one unused parameter that
  differs on every request, so no answer can come from a cache. The repeated searches are
  the favourable case, shown beside it. The HTML page `/trouver/` gets the same searches,
  computed.

| Endpoint | Requests | Errors | Throughput (req/s) | p50 (ms) | p95 (ms) | p99 (ms) |
|---|---|---|---|---|---|---|
{rows}

{ratios}

{cpu_table(results)}

- Machine load (1-minute load average) before and after the run: {loads[0]:.1f}, {loads[1]:.1f}
  (other work shares the 2 cores: compare the ratios, measured in the same rounds).
  Choices and profile: docs/decisions/0311-directory-search-speed.md (throttle),
  0312 (one statement, every answer computed), 0314 (the search index kept by
  PostgreSQL, no copy in the process, the profile of a search part by part), 0315
  (statements really prepared, the page's cards and fields in a compiled fragment) and 0316
  (words parsed once, a place in one row; why the targets are out of reach here).
"""


def run(args) -> int:
    use_database_server()
    url = database_url("bench_directory_smoke" if args.smoke else "bench_directory")
    env = dict(
        os.environ,
        DATABASE_URL=url,
        TREMPLIN_PUBLIC_API_RATE="100000000/min",
        DJANGO_LOG_LEVEL="ERROR",
        DJANGO_DEBUG="0",
    )
    redis = None
    if args.cache == "redis" and not os.environ.get("REDIS_URL"):
        redis_port = free_port()
        redis = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(redis_port), "--save", "",
             "--appendonly", "no", "--bind", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    elif args.cache == "db":
        env.pop("REDIS_URL", None)
    args.cache_label = "Redis (REDIS_URL)" if env.get("REDIS_URL") else "the PostgreSQL cache table"
    print("Préparation de la base de banc d'essai…", flush=True)
    dataset = prepare(env, args.smoke)
    print(f"  {dataset}", flush=True)
    port = free_port()
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "bench._server",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            args.worker_class,
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    searches = [urlencode(search) for search in SEARCHES]
    endpoints = {
        TRIVIAL: [TRIVIAL_PATH],
        HEALTHZ: ["/healthz"],
        COMPUTED: [f"/api/v1/centres/?{search}&bench={{n}}" for search in searches],
        REPEATED: [f"/api/v1/centres/?{search}" for search in searches],
        PAGE: [f"/trouver/?{search}&bench={{n}}" for search in searches],
    }
    after = {}
    loads = [os.getloadavg()[0]]
    try:
        wait_until_up(port)
        print(f"gunicorn ({args.workers} × {args.threads}) sur le port {port}.", flush=True)
        database = urlsplit(url).path.lstrip("/")
        results = load(port, gunicorn.pid, database, endpoints, after, args)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=20)
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
    loads.append(os.getloadavg()[0])
    print(report(dataset, results, loads, args))
    if not (args.no_write or args.smoke):
        write_section(SECTION, report(dataset, results, loads, args))
        print(f"Résultats écrits dans {PERFORMANCE_DOC.relative_to(ROOT)}.")
    return finish("directory_search", figures_of(results, args.clients), args)


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench directory_search")
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--host", default="127.0.0.1", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--paths", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--after", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--server-group", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--database", default="", help=argparse.SUPPRESS)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5, help="tours (chaque endpoint par tour)")
    parser.add_argument("--seconds", type=float, default=4.0, help="secondes par endpoint et tour")
    parser.add_argument("--warmup", type=float, default=2.0, help="chauffe par endpoint (s)")
    parser.add_argument("--max-requests", type=int, default=20000, help="par endpoint et tour")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2, help="par worker (gthread)")
    parser.add_argument("--worker-class", choices=["gthread", "sync"], default="gthread")
    parser.add_argument(
        "--cache",
        choices=["redis", "db"],
        default="redis" if shutil.which("redis-server") else "db",
        help="cache (throttle par IP) : Redis lancé pour le banc, ou la table PostgreSQL",
    )
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    if args.smoke:  # one short round on tiny data: proves that the benchmark runs
        args.rounds, args.seconds, args.warmup, args.clients = 1, 0.5, 0.2, 2
        args.workers, args.threads = 1, 2
    return args


def main(argv) -> int:
    args = parse(argv)
    if args.client:
        run_client(args)
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
