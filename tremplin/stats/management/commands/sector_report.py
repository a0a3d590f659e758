"""Write the sector report of a year (JSON, HTML, PDF, XLSX or CSV)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tremplin.stats.exports import FORMATS, render
from tremplin.stats.indicators import sector_report


class Command(BaseCommand):
    help = "Écrit le rapport du secteur (chiffres clés) d'une année, petites cases masquées."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Année (ex. 2024).")
        parser.add_argument("--format", choices=FORMATS, default="json", dest="fmt")
        parser.add_argument("--output", required=True, help="Fichier à écrire (« - » : écran).")

    def handle(self, *args, year, fmt, output, **options):
        write(self, sector_report(year), fmt, output)


def write(command, report, fmt, output):
    content, _type, _ext = render(report, fmt)
    if output == "-":
        if fmt in ("pdf", "xlsx"):
            raise CommandError("Le PDF et le XLSX doivent aller dans un fichier (--output).")
        command.stdout.write(content.decode("utf-8-sig"))
        return
    path = Path(output)
    if not path.parent.exists():
        raise CommandError(f"Le dossier {path.parent} n'existe pas.")
    path.write_bytes(content)
    command.stdout.write(f"Écrit : {path} ({len(content)} octets).")
