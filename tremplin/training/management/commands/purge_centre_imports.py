"""``manage.py purge_centre_imports``: delete the centres' uploads that were never applied,
a day after they were sent, with their files (decision 1005). Idempotent; daily in the cron."""

from django.core.management.base import BaseCommand

from tremplin.training.centre_imports import purge_abandoned


class Command(BaseCommand):
    help = "Supprime les fichiers d'import des centres abandonnés depuis plus d'un jour."

    def handle(self, **options):
        count = purge_abandoned()
        self.stdout.write(f"Imports abandonnés supprimés : {count}.")
