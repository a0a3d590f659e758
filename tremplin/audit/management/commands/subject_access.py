"""Produce the access-request ZIP of a person (RGPD art. 15/20; decision 0806)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tremplin.audit.subject_access import build_zip
from tremplin.intake.models import Person


class Command(BaseCommand):
    help = "Produit le ZIP (PDF lisible + JSON) de tout ce que Tremplin garde sur une personne."

    def add_arguments(self, parser):
        parser.add_argument("--person", required=True, help="Identifiant du dossier (UUID).")
        parser.add_argument("--output", required=True, help="Fichier ZIP à écrire.")
        parser.add_argument(
            "--with-staff-names",
            action="store_true",
            help="Nommer les membres du personnel (seulement si la politique du centre le dit).",
        )

    def handle(self, *args, person, output, with_staff_names=False, **options):
        found = Person.objects.filter(pk=person).first() if _is_uuid(person) else None
        if found is None:
            raise CommandError(f"Aucun dossier {person}.")
        Path(output).write_bytes(build_zip(found, staff_names=with_staff_names))
        self.stdout.write(f"Dossier de {found.pk} écrit dans {output}.")


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
