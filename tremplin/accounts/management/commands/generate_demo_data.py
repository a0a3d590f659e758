"""Create the fictional demo world (see ``tremplin.demo``)."""

import datetime
import os

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from tremplin.accounts.models import Organisation
from tremplin.demo import DemoWorld, build_world


def count_rows() -> dict[str, int]:
    """Rows per model of the Tremplin apps (and users), to report what a run created."""
    tables = set(connection.introspection.table_names())
    counts = {}
    for model in apps.get_models():
        if (
            model._meta.app_config.name.startswith("tremplin.")
            and not model._meta.proxy
            and model._meta.db_table in tables
        ):
            counts[model._meta.label] = model._default_manager.count()
    return counts


def parse_day(value) -> datetime.date:
    """``--today`` as typed on the command line, or as given to ``call_command`` (a date or
    the same text): ``call_command``'s keyword options skip the parser's ``type``."""
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(f"Date invalide : {value!r} (attendu : AAAA-MM-JJ).") from None


class Command(BaseCommand):
    help = "Crée un monde de démonstration fictif (centres, comptes, personnes, formations)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "sector"], default="demo")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--years", type=int, default=2, help="Années d'historique.")
        parser.add_argument(
            "--today",
            type=parse_day,
            default=None,
            help="Date du jour du monde (AAAA-MM-JJ), pour un résultat reproductible.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne fait rien si une organisation existe déjà.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Montre ce qui serait créé, sans l'enregistrer."
        )

    def handle(self, *args, **options):
        if getattr(settings, "PRODUCTION", False) and os.environ.get("TREMPLIN_ALLOW_DEMO") != "1":
            raise CommandError(
                "Refusé en production : les comptes de démonstration ont un mot de passe connu. "
                "Définissez TREMPLIN_ALLOW_DEMO=1 pour un site de démonstration."
            )
        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("Des organisations existent déjà : données de démonstration gardées.")
            return
        world = DemoWorld(
            seed=options["seed"],
            scale=options["scale"],
            years=options["years"],
            today=parse_day(options["today"] or datetime.date.today()),
            stdout=self.stdout,
        )
        before = count_rows()
        with transaction.atomic():
            ran = build_world(world)
            after = count_rows()
            if options["dry_run"]:
                transaction.set_rollback(True)
        created = {label: after[label] - before.get(label, 0) for label in after}
        for label, number in sorted(created.items()):
            if number:
                self.stdout.write(f"  {label} : {number:+d}")
        verb = "serait créé" if options["dry_run"] else "créé"
        self.stdout.write(
            self.style.SUCCESS(
                f"Monde de démonstration {verb} (échelle {world.scale}, graine {world.seed}, "
                f"{len(ran)} modules)."
            )
        )
