"""Delete the bookings of information sessions that ended more than six months ago.

The consent text promises this; run it once a day (see docs).
"""

from django.core.management.base import BaseCommand

from tremplin.intake.booking import RETENTION, purge_expired


class Command(BaseCommand):
    help = "Efface les inscriptions aux séances terminées depuis plus de six mois."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Compte les inscriptions sans les effacer."
        )

    def handle(self, *args, dry_run=False, **options):
        count = purge_expired(dry_run=dry_run)
        verb = "à effacer" if dry_run else "effacée(s)"
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} inscription(s) {verb} "
                f"(séances finies depuis plus de {RETENTION.days} jours)."
            )
        )
