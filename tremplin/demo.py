"""The demo world: one shared, seeded state that each app's ``demo.build(world)`` extends.

``python manage.py generate_demo_data --scale demo --seed 1`` calls, in this order and inside one
transaction, ``build(world)`` of every module listed in ``DEMO_MODULES`` that exists. Each
module reads what earlier ones left in ``world.objects`` (e.g. ``world.objects["centres"]``) and
adds its own. Everything is fictional: names say "démo" or "fictif", e-mails end in
``.example``. Draw every random choice from ``world.rng`` so a seed gives the same world.
"""

import contextlib
import datetime
import importlib
import importlib.util
import random
import sys
from dataclasses import dataclass, field
from typing import Literal, TextIO

from django.db import connection

Scale = Literal["demo", "sector"]
# The demo's trainings take in a group on the Monday of the week of the 8th of these months.
INTAKE_MONTHS = (1, 5, 9)

DEMO_MODULES = (
    "tremplin.directory.demo",
    "tremplin.accounts.demo",
    "tremplin.intake.demo",
    "tremplin.training.demo",
    "tremplin.staff_training.demo",
    "tremplin.library.demo",
    "tremplin.stats.demo",
)


@dataclass
class DemoWorld:
    """What the demo builders share.

    ``scale`` is ``"demo"`` (a handful of centres, quick to load, for a newcomer) or
    ``"sector"`` (the size of the Walloon sector: ~150 centres, ~15,000 trainees a year, for
    benchmarks). ``years`` is how many years of history to create back from ``today``.
    """

    seed: int = 1
    scale: Scale = "demo"
    years: int = 2
    today: datetime.date = field(default_factory=datetime.date.today)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    rng: random.Random = field(init=False)
    objects: dict = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    @property
    def is_sector(self) -> bool:
        return self.scale == "sector"

    def sized(self, demo: int, sector: int) -> int:
        """Pick a count according to the scale: ``world.sized(3, 150)`` centres."""
        return sector if self.is_sector else demo

    def intake_starts(self) -> list[datetime.date]:
        """The first day of each intake of the demo's trainings, oldest first, from ``years``
        back to ``today``. The intake builder signs its candidacies at « contrat signé » before
        the latest one, the training builder starts their contracts on it."""
        starts = []
        for year in range(self.today.year - self.years + 1, self.today.year + 1):
            for month in INTAKE_MONTHS:
                eighth = datetime.date(year, month, 8)
                start = eighth - datetime.timedelta(days=eighth.weekday())
                if start <= self.today:
                    starts.append(start)
        return starts

    def log(self, message: str) -> None:
        self.stdout.write(f"  {message}\n")


@contextlib.contextmanager
def history_ignored(tables):
    """Skip the pghistory triggers of ``tables`` inside the block (generated rows are not
    "changes"), on top of those already skipped; the previous setting comes back after."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('pgtrigger.ignore', true)")
        before = cursor.fetchone()[0] or "{}"
        cursor.execute(
            "SELECT array_agg(tgname) FROM pg_trigger "
            "WHERE tgrelid = ANY(%s::regclass[]) AND tgname LIKE 'pgtrigger_%%'",
            [list(tables)],
        )
        names = [name for name in before.strip("{}").split(",") if name]
        names += cursor.fetchone()[0] or []
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(names) + "}"]
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", [before])


def backdate(model, moments: dict, field: str = "created_at") -> None:
    """Set ``field`` of the rows ``moments`` names (primary key: moment) in one UPDATE.

    The field is ``auto_now_add`` (a real row is dated when it is made, which the demo keeps
    for real users): the demo's rows were made today but tell years of history, so their date
    is set after their creation, without a history event."""
    if not moments:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    pk = model._meta.pk
    with history_ignored([model._meta.db_table]), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET {column} = v.at "  # noqa: S608 (names from the model)
            f"FROM unnest(%s::{pk.db_type(connection)}[], %s::timestamptz[]) AS v(id, at) "
            f"WHERE t.{connection.ops.quote_name(pk.column)} = v.id",
            [list(moments), list(moments.values())],
        )


def available_builders(modules=None):
    """The ``(module name, build)`` pairs of the demo modules present in this checkout."""
    builders = []
    for name in DEMO_MODULES if modules is None else modules:
        try:
            if importlib.util.find_spec(name) is None:
                continue
        except ModuleNotFoundError:  # the parent package itself is missing
            continue
        builders.append((name, importlib.import_module(name).build))
    return builders


def build_world(world: DemoWorld, modules=None) -> list[str]:
    """Run every available builder on ``world``; return the modules that ran."""
    ran = []
    for name, build in available_builders(modules):
        world.stdout.write(f"{name}\n")
        build(world)
        ran.append(name)
    return ran
