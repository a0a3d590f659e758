"""Daily: remind each confirmed seat of a continuing-training session starting tomorrow, once."""

from django.core.management.base import BaseCommand

from tremplin.staff_training.attendance import send_reminders


class Command(BaseCommand):
    help = "Rappel la veille des sessions de formation continue (une seule fois par place)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Liste sans envoyer.")

    def handle(self, *args, dry_run=False, **options):
        registrations = send_reminders(dry_run=dry_run)
        verb = "à envoyer" if dry_run else "envoyés"
        for registration in registrations:
            self.stdout.write(f"  {registration.user.email} — {registration.session}")
        self.stdout.write(f"{len(registrations)} rappel(s) {verb}.")
