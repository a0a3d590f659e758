"""Expire open candidacies left untouched too long (idempotent; ``--dry-run`` lists them)."""

from django.core.management.base import BaseCommand

from tremplin.intake.workflow import expire_after, expire_untouched


class Command(BaseCommand):
    help = (
        "Clôture les candidatures restées sans action plus longtemps que "
        "TREMPLIN_CANDIDACY_EXPIRE_AFTER_DAYS (60 jours par défaut), et prévient la personne "
        "et le prescripteur ou la prescriptrice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Afficher sans rien changer ni envoyer."
        )

    def handle(self, *args, dry_run=False, **options):
        done = expire_untouched(dry_run=dry_run)
        verb = "expirerait" if dry_run else "expirée"
        for candidacy in done:
            self.stdout.write(f"{verb} : {candidacy.pk} ({candidacy.training}, {candidacy.status})")
        self.stdout.write(
            f"{len(done)} candidature(s) {'à expirer' if dry_run else 'expirée(s)'} "
            f"(sans action depuis {expire_after().days} jours)."
        )
