"""``python manage.py rules_note_texts``: copy the notes of the parameter files into
``tremplin/rules/yaml_notes.py`` so that makemessages finds them (run it before makemessages)."""

from django.core.management.base import BaseCommand

from tremplin.rules.note_texts import GENERATED_FILE, write_note_texts, yaml_notes


class Command(BaseCommand):
    requires_system_checks = []
    help = "Écrit les notes des fichiers de paramètres dans tremplin/rules/yaml_notes.py."

    def handle(self, *args, **options):
        write_note_texts()
        self.stdout.write(f"{GENERATED_FILE} : écrit ({len(yaml_notes())} notes).")
