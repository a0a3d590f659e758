"""Everything ``make run`` needs before serving, in one process (one database start):
migrations, the cache table, territory data and the demo world (each only if missing),
then the demo accounts."""

from django.core.management import BaseCommand, call_command

from tremplin.accounts.management.commands.demo_accounts import DEFAULT_URL


class Command(BaseCommand):
    help = "Migre, charge le territoire et la démo (si absents), affiche les comptes de démo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-demo", action="store_true", help="Ne pas créer le monde de démonstration."
        )
        parser.add_argument(
            "--url", default=DEFAULT_URL, help="Adresse où le site sera servi (comptes de démo)."
        )

    def handle(self, *args, no_demo=False, url=DEFAULT_URL, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("load_territory", if_empty=True)
        if not no_demo:
            call_command("generate_demo_data", scale="demo", seed=1, if_empty=True)
            call_command("demo_accounts", url=url)
