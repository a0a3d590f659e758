"""The databases the benchmarks fill, each of its own, reused when already filled.

``training history``: ``<DATABASE_URL's name>_bench_sector``, the 5-year sector world
(``generate_demo_data --scale sector --years 5 --seed 1 --today 2025-06-30``, 4 to 8 minutes
the first time). With ``--smoke``, the one-year demo world instead (seconds, in
``…_bench_sector_smoke``): enough to prove that a benchmark runs, not to measure it.
"""

from __future__ import annotations

import datetime
import io
import os

from bench._common import database_url, setup_django

WORLD_DAY = datetime.date(2025, 6, 30)


def use_training_history(smoke: bool) -> str:
    """Point Django at the training-history database, fill it if empty; return a description."""
    os.environ["DATABASE_URL"] = database_url("bench_sector_smoke" if smoke else "bench_sector")
    setup_django()
    from django.core.management import call_command

    from tremplin.territory.models import PostalCode
    from tremplin.training.models import AttendanceDay, Contract

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if not PostalCode.objects.exists():
        call_command("load_territory", verbosity=0, stdout=io.StringIO())
    if not Contract.objects.exists():
        scale, years = ("demo", 1) if smoke else ("sector", 5)
        print(f"Génération du monde ({scale}, {years} ans) : une seule fois…", flush=True)
        call_command(
            "generate_demo_data",
            scale=scale,
            years=years,
            seed=1,
            today=WORLD_DAY,
            stdout=io.StringIO(),
        )
    return (
        f"{Contract.objects.count():,} contracts, {AttendanceDay.objects.count():,} attendance days"
    )
