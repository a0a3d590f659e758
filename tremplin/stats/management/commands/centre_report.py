"""Write one centre's figures and annual activity report for a year."""

import uuid

from django.core.management.base import BaseCommand, CommandError

from tremplin.stats.exports import FORMATS
from tremplin.stats.indicators import centre_report
from tremplin.stats.management.commands.sector_report import write


class Command(BaseCommand):
    help = (
        "Écrit le rapport d'activités d'un centre pour une année (ses propres chiffres, "
        "préremplis depuis Tremplin)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--centre", required=True, help="Identifiant (UUID) du centre.")
        parser.add_argument("--year", type=int, required=True, help="Année (ex. 2024).")
        parser.add_argument("--format", choices=FORMATS, default="json", dest="fmt")
        parser.add_argument("--output", required=True, help="Fichier à écrire (« - » : écran).")

    def handle(self, *args, centre, year, fmt, output, **options):
        from tremplin.directory.models import Centre

        try:
            found = Centre.objects.get(pk=uuid.UUID(centre))
        except (ValueError, Centre.DoesNotExist) as error:
            raise CommandError(f"Aucun centre avec l'identifiant {centre}.") from error
        write(self, centre_report(found, year), fmt, output)
