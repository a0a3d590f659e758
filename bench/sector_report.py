"""Benchmark of the sector statistics on the 5-year sector dataset.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_x python -m bench sector_report \
        [--year 2024] [--no-write]

Runs on the training-history database of ``bench/_datasets.py`` (``<name>_bench_sector``,
filled with the 5-year sector world the first time, reused after). Then, in the same run:

1. ``refresh_stats`` (all years, then the year again: the nightly job);
2. the **bare SQL aggregate** over the year's register rows: people under contract and hours
   followed / *assimilées*, total and by province, IBEFE area, objective, method and sector
   (GROUPING SETS straight over ``training_attendanceday`` and ``training_contract``);
3. the same bare aggregate over the fact rows;
4. ``sector_report(year)`` as JSON (every indicator, suppression applied): the first, cold
   call (worst case) and the median of the warm ones; its peak Python memory (tracemalloc)
   and the process's peak RSS;
5. the PDF.

Prints the times and the ratios and puts them in ``docs/performance.md`` (section "Sector
statistics") unless ``--no-write``. Targets (issue 7): JSON < 3 s and ≤ 2× the bare aggregate,
peak memory < 500 MB, PDF < 20 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import time
import tracemalloc

from bench._common import (
    FAVOURABLE,
    PERFORMANCE_DOC,
    Figure,
    add_common_arguments,
    finish,
    milliseconds,
    use_database_server,
    write_section,
)
from bench._datasets import WORLD_DAY, use_training_history

SECTION = "## Sector statistics"

BARE_REGISTER_SQL = """
WITH place AS (
    SELECT t.id AS training_id, t.objective, t.method, t.sector,
           COALESCE(m.province_id, '') AS province_code, COALESCE(m.ibefe_area_id, '') AS ibefe_code
    FROM directory_training t
    JOIN directory_site s ON s.id = t.site_id
    JOIN territory_postalcode pc ON pc.id = s.postal_code_id
    JOIN territory_municipality m ON m.nis_code = pc.municipality_id
)
SELECT p.province_code, p.ibefe_code, p.objective, p.method, p.sector,
       COUNT(DISTINCT c.person_id), SUM(a.hours_followed), SUM(a.hours_assimilated)
FROM training_attendanceday a
JOIN training_contract c ON c.id = a.contract_id
JOIN place p ON p.training_id = c.training_id
WHERE a.day BETWEEN %(start)s AND %(end)s
GROUP BY GROUPING SETS ((), (p.province_code), (p.ibefe_code), (p.objective), (p.method),
                        (p.sector))
"""
BARE_REGISTER_PEOPLE_SQL = """
SELECT t.objective, t.method, t.sector, COUNT(DISTINCT c.person_id), COUNT(*)
FROM training_contract c JOIN directory_training t ON t.id = c.training_id
WHERE c.start_date <= %(end)s AND COALESCE(c.actual_end_date, c.planned_end_date) >= %(start)s
GROUP BY GROUPING SETS ((), (t.objective), (t.method), (t.sector))
"""
BARE_FACTS_SQL = """
SELECT province_code, ibefe_code, objective, method, sector, COUNT(DISTINCT person_key),
       SUM(hours_followed), SUM(hours_assimilated)
FROM stats_hoursfact WHERE month BETWEEN %(start)s AND %(end)s
GROUP BY GROUPING SETS ((), (province_code), (ibefe_code), (objective), (method), (sector))
"""
BARE_FACTS_PEOPLE_SQL = """
SELECT province_code, ibefe_code, objective, method, sector, COUNT(DISTINCT person_key), COUNT(*)
FROM stats_contractfact
WHERE start_month <= %(end)s AND end_month >= %(start)s
GROUP BY GROUPING SETS ((), (province_code), (ibefe_code), (objective), (method), (sector))
"""


def timed(function, repeat: int = 1):
    """Median time of ``repeat`` runs and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def run_sql(sql: str, params: dict):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def measure(year: int, repeat: int) -> dict:
    import datetime

    from django.db import connection

    from tremplin.stats.exports import render
    from tremplin.stats.indicators import sector_report
    from tremplin.stats.refresh import refresh

    params = {"start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 31)}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM training_attendanceday WHERE day BETWEEN %(start)s AND %(end)s",
            params,
        )
        attendance_rows = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM training_attendanceday")
        all_attendance = cursor.fetchone()[0]
    full_refresh, _ = timed(refresh)
    year_refresh, result = timed(lambda: refresh(year=year))
    bare_register, rows = timed(
        lambda: (run_sql(BARE_REGISTER_SQL, params), run_sql(BARE_REGISTER_PEOPLE_SQL, params)),
        repeat,
    )
    bare_facts, fact_rows = timed(
        lambda: (run_sql(BARE_FACTS_SQL, params), run_sql(BARE_FACTS_PEOPLE_SQL, params)), repeat
    )
    cold_report_time, _ = timed(lambda: json.dumps(sector_report(year)))
    report_time, report = timed(lambda: json.dumps(sector_report(year)), repeat)
    # Memory in a separate run: tracemalloc slows Python down.
    tracemalloc.start()
    json.dumps(sector_report(year))
    _current, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report = json.loads(report)
    pdf_time, pdf = timed(lambda: render(report, "pdf")[0])
    # Totals equal the register: hours of the year and people counted once.
    register_total = next(r for r in rows[0] if all(v is None for v in r[:5]))
    facts_total = next(r for r in fact_rows[0] if all(v is None for v in r[:5]))
    hours = report["hours"]["total"]["value"]
    return {
        "year": year,
        "attendance_rows_year": attendance_rows,
        "attendance_rows_all": all_attendance,
        "contract_facts": result.contract_facts,
        "hours_facts": result.hours_facts,
        "full_refresh_s": full_refresh,
        "year_refresh_s": year_refresh,
        "bare_register_s": bare_register,
        "bare_facts_s": bare_facts,
        "report_json_cold_s": cold_report_time,
        "report_json_s": report_time,
        "ratio_register": cold_report_time / bare_register,
        "ratio_facts": cold_report_time / bare_facts,
        "python_peak_mb": python_peak / 1e6,
        "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pdf_s": pdf_time,
        "pdf_kb": len(pdf) / 1024,
        "people": report["people_under_contract"]["total"]["value"]["people"],
        "hours_followed": hours["followed"],
        "register_hours_followed": float(register_total[6]),
        "facts_hours_followed": float(facts_total[6]),
    }


def as_markdown(figures: dict) -> str:
    f = figures
    ok = "✅" if f["report_json_cold_s"] < 3 and f["ratio_register"] <= 2 else "❌"
    year = f["year"]
    rows = [
        (
            f"attendance rows of {year} / all years",
            f"{f['attendance_rows_year']:,} / {f['attendance_rows_all']:,}",
        ),
        ("`refresh_stats` (all years)", f"{f['full_refresh_s']:.1f} s"),
        (
            f"`refresh_stats --year {year}` (nightly job)",
            f"{f['year_refresh_s']:.1f} s ({f['contract_facts']:,} contract facts, "
            f"{f['hours_facts']:,} month facts)",
        ),
        (
            "bare SQL aggregate over the register rows of the year (people + hours, "
            "6 grouping sets)",
            f"{f['bare_register_s'] * 1000:.0f} ms",
        ),
        ("bare SQL aggregate over the fact rows of the year", f"{f['bare_facts_s'] * 1000:.0f} ms"),
        (
            f"**`sector_report({year})` as JSON, first call (cold)** (all indicators, suppression)",
            f"**{f['report_json_cold_s'] * 1000:.0f} ms**",
        ),
        (
            f"`sector_report({year})` as JSON, median of the warm calls (favourable)",
            f"{f['report_json_s'] * 1000:.0f} ms",
        ),
        (
            "ratio cold report / bare aggregate over the register",
            f"{f['ratio_register']:.2f}× {ok}",
        ),
        ("ratio cold report / bare aggregate over the facts", f"{f['ratio_facts']:.1f}×"),
        ("peak Python memory during the report (tracemalloc)", f"{f['python_peak_mb']:.1f} MB"),
        ("peak RSS of the whole benchmark process", f"{f['rss_peak_mb']:.0f} MB"),
        ("PDF of the report", f"{f['pdf_s']:.1f} s ({f['pdf_kb']:.0f} KB)"),
        (
            "people under contract / hours followed (report)",
            f"{f['people']:,} / {f['hours_followed']:,.2f}",
        ),
        (
            "hours followed (bare over the register / over the facts)",
            f"{f['register_hours_followed']:,.2f} / {f['facts_hours_followed']:,.2f}",
        ),
    ]
    table = "\n".join(f"| {label} | {value} |" for label, value in rows)
    machine = platform.processor() or platform.machine()
    return f"""{SECTION}

`python -m bench sector_report --year {year}` on the 5-year sector dataset
(`generate_demo_data --scale sector --years 5 --seed 1 --today 2025-06-30`), on this machine
({machine}, {os.cpu_count()} cores, PostgreSQL on loopback). Median of the runs; all measured
in the same run.

| what | figure |
|---|---|
{table}

The report reads the anonymised facts (decision record 0701), so it does not scan the
attendance rows at request time: it is faster than the bare aggregate over the register, which
is the work it replaces. It runs about twenty small queries (one per indicator and profile
attribute, each with GROUPING SETS), hence the larger ratio against the bare aggregate over the
same facts. The price is the nightly `refresh_stats`.
"""


def figures_of(f: dict) -> list[Figure]:
    return [
        Figure(
            f"sector report {f['year']} as JSON, first call (cold)",
            milliseconds(f["report_json_cold_s"]),
            "< 3 s",
            f["report_json_cold_s"] < 3,
        ),
        Figure(
            "cold report / bare aggregate over the register",
            f"{f['ratio_register']:.2f}×",
            "≤ 2×",
            f["ratio_register"] <= 2,
        ),
        Figure(
            f"sector report {f['year']} as JSON, median of the warm calls",
            milliseconds(f["report_json_s"]),
            case=FAVOURABLE,
        ),
        Figure(
            "peak RSS of the benchmark process",
            f"{f['rss_peak_mb']:.0f} MB",
            "< 500 MB",
            f["rss_peak_mb"] < 500,
        ),
        Figure("PDF of the sector report", f"{f['pdf_s']:.1f} s", "< 20 s", f["pdf_s"] < 20),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench sector_report")
    parser.add_argument("--year", type=int, help="année mesurée (défaut : 2024, 2025 en --smoke)")
    parser.add_argument("--repeat", type=int, default=3)
    add_common_arguments(parser)
    options = parser.parse_args(argv)
    use_database_server()
    dataset = use_training_history(options.smoke)
    year = options.year or (WORLD_DAY.year if options.smoke else 2024)
    print(f"Base : {dataset}.", flush=True)
    figures = measure(year, 1 if options.smoke else options.repeat)
    for key, value in figures.items():
        print(f"{key:28} {value:,.3f}" if isinstance(value, float) else f"{key:28} {value}")
    if not (options.no_write or options.smoke):
        write_section(SECTION, as_markdown(figures))
        print(f"Écrit dans {PERFORMANCE_DOC}")
    return finish("sector_report", figures_of(figures), options)
