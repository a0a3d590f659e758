"""Demo organisations and one demo account per role, each with MFA enrolled.

The accounts are printed by ``python manage.py demo_accounts`` (password, TOTP secret and an
unused recovery code), so a newcomer can log in right after ``make run``.
"""

import base64
from dataclasses import dataclass

from allauth.account.models import EmailAddress

from tremplin.accounts.mfa import enrol_mfa
from tremplin.accounts.models import Membership, Organisation, Role, User

DEMO_PASSWORD = "demo-tremplin-2026"
DEMO_CENTRE_NAME = "Centre démo de Namur (fictif)"
FOREM_NAME = "Forem — bureau démo de Namur (fictif)"
CPAS_NAME = "CPAS démo de Liège (fictif)"
FEDERATION_NAME = "Interfédé (démo)"


@dataclass(frozen=True)
class DemoAccount:
    key: str
    email: str
    first_name: str
    last_name: str
    role: str | None  # None: platform administrator (Django admin, no membership)
    organisation: str  # key in world.objects["demo_organisations"]
    label: str  # how demo_accounts names the account


DEMO_ACCOUNTS = (
    DemoAccount(
        "coordinator",
        "coordination@demo.tremplin.example",
        "Claire",
        "Démo",
        Role.COORDINATOR,
        "centre",
        "Coordination du centre",
    ),
    DemoAccount(
        "centre_staff",
        "accueil@demo.tremplin.example",
        "Samir",
        "Démo",
        Role.CENTRE_STAFF,
        "centre",
        "Personnel du centre",
    ),
    DemoAccount(
        "trainer",
        "formation@demo.tremplin.example",
        "Théo",
        "Démo",
        Role.TRAINER,
        "centre",
        "Formateur ou formatrice",
    ),
    DemoAccount(
        "social_worker",
        "social@demo.tremplin.example",
        "Sofia",
        "Démo",
        Role.SOCIAL_WORKER,
        "centre",
        "Travailleur social ou travailleuse sociale",
    ),
    DemoAccount(
        "prescriber_forem",
        "forem@demo.tremplin.example",
        "Paul",
        "Démo",
        Role.PRESCRIBER,
        "forem",
        "Prescripteur Forem",
    ),
    DemoAccount(
        "prescriber_forem_colleague",
        "forem.collegue@demo.tremplin.example",
        "Lina",
        "Démo",
        Role.PRESCRIBER,
        "forem",
        "Prescripteur Forem (collègue du même bureau)",
    ),
    DemoAccount(
        "prescriber_cpas",
        "cpas@demo.tremplin.example",
        "Inès",
        "Démo",
        Role.PRESCRIBER,
        "cpas",
        "Prescripteur CPAS",
    ),
    DemoAccount(
        "federation_analyst",
        "federation@demo.tremplin.example",
        "Fanny",
        "Démo",
        Role.FEDERATION_ANALYST,
        "federation",
        "Analyste fédération",
    ),
    DemoAccount(
        "platform_admin",
        "admin@demo.tremplin.example",
        "Ada",
        "Démo",
        None,
        "",
        "Administration plateforme",
    ),
)


def first_demo_centre(world) -> Organisation:
    """The centre the demo staff work in: the first one the directory demo made, or ours."""
    centres = world.objects.get("centres") or []
    for centre in centres:
        organisation = getattr(centre, "organisation", centre)
        if isinstance(organisation, Organisation):
            return organisation
    existing = Organisation.objects.centres().order_by("created_at", "name").first()
    if existing is not None:
        return existing
    world.log(f"organisation : {DEMO_CENTRE_NAME}")
    return Organisation.objects.create(
        name=DEMO_CENTRE_NAME, kind=Organisation.Kind.CENTRE, email="centre@demo.tremplin.example"
    )


def demo_organisations(world) -> dict[str, Organisation]:
    def get(name, kind, prescriber_type=""):
        organisation, created = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "prescriber_type": prescriber_type}
        )
        if created:
            world.log(f"organisation : {name}")
        return organisation

    return {
        "centre": first_demo_centre(world),
        "forem": get(FOREM_NAME, Organisation.Kind.PRESCRIBER, Organisation.PrescriberType.FOREM),
        "cpas": get(CPAS_NAME, Organisation.Kind.PRESCRIBER, Organisation.PrescriberType.CPAS),
        "federation": get(FEDERATION_NAME, Organisation.Kind.FEDERATION),
    }


def random_totp_secret(rng) -> str:
    return base64.b32encode(bytes(rng.getrandbits(8) for _ in range(20))).decode("ascii")


def create_staff_user(world, email, first_name, last_name, role=None, organisation=None):
    """A user with password ``DEMO_PASSWORD``, a verified e-mail, MFA, and a membership.

    Reusable by other demo modules (e.g. one coordinator per centre at sector scale).
    """
    user = User.objects.filter(email=email).first()
    if user is None:
        is_admin = role is None
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            is_staff=is_admin,
            is_superuser=is_admin,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        enrol_mfa(
            user,
            totp_secret=random_totp_secret(world.rng),
            recovery_seed=f"{world.rng.getrandbits(320):080x}",
        )
    if role is not None:
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user


def build(world) -> None:
    organisations = demo_organisations(world)
    world.objects["demo_organisations"] = organisations
    users = {}
    for account in DEMO_ACCOUNTS:
        users[account.key] = create_staff_user(
            world,
            account.email,
            account.first_name,
            account.last_name,
            account.role,
            organisations.get(account.organisation),
        )
    world.objects["demo_users"] = users
    world.log(f"{len(users)} comptes de démonstration (mot de passe : {DEMO_PASSWORD})")
