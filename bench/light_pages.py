"""Public pages on a cheap phone: bytes transferred and time until ready, on a slow connection.

    python -m bench light_pages            (make bench NAME=light_pages)

1. Prepares a database of its own (``<name>_bench_pages``: migrations, territory, demo world)
   and collects the static files as ``make run`` does (hashed names, gzip and brotli copies).
2. Starts gunicorn on loopback with those static files (WhiteNoise, as in production).
3. Opens each page of the public path in Chromium (Playwright, Debian's ``/usr/bin/chromium``)
   as a phone (360 × 740) on a first visit (browser cache off) with the "Slow 3G" profile
   (400 ms of latency per request, 400 kbit/s down and up: Lighthouse's slow 3G) and a CPU
   4 × slower (DevTools protocol: ``Network.emulateNetworkConditions``,
   ``Emulation.setCPUThrottlingRate``): home, a search result, a centre page, its booking form
   and each step of the simulator. Requests to other hosts (map tiles) are refused.
4. Reports, per page, the bytes transferred (compressed, headers included) and the time until
   the ``load`` event; target: at most 100 KB and under 4 s each. Figures in
   ``docs/performance.md`` (section "Public pages on a slow connection").
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench._common import (
    ROOT,
    Figure,
    add_common_arguments,
    database_url,
    finish,
    use_database_server,
    write_section,
)
from bench.directory_search import free_port, wait_until_up

SECTION = "## Public pages on a slow connection"
CHROMIUM = os.environ.get("TREMPLIN_CHROMIUM", "/usr/bin/chromium")
LATENCY_MS = 400
BYTES_PER_SECOND = 400 * 1000 // 8
CPU_SLOWDOWN = 4
MAX_BYTES = 100 * 1024
MAX_SECONDS = 4.0
# The simulator's answers, step by step (label, value or None to check a choice).
SIMULATOR = [
    [("Date de naissance", "1990-05-01")],
    [("Oui", None)],
    [("Nombre de mois (de 0 à 24)", "6")],
    [("CEB : certificat d'études de base", None)],
    [("Non", None)],
    [("Aucune de ces situations", None)],
    [("Heures par semaine", "20"), ("Nombre de semaines", "10")],
    [("Nombre d'enfants à faire garder pendant la formation", "1")],
    [("Code postal", "5000")],
]


def manage(env, *args) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env) -> None:
    manage(env, "prepare_site")
    manage(env, "collectstatic", "--noinput", "-v0")


class Meter:
    """Counts the bytes of each page through the DevTools protocol, and times it."""

    def __init__(self, context, page):
        self.page = page
        self.bytes = 0
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": LATENCY_MS,
                "downloadThroughput": BYTES_PER_SECOND,
                "uploadThroughput": BYTES_PER_SECOND,
            },
        )
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event):
        self.bytes += event.get("encodedDataLength", 0)

    def measure(self, action) -> tuple[int, float]:
        """(bytes, seconds until the load event) of the navigation ``action`` starts."""
        self.bytes = 0
        started = time.perf_counter()
        with self.page.expect_navigation(wait_until="load", timeout=60_000):
            action()
        seconds = time.perf_counter() - started
        self.page.wait_for_timeout(300)  # late loadingFinished events of the page
        return self.bytes, seconds


def warm_up(base: str) -> None:
    """A server that has already served: each worker's first request imports every view and
    reads the translations (seconds on a busy machine); a person meets a warm server."""
    for _ in range(4):
        for path in ("/", "/trouver/?near=5000", "/suis-je-eligible/"):
            urllib.request.urlopen(base + path, timeout=120).read()


def check_static_files(base: str) -> None:
    """The stylesheet of every page comes compressed (brotli) with a one-year, immutable cache
    lifetime, as ``make run`` and production serve it; the pages come gzipped."""
    home = urllib.request.urlopen(
        urllib.request.Request(base + "/", headers={"Accept-Encoding": "gzip"}), timeout=120
    )
    assert home.headers.get("Content-Encoding") == "gzip", dict(home.headers)
    html = urllib.request.urlopen(base + "/", timeout=120).read().decode()
    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]+\.css)"', html)
    assert css, "the stylesheet has no hashed name: static files not collected"
    answer = urllib.request.urlopen(
        urllib.request.Request(base + css.group(1), headers={"Accept-Encoding": "br, gzip"}),
        timeout=120,
    )
    assert answer.headers.get("Content-Encoding") == "br", dict(answer.headers)
    assert "immutable" in answer.headers.get("Cache-Control", ""), dict(answer.headers)
    assert "max-age=315360000" in answer.headers.get("Cache-Control", ""), dict(answer.headers)


def walk(base: str, smoke: bool) -> list[tuple[str, int, float]]:
    from playwright.sync_api import sync_playwright

    host = urlsplit(base).netloc
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, locale="fr-BE"
        )
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if urlsplit(route.request.url).netloc == host else route.abort()
            ),
        )
        page = context.new_page()
        meter = Meter(context, page)

        def visit(name, action):
            transferred, seconds = meter.measure(action)
            results.append((name, transferred, seconds))

        visit("home", lambda: page.goto(base + "/"))
        visit("search result", lambda: page.goto(base + "/trouver/?near=5000"))
        centre = page.locator("ol.directory-results h3 a").first.get_attribute("href")
        visit("centre page", lambda: page.goto(base + centre))
        booking = page.get_by_role("link", name="S'inscrire").first.get_attribute("href")
        visit("booking form", lambda: page.goto(base + booking))
        visit("simulator step 1", lambda: page.goto(base + "/suis-je-eligible/"))
        steps = SIMULATOR[:2] if smoke else SIMULATOR
        for number, answers in enumerate(steps, start=1):
            for label, value in answers:
                field = page.get_by_label(label)
                field.fill(value) if value is not None else field.check()
            button = "Voir mon résultat" if number == len(SIMULATOR) else "Continuer"
            name = (
                "simulator result" if number == len(SIMULATOR) else f"simulator step {number + 1}"
            )
            visit(name, page.get_by_role("button", name=button).click)
        browser.close()
    return results


def report(results, loads) -> str:
    rows = "\n".join(
        f"| {name} | {size / 1024:.1f} KB | {seconds:.2f} s | "
        f"{'met' if size <= MAX_BYTES and seconds < MAX_SECONDS else 'NOT met'} |"
        for name, size, seconds in results
    )
    return f"""{SECTION}

`python -m bench light_pages` — {time.strftime("%Y-%m-%d %H:%M")}, {platform.machine()},
{os.cpu_count()} CPU, load average {loads[0]:.1f} before and {loads[1]:.1f} after.

Chromium (Playwright) as a phone (360 × 740) on a first visit (browser cache off), with a slow
3G connection ({LATENCY_MS} ms of latency per request, {BYTES_PER_SECOND * 8 // 1000} kbit/s down
and up) and a CPU {CPU_SLOWDOWN} × slower; server: gunicorn with the static files collected as in
production (hashed names, compressed, one-year cache). Bytes: what crossed the network,
compressed, headers included (Chromium asks for gzip over plain HTTP, brotli over HTTPS only);
map tiles are not loaded (the map is drawn only when asked for). Ready: until the `load`
event. Target per page: at most 100 KB and under 4 s.

What makes them light (issue 12, step 2): `make run` serves the static files as production
does (collected with hashed names, gzip and brotli copies, `Cache-Control: max-age=315360000,
public, immutable`); pages are gzipped (`GZipMiddleware`); Bootstrap's CSS keeps only the
rules the templates use (PurgeCSS at `make install`: 232 KB → about 48 KB, 8 KB in brotli);
Leaflet (178 KB) loads only when the person presses « Voir la carte ». Before: home ready after
10.4 s and the first search after 10.8 s on the same profile.

| page | transferred | ready | target |
|---|---|---|---|
{rows}
"""


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench light_pages")
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    use_database_server()
    env = dict(
        os.environ,
        DATABASE_URL=database_url("bench_pages_smoke" if args.smoke else "bench_pages"),
        TREMPLIN_COLLECTED_STATIC="1",
        DJANGO_DEBUG="0",
        DJANGO_LOG_LEVEL="ERROR",
    )
    env.pop("REDIS_URL", None)
    print("Préparation (base, territoire, démo, fichiers statiques)…", flush=True)
    prepare(env)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi", "--workers", "2"]
        + ["--preload", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    loads = [os.getloadavg()[0]]
    try:
        wait_until_up(port)
        warm_up(f"http://127.0.0.1:{port}")
        check_static_files(f"http://127.0.0.1:{port}")
        results = walk(f"http://127.0.0.1:{port}", args.smoke)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    loads.append(os.getloadavg()[0])
    text = report(results, loads)
    print(text)
    if not (args.no_write or args.smoke):
        write_section(SECTION, text)
    heaviest = max(results, key=lambda r: r[1])
    slowest = max(results, key=lambda r: r[2])
    figures = [
        Figure(
            f"heaviest public page, first visit ({heaviest[0]})",
            f"{heaviest[1] / 1024:.0f} KB",
            "≤ 100 KB",
            heaviest[1] <= MAX_BYTES,
        ),
        Figure(
            f"slowest public page on slow 3G, CPU ÷ 4 ({slowest[0]})",
            f"{slowest[2]:.1f} s",
            "< 4 s",
            slowest[2] < MAX_SECONDS,
        ),
    ]
    return finish("light_pages", figures, args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
