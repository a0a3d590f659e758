"""``manage.py import_directory FILE [FILE…] [--dry-run]``: the federation's directory file.

One XLSX workbook, or the three CSV files (``centres.csv``, ``sites.csv``, ``formations.csv``).
Prints what would be (or was) created, changed and left alone, the absent centres, and every
problem as « feuille, ligne, colonne : message ». Exit status 0 when applied or when a dry run
finds no problem, 1 when the file has problems (then nothing is written).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tremplin.accounts.models import User
from tremplin.directory.importing import ImportRefused, analyse_files, apply_file
from tremplin.imports.spreadsheet import NamedContent


class Command(BaseCommand):
    help = "Importe le fichier de l'annuaire de la fédération (XLSX, ou trois CSV)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Le classeur XLSX, ou les trois CSV.")
        parser.add_argument("--dry-run", action="store_true", help="N'enregistre rien.")
        parser.add_argument("--user", help="E-mail du compte au nom duquel importer.")

    def handle(self, files, dry_run, user, **options):
        paths = [Path(name) for name in files]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"Fichier introuvable : {path}")
        author = None
        if user:
            author = User.objects.filter(email__iexact=user).first()
            if author is None:
                raise CommandError(f"Aucun compte avec l'e-mail {user}.")
        uploads = [NamedContent.from_path(path) for path in paths]
        try:
            if dry_run:
                report = analyse_files(uploads)
            else:
                report = apply_file(uploads, author, ", ".join(path.name for path in paths))
        except ImportRefused as refused:
            report = refused.report
        self.print_report(report, dry_run)
        if not report.ok:
            raise CommandError(
                f"{len(report.problems)} problème(s) : rien n'a été enregistré.", returncode=1
            )

    def print_report(self, report, dry_run):
        for problem in report.problems:
            self.stderr.write(str(problem))
        if not report.ok:
            return
        counts = report.counts
        done = "essai : rien n'a été enregistré" if dry_run else "appliqué"
        self.stdout.write(
            f"Créés : {counts['created']} ; modifiés : {counts['changed']} ; "
            f"inchangés : {counts['unchanged']} ({done})."
        )
        for item in report.items:
            if item.action == "unchanged" and not item.disagreements:
                continue
            self.stdout.write(f"- {item.kind} {item.label} : {item.action}")
            for name, before, after in item.changes:
                self.stdout.write(f"    {name} : « {before} » → « {after} »")
            for name, centre, file in item.disagreements:
                self.stdout.write(
                    f"    {name} : le centre garde « {centre} » (le fichier dit « {file} »)"
                )
        for absent in report.absent:
            self.stdout.write(f"Absent du fichier (gardé) : {absent}")
