"""``manage.py import_centre_data CENTRE FILE… --user EMAIL [--dry-run] [--use-existing REF,…]``

A centre moving in: persons, contracts and attendance (XLSX with sheets personnes, contrats,
presences, or three CSV). Prints every problem as « feuille, ligne, colonne : message »; exit 1
when there is one (nothing written). A person who looks like an existing file of the centre is
used only when listed in ``--use-existing`` (``all`` for every match). An applied import is
recorded like one made in the browser: the centre can undo it from its page for 24 hours.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tremplin.accounts.models import User
from tremplin.directory.models import Centre
from tremplin.imports.spreadsheet import NamedContent
from tremplin.training import centre_imports, moving_in


class Command(BaseCommand):
    help = "Importe les personnes, contrats et présences d'un centre qui arrive sur Tremplin."

    def add_arguments(self, parser):
        parser.add_argument("centre", help="Numéro d'agrément ou identifiant du centre.")
        parser.add_argument("files", nargs="+")
        parser.add_argument("--user", required=True, help="E-mail du membre qui importe.")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--use-existing", default="", help="Références à relier (ou all).")

    def handle(self, centre, files, user, dry_run, use_existing, **options):
        found = Centre.objects.filter(agrement_number=centre).first()
        if found is None:
            try:
                found = Centre.objects.get(pk=centre)
            except (Centre.DoesNotExist, ValidationError):
                raise CommandError(f"Centre introuvable : {centre}") from None
        author = User.objects.filter(email__iexact=user).first()
        if author is None:
            raise CommandError(f"Aucun compte avec l'e-mail {user}.")
        for name in files:
            if not Path(name).is_file():
                raise CommandError(f"Fichier introuvable : {name}")
        uploads = [NamedContent.from_path(name) for name in files]
        accepted = use_existing.split(",") if use_existing else []
        if accepted == ["all"]:
            accepted = [match["ref"] for match in moving_in.analyse(uploads, found).matches]
        if dry_run:
            report = moving_in.analyse(uploads, found, accepted)
        else:
            try:
                report = centre_imports.apply_files(found, author, uploads, accepted)
            except moving_in.MovingInRefused as refused:
                report = refused.report
        for problem in report.problems:
            self.stderr.write(str(problem))
        for match in report.matches:
            person = match["person"]
            self.stdout.write(
                f"{match['ref']} ressemble à {person.first_name} {person.last_name} "
                f"({match['why']})"
            )
        if not report.ok:
            raise CommandError(
                f"{len(report.problems)} problème(s) : rien n'a été enregistré.", returncode=1
            )
        counts = report.counts
        done = "essai : rien n'a été enregistré" if dry_run else "appliqué"
        self.stdout.write(
            f"Personnes : {counts['persons']} nouvelles, {counts['matched']} existantes ; "
            f"contrats : {counts['contracts']} ; présences : {counts['attendance']} ({done})."
        )
