"""Delete the documents prepared in the background once their week is over."""

from django.core.management.base import BaseCommand

from tremplin.documents.models import KEEP_FOR, GeneratedDocument


class Command(BaseCommand):
    help = "Efface les documents préparés (rapports, exports) dont le délai est passé."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Compte les documents sans les effacer."
        )

    def handle(self, *args, dry_run=False, **options):
        expired = GeneratedDocument.objects.expired()
        count = expired.count() if dry_run else expired.delete()[0]
        verb = "à effacer" if dry_run else "effacé(s)"
        self.stdout.write(
            self.style.SUCCESS(f"{count} document(s) {verb} (gardés {KEEP_FOR.days} jours).")
        )
