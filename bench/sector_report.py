"""Benchmark of the sector statistics on the 5-year sector dataset.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_x_bench \
        python -m bench sector_report [--year 2024] [--prepare] [--write-doc]

``--prepare`` fills the database first (migrations, territory, ``generate_demo_data --scale
sector --years 5``): use a database of its own. Then, in the same run:

1. ``refresh_stats`` (all years, then the year again: the nightly job);
2. the **bare SQL aggregate** over the year's register rows: people under contract and hours
   followed / *assimilées*, total and by province, IBEFE area, objective, method and sector
   (GROUPING SETS straight over ``training_attendanceday`` and ``training_contract``);
3. the same bare aggregate over the fact rows;
4. ``sector_report(year)`` as JSON (every indicator, suppression applied), its peak Python
   memory (tracemalloc) and the process's peak RSS;
5. the PDF.

Prints the times and the ratios; ``--write-doc`` puts them in ``docs/performance.md``
(section "Sector statistics"). Targets (issue 7): JSON < 3 s and ≤ 2× the bare aggregate,
peak memory < 500 MB, PDF < 20 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE_DOC = ROOT / "docs" / "performance.md"
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


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def prepare():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_territory", verbosity=0)
    call_command(
        "generate_demo_data", scale="sector", years=5, seed=1, today="2025-06-30", verbosity=1
    )


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
    sector_report(year)  # warm the connection and the caches of Python
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
        "report_json_s": report_time,
        "ratio_register": report_time / bare_register,
        "ratio_facts": report_time / bare_facts,
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
    ok = "✅" if f["report_json_s"] < 3 and f["ratio_register"] <= 2 else "❌"
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
            f"**`sector_report({year})` as JSON** (all indicators, suppression)",
            f"**{f['report_json_s'] * 1000:.0f} ms**",
        ),
        ("ratio report / bare aggregate over the register", f"{f['ratio_register']:.2f}× {ok}"),
        ("ratio report / bare aggregate over the facts", f"{f['ratio_facts']:.1f}×"),
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


def write_doc(text: str) -> None:
    current = (
        PERFORMANCE_DOC.read_text(encoding="utf-8")
        if PERFORMANCE_DOC.exists()
        else ("# Performance\n\n")
    )
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        current = pattern.sub(text.rstrip() + "\n\n", current)
    else:
        current = current.rstrip() + "\n\n" + text
    PERFORMANCE_DOC.write_text(current, encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench sector_report")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--prepare", action="store_true", help="Créer le jeu de données secteur.")
    parser.add_argument("--write-doc", action="store_true", help="Écrire docs/performance.md.")
    options = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        print("Définissez DATABASE_URL (une base à part : elle sera remplie).")
        return 2
    setup_django()
    if options.prepare:
        prepare()
    from tremplin.training.models import Contract

    if not Contract.objects.exists():
        print("La base n'a aucun contrat : lancez d'abord avec --prepare.")
        return 1
    figures = measure(options.year, options.repeat)
    for key, value in figures.items():
        print(f"{key:28} {value:,.3f}" if isinstance(value, float) else f"{key:28} {value}")
    text = as_markdown(figures)
    if options.write_doc:
        write_doc(text)
        print(f"Écrit dans {PERFORMANCE_DOC}")
    return 0
