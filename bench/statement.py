"""Benchmark: a centre's monthly statement XLSX for 120 trainees.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_x python -m bench statement [--runs 10]

Creates one centre with 120 contracts and a month of daily attendance (January 2023) inside a
transaction that is rolled back, then builds the XLSX ``--runs`` times. The first run is
reported on its own: it is the cold one (first query of that plan, parameters read from their
YAML, openpyxl's first workbook). Run it on the sector-scale database
(``bench/_datasets.py``: the attendance table holds millions of other rows). The cold first
run is the worst case a coordinator meets, the warm median the favourable one.

``--existing 2024-03`` measures instead the busiest centre of the database for that month
(nothing is created): the closest to what a coordinator of a large centre does.
"""

import argparse
import statistics
import time

from bench._common import FAVOURABLE, Figure, add_common_arguments, finish, use_database_server
from bench._datasets import use_training_history
from bench._training_world import Rollback, fresh_sequences


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
    from tremplin.training.periods import month_bounds

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
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    use_database_server()
    dataset = use_training_history(args.smoke)
    from django.db import transaction

    runs = 2 if args.smoke else args.runs
    if args.existing:
        year, month = (int(part) for part in args.existing.split("-"))
        centre = _busiest_centre(year, month)
        if centre is None:
            print("Aucun contrat ce mois-là dans la base du banc.")
            return 1
        timings, queries, content, count = _timed(centre, year, month, runs)
    else:
        try:
            with transaction.atomic():
                centre = _world_of_120()
                timings, queries, content, count = _timed(centre, 2023, 1, runs)
                raise Rollback
        except Rollback:
            pass
    print(f"Base : {dataset}. Relevé XLSX d'un centre, {count} stagiaires ({len(content)} octets).")
    rest = timings[1:] or timings
    return finish(
        "statement",
        [
            Figure(
                "SQL queries of a centre's monthly statement",
                str(max(queries)),
                "1",
                max(queries) == 1,
            ),
            Figure(
                f"statement XLSX of {count} trainees, first run (cold)",
                f"{timings[0]:.0f} ms",
                "< 1 s",
                timings[0] < 1000,
            ),
            Figure(
                f"statement XLSX of {count} trainees, median of the warm runs",
                f"{statistics.median(rest):.0f} ms",
                case=FAVOURABLE,
            ),
        ],
        args,
    )
