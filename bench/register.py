"""Benchmark: save a whole register week of a group of 20 trainees (one request's work).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_x python -m bench register [--runs 20]

Creates a group of 20 contracts inside a transaction that is rolled back, then saves the week
``--runs`` times (each save bumps the version), counting the SQL queries of each save and
timing it. Prints the query count, median and worst time.
"""

import argparse
import statistics
import time

from bench._training_world import Rollback, fresh_sequences, setup_django


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench register")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    setup_django()
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
            for run in range(args.runs):
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
    print(f"Semaine de 20 stagiaires × 5 jours ({result.saved} journées) :")
    print(f"  requêtes SQL par enregistrement : max {max(queries)}")
    print(f"  temps : médiane {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms")
    return 0
