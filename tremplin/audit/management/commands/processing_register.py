"""Write the register of processing (inventory of personal data) as Markdown (decision 0805)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tremplin.audit.register import markdown, unclassified


class Command(BaseCommand):
    help = "Écrit l'inventaire des données personnelles (registre des traitements) en Markdown."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Fichier à écrire (sinon : la sortie standard).")

    def handle(self, *args, output=None, **options):
        missing = unclassified()
        if missing:
            raise CommandError("Champs non classés : " + ", ".join(missing))
        text = markdown()
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"Registre écrit dans {output}.")
        else:
            self.stdout.write(text)
