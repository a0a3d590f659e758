"""``python manage.py eligibility situation.json``: the same answer as the API, on the console
(a way in like the API, so it lives beside it: a domain app never imports ``api/``)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tremplin.api.eligibility import SituationSerializer
from tremplin.rules.engine import evaluate


class Command(BaseCommand):
    requires_system_checks = []  # pure computation: no database, no models
    help = (
        "Évalue l'éligibilité CISP d'une situation décrite dans un fichier JSON (ou - pour stdin)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "situation", help="Fichier JSON, même format que POST /api/v1/eligibility/"
        )

    def handle(self, *args, **options):
        source = options["situation"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
            data = json.loads(text)
        except OSError as error:
            raise CommandError(f"Impossible de lire {source} : {error}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"JSON invalide : {error}") from error
        if not isinstance(data, dict):
            raise CommandError("Le fichier doit contenir un objet JSON.")
        serializer = SituationSerializer(data=data)
        if not serializer.is_valid():
            errors = {
                field: [str(m) for m in messages] for field, messages in serializer.errors.items()
            }
            raise CommandError(json.dumps(errors, ensure_ascii=False, indent=2))
        answer = evaluate(serializer.situation()).as_dict()
        self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
