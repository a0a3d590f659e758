"""Build the anonymised statistics facts from the register (idempotent)."""

import time

from django.core.management.base import BaseCommand

from tremplin.stats.published import publish_key_figures
from tremplin.stats.refresh import refresh


class Command(BaseCommand):
    help = (
        "Construit les tables anonymisées des statistiques (contrats et heures par mois) à "
        "partir du registre, puis prépare les fichiers publics des chiffres clés. Sans --year : "
        "toutes les années."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Seulement l'année indiquée (ex. 2024).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Montre ce qui serait écrit, sans rien écrire."
        )

    def handle(self, *args, year=None, dry_run=False, **options):
        started = time.perf_counter()
        result = refresh(year=year, dry_run=dry_run)
        scope = f"l'année {year}" if year else "toutes les années"
        verb = "seraient écrits" if dry_run else "écrits"
        self.stdout.write(
            f"Statistiques, {scope} : {result.person_keys} nouvelles clés de personne, "
            f"{result.contract_facts} faits de contrat, {result.hours_facts} faits d'heures "
            f"{verb} ({result.hours_deleted} faits d'heures remplacés) "
            f"en {time.perf_counter() - started:.1f} s."
        )
        if dry_run:
            self.stdout.write("Essai à blanc : rien n'a été enregistré.")
            return
        started = time.perf_counter()
        published = publish_key_figures()
        self.stdout.write(
            f"Chiffres clés publics : {published} fichiers préparés "
            f"en {time.perf_counter() - started:.1f} s."
        )
