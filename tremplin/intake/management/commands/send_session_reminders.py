"""Remind people booked at tomorrow's information sessions. Run once a day (see docs).

Idempotent: each booking is stamped with ``reminder_sent_at`` and never reminded twice.
"""

from django.core.management.base import BaseCommand

from tremplin import formatting
from tremplin.intake.booking import send_reminders


class Command(BaseCommand):
    help = "Envoie le rappel de la veille aux personnes inscrites aux séances de demain."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Affiche les rappels sans les envoyer."
        )

    def handle(self, *args, dry_run=False, **options):
        bookings = send_reminders(dry_run=dry_run)
        verb = "à envoyer" if dry_run else "envoyé(s)"
        for booking in bookings:
            when = formatting.short_moment(booking.session.starts_at)
            self.stdout.write(f"Rappel : inscription {booking.pk} — séance du {when}")
        self.stdout.write(self.style.SUCCESS(f"{len(bookings)} rappel(s) {verb}."))
