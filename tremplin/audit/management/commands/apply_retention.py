"""Apply the retention schedule (nightly, deploy/tremplin.cron; decision 0804)."""

from django.core.management.base import BaseCommand

from tremplin.audit.retention.apply import apply_retention


class Command(BaseCommand):
    help = (
        "Applique les délais de conservation : efface ce qui n'a plus de raison d'être gardé, "
        "pseudonymise ce qui doit l'être pour le contrôle des subsides, enregistre un rapport."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Dit ce qui serait fait, sans rien changer."
        )

    def handle(self, *args, dry_run=False, **options):
        run = apply_retention(dry_run=dry_run)
        self.stdout.write(run.text)
