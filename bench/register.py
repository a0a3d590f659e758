"""Benchmark: save a whole register week of a group of 20 trainees (one request's work).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_x python -m bench register [--runs 20]

Runs on the training-history database (``bench/_datasets.py``: millions of other attendance
rows around it). Creates a group of 20 contracts inside a transaction that is rolled back,
then saves the week ``--runs`` times (each save bumps the version), counting the SQL queries of
each save and timing it. The first save is the cold one (worst case); the others are warm.
"""

import argparse
import statistics
import time

from bench._common import FAVOURABLE, Figure, add_common_arguments, finish, use_database_server
from bench._datasets import use_training_history
from bench._training_world import Rollback, fresh_sequences


def measure(runs: int):
    import datetime

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from tests.training.factories import ContractFactory, GroupFactory
    from tremplin.training import register

    week = datetime.date(2022, 12, 5)
    today = datetime.date(2023, 1, 15)
    timings, queries = [], []
    try:
        with transaction.atomic():
            fresh_sequences()
            group = GroupFactory()
            for _ in range(20):
                ContractFactory(group=group)
            version = 0
            for run in range(runs):
                sheet = register.load_sheet(group, week, today=today)
                register.fill_all_present(sheet)
                if run % 2:
                    sheet.rows[0].cells[0].followed = "3"
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    result = register.save_sheet(sheet, group.trainer, version, False)
                    timings.append((time.perf_counter() - started) * 1000)
                queries.append(len(captured))
                version = result.version
            raise Rollback
    except Rollback:
        pass
    return result.saved, timings, queries


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench register")
    parser.add_argument("--runs", type=int, default=20)
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    use_database_server()
    dataset = use_training_history(args.smoke)
    saved, timings, queries = measure(2 if args.smoke else args.runs)
    warm = timings[1:] or timings
    print(f"Base : {dataset}. Semaine de 20 stagiaires × 5 jours ({saved} journées).")
    return finish(
        "register",
        [
            Figure("SQL queries per week save", str(max(queries)), "≤ 10", max(queries) <= 10),
            Figure("first save of a week of 20 (cold)", f"{timings[0]:.0f} ms"),
            Figure(
                "save of a week of 20, median of the warm saves",
                f"{statistics.median(warm):.0f} ms",
                case=FAVOURABLE,
            ),
        ],
        args,
    )
