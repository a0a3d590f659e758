"""Where the machine's time goes during a load: CPU seconds of each family of processes.

A benchmark that compares throughputs (the search against a trivial view) says *how much*
slower a request is; this says *where*: the load client, the application server, PostgreSQL
(only the backends connected to the benchmark's database) and Redis, read from ``/proc``
before and after each measure. Divided by the number of requests, it is the CPU cost of one
request in each (docs/decisions/0316). Linux only: elsewhere the split is empty.
"""

import os
from pathlib import Path

PROC = Path("/proc")
FAMILIES = ("client", "server", "PostgreSQL", "Redis")


def _ticks_per_second() -> int:
    try:
        return os.sysconf("SC_CLK_TCK")
    except (AttributeError, ValueError, OSError):
        return 100


def _cpu_seconds(stat: str) -> float:
    """User + system time of a process from its ``/proc/<pid>/stat`` line (the fields after
    the command name, which may hold spaces and parentheses)."""
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _ticks_per_second()


def family_of(cmdline: str, pgid: int, server_group: int, database: str) -> str | None:
    """The family a process belongs to, or None when it is not part of the benchmark."""
    if pgid == server_group:
        return "server"
    if cmdline.startswith("postgres:") and f" {database} " in f" {cmdline} ":
        return "PostgreSQL"
    if "redis-server" in cmdline:
        return "Redis"
    return None


def snapshot(server_group: int, database: str) -> dict[str, float] | None:
    """CPU seconds used so far by each family (the client: this process). None without
    ``/proc``."""
    if not (PROC / "self" / "stat").exists():
        return None
    times = os.times()
    totals = dict.fromkeys(FAMILIES, 0.0)
    totals["client"] = times.user + times.system
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, UnicodeDecodeError):  # gone meanwhile, or not ours to read
            continue
        pgid = int(stat.rsplit(")", 1)[1].split()[2])
        family = family_of(cmdline, pgid, server_group, database)
        if family:
            totals[family] += _cpu_seconds(stat)
    return totals


def spent(before: dict | None, after: dict | None) -> dict[str, float]:
    if before is None or after is None:
        return {}
    return {family: max(0.0, after[family] - before[family]) for family in FAMILIES}


def per_request_ms(seconds: dict[str, float], requests: int) -> dict[str, float]:
    """Milliseconds of CPU per request in each family, and their total."""
    if not seconds or not requests:
        return {}
    split = {family: seconds[family] * 1000 / requests for family in FAMILIES}
    split["total"] = sum(split.values())
    return split
