"""Print the demo accounts and what a newcomer needs to log in (MFA included)."""

from django.core.management.base import BaseCommand

from tremplin.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tremplin.accounts.mfa import enrol_recovery_codes, totp_secret_of, unused_recovery_codes
from tremplin.accounts.models import User


def login_details(user) -> tuple[str, str]:
    """(an unused recovery code, the TOTP secret); new codes if all ten were used."""
    codes = unused_recovery_codes(user)
    if not codes:
        codes = enrol_recovery_codes(user).get_unused_codes()
    return codes[0], totp_secret_of(user)


DEFAULT_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Affiche les comptes de démonstration, avec un code de récupération inutilisé."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default=DEFAULT_URL, help="Adresse du site (make run : HOST et PORT)."
        )

    def handle(self, *args, url=DEFAULT_URL, **options):
        users = User.objects.in_bulk(
            [account.email for account in DEMO_ACCOUNTS], field_name="email"
        )
        if not users:
            self.stdout.write(
                "Aucun compte de démonstration. Lancez : "
                "python manage.py generate_demo_data --scale demo --seed 1"
            )
            return
        rows = [("Rôle", "E-mail", "Mot de passe", "Code de récupération", "Secret TOTP")]
        for account in DEMO_ACCOUNTS:
            user = users.get(account.email)
            if user is not None:
                rows.append((account.label, account.email, DEMO_PASSWORD, *login_details(user)))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Comptes de démonstration (fictifs)"))
        for index, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            )
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write(
            f"\nConnexion : {url.rstrip('/')}/comptes/login/ — e-mail et mot de passe, "
            "puis, à la demande du code, le code de récupération (usage unique : relancez "
            "« python manage.py demo_accounts » pour en obtenir un autre) ou le code à "
            "6 chiffres d'une application d'authentification configurée avec le secret TOTP."
        )
