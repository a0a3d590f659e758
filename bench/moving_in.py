"""Benchmark: a centre moves in with 10,000 attendance rows (issue 15: validated and applied in
under 30 s on this machine).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_x python -m bench moving_in

Runs on the database of ``DATABASE_URL`` (migrated if needed), inside a transaction that is
rolled back: one training, an XLSX of 50 persons, 50 contracts and 200 days of attendance each
(10,000 rows; ``--smoke``: 200 rows). Times the dry run (reading and checking every cell) and the
apply (the same checks again, then the writes in one transaction).
"""

import argparse
import os
import time

from bench._common import (
    Figure,
    add_common_arguments,
    ensure_database,
    finish,
    setup_django,
    use_database_server,
)
from bench._training_world import Rollback, fresh_sequences


def workbook(people: int, days: int) -> bytes:
    import datetime
    import io

    from openpyxl import Workbook

    from tremplin.training.moving_in import SPECS

    book = Workbook(write_only=True)
    sheets = {spec.name: book.create_sheet(spec.name) for spec in SPECS}
    for spec in SPECS:
        sheets[spec.name].append([column.code for column in spec.columns])
    start = datetime.date(2022, 9, 5)
    weekdays = [start + datetime.timedelta(days=n) for n in range(days * 7 // 5 + 7)]
    weekdays = [day for day in weekdays if day.weekday() < 5][:days]
    for n in range(people):
        ref = f"P{n:04d}"
        sheets["personnes"].append([ref, f"Fictif{n}", "Stagiaire", "17/05/1990", "", "", ""])
        sheets["contrats"].append(
            [ref, "Commis de cuisine", "05/09/2022", "30/06/2023", "", "30", ""]
        )
        for day in weekdays:
            sheets["presences"].append(
                [ref, "Commis de cuisine", day.strftime("%d/%m/%Y"), "6", "", "", ""]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def measure(people: int, days: int):
    from django.core.management import call_command
    from django.db import transaction

    from tests.directory.factories import TrainingFactory
    from tests.factories import UserFactory
    from tremplin.imports.spreadsheet import NamedContent
    from tremplin.training import moving_in

    call_command("migrate", verbosity=0)
    content = workbook(people, days)
    try:
        with transaction.atomic():
            fresh_sequences()
            training = TrainingFactory(name="Commis de cuisine")
            user = UserFactory()
            started = time.perf_counter()
            report = moving_in.analyse([NamedContent("centre.xlsx", content)], training.centre)
            dry_run = time.perf_counter() - started
            assert report.ok, [str(p) for p in report.problems[:5]]
            started = time.perf_counter()
            report = moving_in.apply(
                [NamedContent("centre.xlsx", content)], training.centre, user, "centre.xlsx"
            )
            applied = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return report.counts["attendance"], dry_run, applied


def measure_browser_path(people: int, days: int) -> dict:
    """The same file through the centre's pages (decision 1005): upload (one pass over the
    file), columns chosen and dry run, apply (recording the rows created), the undo check on
    every created row, and the undo."""
    import tempfile
    from pathlib import Path

    from django.conf import settings
    from django.db import transaction

    from tests.directory.factories import TrainingFactory
    from tests.factories import UserFactory
    from tremplin.imports.spreadsheet import NamedContent
    from tremplin.training import centre_imports

    settings.PRIVATE_FILES_ROOT = Path(tempfile.mkdtemp(prefix="tremplin-bench-"))
    content = workbook(people, days)
    times = {}
    try:
        with transaction.atomic():
            fresh_sequences()
            training = TrainingFactory(name="Commis de cuisine")
            user = UserFactory()
            started = time.perf_counter()
            record = centre_imports.receive(
                training.centre, user, [NamedContent("centre.xlsx", content)]
            )
            times["upload"] = time.perf_counter() - started
            started = time.perf_counter()
            errors = centre_imports.choose_mapping(record, record.mapping, user)
            times["columns and dry run"] = time.perf_counter() - started
            assert not errors and not record.report["problems"], errors
            started = time.perf_counter()
            centre_imports.apply_import(record, user)
            times["apply"] = time.perf_counter() - started
            record.refresh_from_db()
            started = time.perf_counter()
            reasons = centre_imports.undo_refusals(record)
            times["undo check"] = time.perf_counter() - started
            assert reasons == [], reasons
            started = time.perf_counter()
            centre_imports.undo_import(record, user)
            times["undo"] = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return times


def main(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench moving_in")
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    use_database_server()
    ensure_database(os.environ["DATABASE_URL"])
    setup_django()
    people, days = (4, 50) if args.smoke else (50, 200)
    rows, dry_run, applied = measure(people, days)
    print(f"{people} personnes, {people} contrats, {rows} présences (transaction annulée).")
    web = measure_browser_path(people, days)
    upload_to_apply = web["upload"] + web["columns and dry run"] + web["apply"]
    return finish(
        "moving_in",
        [
            *(Figure(f"pages: {step}", f"{seconds:.1f} s") for step, seconds in web.items()),
            Figure(
                f"pages: upload + dry run + apply of {rows} attendance rows",
                f"{upload_to_apply:.1f} s",
                "< 30 s",
                upload_to_apply < 30,
            ),
            Figure("dry run (read and check every cell)", f"{dry_run:.1f} s"),
            Figure(
                f"apply {rows} attendance rows (checks again, then writes)",
                f"{applied:.1f} s",
                "< 30 s",
                applied < 30,
            ),
        ],
        args,
    )
