"""Benchmark: a centre's monthly statement XLSX for 120 trainees.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_x python -m bench statement [--runs 10]

Creates one centre with 120 contracts and a month of daily attendance (January 2023) inside a
transaction that is rolled back, then builds the XLSX ``--runs`` times. The first run is
reported on its own: it is the cold one (first query of that plan, parameters read from their
YAML, openpyxl's first workbook). Run it on the sector-scale database
(``generate_demo_data --scale sector``) so the attendance table holds millions of other rows.

``--existing 2024-03`` measures instead the busiest centre of the database for that month
(nothing is created): the closest to what a coordinator of a large centre does.
"""

import argparse
import statistics
import time

from bench._training_world import Rollback, fresh_sequences, setup_django


def _timed(centre, year, month, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tremplin.training.models import Contract
    from tremplin.training.statements import statements_for
    from tremplin.www.centre.training.statements import centre_statements_xlsx

    timings, queries, content, count = [], [], b"", 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            statements = statements_for(Contract.objects.filter(centre=centre), year, month)
            content = centre_statements_xlsx(centre, year, month, statements)
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
        count = len(statements)
    return timings, queries, content, count


def _world_of_120():
    import datetime
    from decimal import Decimal

    from tests.training.factories import ContractFactory, GroupFactory
    from tremplin.training.models import AttendanceDay

    fresh_sequences()
    group = GroupFactory()
    contracts = [ContractFactory(group=group) for _ in range(120)]
    days = [
        datetime.date(2023, 1, d) for d in range(1, 32) if datetime.date(2023, 1, d).weekday() < 5
    ]
    AttendanceDay.objects.bulk_create(
        AttendanceDay(contract=c, day=d, hours_followed=Decimal("6"))
        for c in contracts
        for d in days
    )
    return group.training.centre


def _busiest_centre(year, month):
    from django.db.models import Count

    from tremplin.directory.models import Centre
    from tremplin.training.statements import month_bounds

    first, last = month_bounds(year, month)
    return (
        Centre.objects.filter(
            contracts__start_date__lte=last, contracts__planned_end_date__gte=first
        )
        .annotate(n=Count("contracts"))
        .order_by("-n")
        .first()
    )


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench statement")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--existing", metavar="AAAA-MM", help="centre le plus chargé ce mois-là")
    args = parser.parse_args(argv)
    setup_django()
    from django.db import transaction

    if args.existing:
        year, month = (int(part) for part in args.existing.split("-"))
        centre = _busiest_centre(year, month)
        if centre is None:
            print("Aucun contrat ce mois-là : générez d'abord les données (--scale sector).")
            return 1
        timings, queries, content, count = _timed(centre, year, month, args.runs)
    else:
        try:
            with transaction.atomic():
                centre = _world_of_120()
                timings, queries, content, count = _timed(centre, 2023, 1, args.runs)
                raise Rollback
        except Rollback:
            pass
    print(f"Relevé XLSX d'un centre, {count} stagiaires ({len(content)} octets) :")
    print(f"  requêtes SQL : {max(queries)}")
    print(f"  premier passage (à froid) : {timings[0]:.0f} ms")
    rest = timings[1:] or timings
    print(f"  suivants : médiane {statistics.median(rest):.0f} ms, max {max(rest):.0f} ms")
    return 0
