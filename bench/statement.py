"""Benchmark: a centre's monthly statement XLSX for 120 trainees.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_x python -m bench statement [--runs 10]

Creates one centre with 120 contracts and a month of daily attendance (January 2023, across
nothing but a normal month) inside a transaction that is rolled back, then builds the XLSX
``--runs`` times and prints the median and worst time and the number of queries.
"""

import argparse
import statistics
import time

from bench._training_world import Rollback, fresh_sequences, setup_django


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench statement")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args(argv)
    setup_django()
    import datetime
    from decimal import Decimal

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from tests.training.factories import ContractFactory, GroupFactory
    from tremplin.training.models import AttendanceDay, Contract
    from tremplin.training.statements import statements_for
    from tremplin.www.centre.training.statements import centre_statements_xlsx

    timings, queries = [], []
    try:
        with transaction.atomic():
            fresh_sequences()
            group = GroupFactory()
            centre = group.training.centre
            contracts = [ContractFactory(group=group) for _ in range(120)]
            days = [
                datetime.date(2023, 1, d)
                for d in range(1, 32)
                if datetime.date(2023, 1, d).weekday() < 5
            ]
            AttendanceDay.objects.bulk_create(
                AttendanceDay(contract=c, day=d, hours_followed=Decimal("6"))
                for c in contracts
                for d in days
            )
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    statements = statements_for(Contract.objects.filter(centre=centre), 2023, 1)
                    content = centre_statements_xlsx(centre, 2023, 1, statements)
                    timings.append((time.perf_counter() - started) * 1000)
                queries.append(len(captured))
            raise Rollback
    except Rollback:
        pass
    print(f"Relevé XLSX d'un centre, 120 stagiaires ({len(content)} octets) :")
    print(f"  requêtes SQL : {max(queries)}")
    print(f"  temps : médiane {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms")
    return 0
