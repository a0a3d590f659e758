"""Demo person files, candidacies in every state, referrals and a derogation quota.

Called from ``tremplin.intake.demo.build`` (after the bookings). The first demo centre gets
candidacies in every workflow state for each of its trainings; the demo prescribers (Forem,
CPAS) refer some of them. At ``sector`` scale, one training of that centre receives about
2,000 candidacies (for the inbox benchmark), written with ``bulk_create``.
"""

import datetime as dt

from django.utils import timezone

from tremplin.accounts.models import Role, User
from tremplin.audit.niss import check_number, niss_digest
from tremplin.demo import backdate
from tremplin.directory.models import Training
from tremplin.intake.demo_addresses import addresses_of
from tremplin.intake.demo_names import LAST_NAMES
from tremplin.intake.models import (
    Candidacy,
    CandidacyTransition,
    ConsentMethod,
    DerogationQuota,
    EligibilityCheck,
    OutcomeConsent,
    Person,
    Referral,
)
from tremplin.intake.states import CandidacyStatus, RefusalReason, Source

SECTOR_INBOX_SIZE = 2000
DEMO_EMAIL_END = ".candidat@demo.tremplin.example"


def fictional_niss(birth: dt.date, sequence: int) -> str:
    """A NISS with valid check digits for a fictional birth date and sequence number."""
    base = f"{birth:%y%m%d}{sequence:03d}"
    return f"{base}{check_number(base, birth.year >= 2000):02d}"


def person_row(world, centre, n: int, now, address: dict) -> Person:
    first_names = ("Aline", "Brahim", "Célia", "Dimitri", "Esra", "Fabrice", "Gaëlle", "Hugo")
    first = world.rng.choice(first_names)
    last = world.rng.choice(LAST_NAMES)
    birth = dt.date(
        world.rng.randint(1970, 2005), world.rng.randint(1, 12), world.rng.randint(1, 28)
    )
    niss = fictional_niss(birth, 1 + n % 997)
    return Person(
        holding_centre=centre,
        first_name=first,
        last_name=f"{last} (fictif)",
        birth_date=birth,
        niss=niss,
        niss_hash=niss_digest(niss),
        email=f"{first.lower()}.{n}{DEMO_EMAIL_END}",
        **address,
        highest_certificate=world.rng.choice(["none", "CEB", "CE1D", "CE2D", "CQ6", "CESS"]),
        income_at_entry=world.rng.choice(["unemployment_benefit", "integration_income", "none"]),
        forem_registration_date=now.date() - dt.timedelta(days=world.rng.randint(30, 900)),
    )


def contract_start(world, now) -> dt.datetime:
    """The latest moment a candidacy at « contrat signé » may reach it: the first morning of
    the demo's latest intake, where the training demo starts its contract (or now)."""
    starts = world.intake_starts()
    if not starts:
        return now
    return min(now, timezone.make_aware(dt.datetime.combine(starts[-1], dt.time(8))))


def candidacy_row(world, person, training, status, now, signed_by) -> Candidacy:
    """Received, admitted, then its last action (``updated_at``) in that order; one at
    « contrat signé » reached it by ``signed_by`` (its contract's start)."""
    age = dt.timedelta(days=world.rng.randint(0, 70), hours=world.rng.randint(0, 23))
    last = (signed_by if status == CandidacyStatus.CONTRACT_SIGNED else now) - age
    extra = {}
    if status == CandidacyStatus.REFUSED:
        extra["refusal_reason"] = world.rng.choice(RefusalReason.values)
        extra["decision_message"] = "Nous vous proposons de revenir vers nous en septembre."
    if status == CandidacyStatus.ADMITTED:
        extra["admitted_at"] = last
    if status == CandidacyStatus.CONTRACT_SIGNED:
        extra["admitted_at"] = last - age / 2
    if status == CandidacyStatus.INTERVIEW_PLANNED:
        extra["interview_at"] = now + dt.timedelta(days=world.rng.randint(1, 10), hours=2)
    return Candidacy(
        person=person,
        training=training,
        source=world.rng.choice(Source.values),
        status=status,
        created_at=last - age,
        updated_at=last,
        **extra,
    )


def build_candidacies(world, centre) -> None:
    now = timezone.now()
    trainings = list(Training.objects.filter(centre=centre).select_related("site").order_by("name"))
    done = Person.objects.filter(holding_centre=centre, email__endswith=DEMO_EMAIL_END).exists()
    if not trainings or done:
        return
    users = world.objects.get("demo_users", {})
    actor = users.get("coordinator") or User.objects.filter(is_superuser=True).first()
    plan = [(t, status) for t in trainings for status in CandidacyStatus.values for _ in range(2)]
    if world.is_sector:
        statuses = [*CandidacyStatus.values, *[CandidacyStatus.NEW] * 3, CandidacyStatus.INVITED]
        plan += [(trainings[0], world.rng.choice(statuses)) for _ in range(SECTOR_INBOX_SIZE)]
    addresses = addresses_of(world)
    persons = Person.objects.bulk_create(
        [
            person_row(world, centre, n, now, addresses.draw(training.site))
            for n, (training, _status) in enumerate(plan)
        ]
    )
    signed_by = contract_start(world, now)
    candidacies = Candidacy.objects.bulk_create(
        [
            candidacy_row(world, person, training, status, now, signed_by)
            for person, (training, status) in zip(persons, plan, strict=True)
        ]
    )
    # Each file was opened with its candidacy (its referral's day), not on the day of the demo.
    backdate(Person, {c.person_id: c.created_at for c in candidacies})
    if actor is not None:
        CandidacyTransition.objects.bulk_create(
            CandidacyTransition(
                candidacy=c,
                name="demo",
                from_status=CandidacyStatus.NEW,
                to_status=c.status,
                by=actor,
                reason="Données de démonstration.",
                at=c.updated_at,
            )
            for c in candidacies
            if c.status != CandidacyStatus.NEW
        )
        EligibilityCheck.objects.bulk_create(
            EligibilityCheck(
                candidacy=c,
                checked_by=actor,
                situation={},
                status="eligible",
                result={},
                rules_version="démo",
            )
            for c in candidacies
            if c.status in (CandidacyStatus.INTERVIEWED, CandidacyStatus.ADMITTED)
        )
    DerogationQuota.objects.get_or_create(
        centre=centre, year=now.year, defaults={"places": 3, "note": "Démo : 3 places."}
    )
    referrals = build_referrals(world, users, candidacies)
    world.objects["candidacies"] = len(candidacies)
    world.log(f"{len(candidacies)} candidatures (toutes les étapes), {referrals} orientations")


def build_referrals(world, users, candidacies) -> int:
    prescribers = [
        (user, user.memberships.filter(role=Role.PRESCRIBER).first())
        for key, user in users.items()
        if key.startswith("prescriber") or key in ("forem", "cpas")
    ]
    prescribers = [(user, m.organisation) for user, m in prescribers if m is not None]
    if not prescribers:
        return 0
    referred = [c for c in candidacies if c.source == Source.REFERRAL][:40]
    Referral.objects.bulk_create(
        Referral(
            person_id=c.person_id,
            candidacy=c,
            prescriber=prescribers[i % len(prescribers)][0],
            prescriber_organisation=prescribers[i % len(prescribers)][1],
            consent_method=world.rng.choice(ConsentMethod.values),
            consent_given_on=c.created_at.date(),
            consent_recorded_by=prescribers[i % len(prescribers)][0],
            reason="Souhaite se former à un métier ; a besoin d'un cadre pour reprendre pied.",
            created_at=c.created_at,
        )
        for i, c in enumerate(referred)
    )
    # Every other person under contract agreed that the prescriber follows what comes next.
    OutcomeConsent.objects.bulk_create(
        OutcomeConsent(
            referral=referral,
            given_on=referral.consent_given_on,
            recorded_by=referral.prescriber,
        )
        for referral in Referral.objects.filter(
            candidacy__in=referred, candidacy__status=CandidacyStatus.CONTRACT_SIGNED
        )[::2]
    )
    return len(referred)
