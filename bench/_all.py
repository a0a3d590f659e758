"""``python -m bench all`` (``make bench NAME=all``): every benchmark, one summary table.

Each benchmark runs in a process of its own, prepares what it needs in databases of its own
(reused when already filled: the sector world is generated once) and reports its figures;
the summary (figure, case, value, target, met or not) is printed at the end and written into
``docs/performance.md`` (section "Summary"). ``--smoke`` runs each on tiny data, one short
round: what the test suite does to prove that every benchmark still runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._common import (
    ROOT,
    Figure,
    read_summary,
    summary_table,
    use_database_server,
    write_section,
)

SECTION = "## Summary"


def run_one(name: str, smoke: bool, no_write: bool) -> list[Figure] | None:
    """Run one benchmark; its figures, or ``None`` when it failed."""
    with tempfile.TemporaryDirectory() as folder:
        summary = Path(folder) / "figures.json"
        command = [sys.executable, "-m", "bench", name, "--summary", str(summary)]
        command += ["--smoke"] * smoke + ["--no-write"] * no_write
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, env=os.environ.copy())
        print(f"({name} : {time.perf_counter() - started:.0f} s)", flush=True)
        if result.returncode != 0 or not summary.exists():
            return None
        return read_summary(summary)


def main(argv: list[str], names: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench all")
    parser.add_argument("--smoke", action="store_true", help="données minuscules (test)")
    parser.add_argument("--no-write", action="store_true", help="ne pas écrire la doc")
    parser.add_argument("--only", nargs="+", metavar="NOM", help="seulement ces benchmarks")
    args = parser.parse_args(argv)
    use_database_server()
    results, failed = {}, []
    for name in args.only or names:
        figures = run_one(name, args.smoke, args.no_write or args.smoke)
        if figures is None:
            failed.append(name)
        else:
            results[name] = figures
    table = summary_table(results)
    print("\n" + table)
    if failed:
        print("\nÉchec : " + ", ".join(failed))
    if not (args.smoke or args.no_write or failed):
        write_section(
            SECTION,
            f"""{SECTION}

`make bench NAME=all` — {time.strftime("%Y-%m-%d %H:%M")}, {platform.machine()},
{os.cpu_count()} CPU, load average {os.getloadavg()[0]:.1f} at the end. "worst" is the case a
user meets at worst (a search never asked before, a cold statement, a first visit without
browser cache); "favourable" the same work warm or repeated, shown beside it. The sections
below give each benchmark's details.

{table}
""",
        )
    return 1 if failed else 0
