"""Recompute the NISS digests after ``TREMPLIN_DIGEST_KEY`` changed (decision 0802)."""

from django.core.management.base import BaseCommand, CommandError

from tremplin.audit.digests import DigestCollision, recompute_niss_digests


class Command(BaseCommand):
    help = (
        "Recalcule l'empreinte du NISS de chaque dossier avec la clé TREMPLIN_DIGEST_KEY "
        "actuelle (après un changement de cette clé)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compte sans écrire.")

    def handle(self, *args, dry_run=False, **options):
        try:
            report = recompute_niss_digests(dry_run=dry_run)
        except DigestCollision as refusal:
            raise CommandError(refusal.message) from refusal
        verb = "à recalculer" if dry_run else "recalculée(s)"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.checked} NISS vérifié(s), {report.changed} empreinte(s) {verb}."
            )
        )
