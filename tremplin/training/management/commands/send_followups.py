"""Create and send the 6-month follow-ups that are due. Idempotent: run it daily."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from tremplin.training.followups import send_due_followups


class Command(BaseCommand):
    help = "Crée les suivis à six mois arrivés à échéance et envoie les liens personnels."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Montre sans rien changer.")
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None, help="AAAA-MM-JJ"
        )

    def handle(self, *args, dry_run=False, today=None, **options):
        today = today or timezone.localdate()
        report = send_due_followups(
            today, dry_run=dry_run, log=lambda line: self.stdout.write(f"  {line}")
        )
        verb = "seraient" if dry_run else "ont été"
        self.stdout.write(
            f"{report.created} suivi(s) créé(s) ; {report.sent} lien(s) {verb} envoyé(s) ; "
            f"{report.without_contact} sans adresse e-mail (à appeler)."
        )
