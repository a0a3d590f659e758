"""Demo data of the training follow-up: groups, contracts, daily attendance, exits, 6-month
follow-ups and survey answers, for every training the directory demo created.

Persons, groups, contracts and exits are bulk-created from Python (tens of thousands of rows);
the daily attendance (millions of rows at sector scale) is generated inside PostgreSQL by one
``INSERT … SELECT`` over ``generate_series`` per year, with a deterministic pseudo-random
draw (``hashtext``) so a seed gives the same register. History triggers are switched off for
the load only (``history_ignored``): generated rows are not "changes". Trainees live near
their training's site (fictitious addresses), their file is opened weeks before the signing,
and their contract is signed by the centre's coordination.
"""

import datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from tremplin import formatting
from tremplin.accounts.models import Membership, Role, User
from tremplin.demo import backdate, history_ignored
from tremplin.directory.models import Training
from tremplin.intake.demo_addresses import addresses_of
from tremplin.intake.models import Candidacy, Person
from tremplin.intake.states import CandidacyStatus
from tremplin.training.demo_people import entry_profile
from tremplin.training.models import (
    INTERRUPTIONS,
    POSITIVE_EXITS,
    SCORE_QUESTIONS,
    Contract,
    ContractTemplate,
    Exit,
    ExitReason,
    FollowUp,
    Group,
    JobContractType,
    SatisfactionResponse,
    Situation,
)

FIRST_NAMES = (
    "Amina", "Bruno", "Chloé", "David", "Elif", "Fatou", "Grégory", "Hind", "Ilias", "Julie",
    "Kevin", "Laetitia", "Mehdi", "Nadia", "Olivier", "Priscilla", "Rachid", "Sarah", "Tom",
    "Yasmina",
)  # fmt: skip
LAST_NAMES = (
    "Demo", "Fictif", "Exemple", "Martin-Démo", "Dubois-Fictif", "Lambert-Démo", "Peeters-Fictif",
    "Leroy-Démo", "Renard-Fictif", "Mertens-Démo",
)  # fmt: skip
SCHEDULES = (
    (Decimal("6.5"), Decimal("6.5"), Decimal("3"), Decimal("6.5"), Decimal("6.5"), 0, 0),
    (Decimal("6"), Decimal("6"), 0, Decimal("6"), Decimal("6"), 0, 0),
    (Decimal("5"), Decimal("5"), Decimal("5"), Decimal("5"), Decimal("5"), 0, 0),
)
WEEKS_PER_INTAKE = 16
ATTENDANCE_SQL = """
INSERT INTO training_attendanceday
    (contract_id, day, hours_followed, hours_assimilated, reason_id, unjustified_absence_hours)
SELECT c.id, d.ts::date,
       CASE WHEN x.draw < 880 THEN x.planned ELSE 0 END,
       CASE WHEN x.draw >= 880 AND x.draw < 950 THEN x.planned ELSE 0 END,
       CASE WHEN x.draw >= 880 AND x.draw < 950 THEN
            (ARRAY['medical','medical_appointment','forem_appointment','cpas_appointment',
                   'job_interview','transport_strike','child_sick'])[1 + x.draw %% 7]
       END,
       CASE WHEN x.draw >= 950 THEN x.planned ELSE 0 END
  FROM training_contract c
 CROSS JOIN LATERAL generate_series(
         GREATEST(c.start_date, %(first)s::date),
         LEAST(COALESCE(c.actual_end_date, c.planned_end_date), %(last)s::date),
         interval '1 day') AS d(ts)
 CROSS JOIN LATERAL (
       SELECT CASE extract(isodow FROM d.ts)
                WHEN 1 THEN c.hours_mon WHEN 2 THEN c.hours_tue WHEN 3 THEN c.hours_wed
                WHEN 4 THEN c.hours_thu WHEN 5 THEN c.hours_fri WHEN 6 THEN c.hours_sat
                ELSE c.hours_sun END AS planned,
              abs(hashtext(c.id::text || d.ts::date::text || %(seed)s::text)) %% 1000 AS draw
       ) AS x
 WHERE c.centre_id = ANY(%(centres)s) AND x.planned > 0
"""


LOADED_TABLES = (
    "intake_person",
    "training_group",
    "training_contract",
    "training_attendanceday",
    "training_exit",
    "training_followup",
)


def _analyze(tables) -> None:
    """Give the planner statistics of the freshly loaded tables. Without them, on millions of
    new attendance rows, it guesses seq scans and hash joins: a centre's monthly statement
    took 1 to 3 s and the register page up to 15 s instead of tens of milliseconds."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(tables))


STAFF = {
    # role: (e-mail start, first names of the fictional members made where the centre has none)
    Role.TRAINER: ("formateur", ("Formateur",)),
    Role.COORDINATOR: ("coordination", ("Anne", "Marc", "Isabelle", "Luc", "Nathalie", "Karim")),
}


def _staff(trainings, role) -> dict:
    """One member of ``role`` per centre: an active one if there is one (the demo accounts'
    centre), else a fictional account that cannot log in."""
    centres = {t.centre_id: t.centre for t in trainings}
    found = {}
    for m in (
        Membership.objects.filter(
            role=role, is_active=True, organisation__centre__in=centres.keys()
        )
        .select_related("user")
        .order_by("created_at", "pk")
    ):
        found.setdefault(m.organisation_id, m.user)
    prefix, first_names = STAFF[role]
    members = {}
    for index, (centre_id, centre) in enumerate(sorted(centres.items(), key=lambda c: c[1].slug)):
        user = found.get(centre.organisation_id)
        if user is None:
            user, _created = User.objects.get_or_create(
                email=f"{prefix}.{centre.slug[:40]}@demo.tremplin.example",
                defaults={
                    "first_name": first_names[index % len(first_names)],
                    "last_name": "Démo",
                    "is_active": False,
                },
            )
            Membership.objects.get_or_create(user=user, organisation=centre.organisation, role=role)
        members[centre_id] = user
    return members


def _signed_candidacies(trainings) -> dict:
    """The candidacies at "contrat signé" by training, one per person (a person holds one
    current contract per centre): their contract is made with the latest group, so that a
    prescriber who referred them can follow what comes next."""
    by_training, people = {}, set()
    candidacies = Candidacy.objects.filter(
        status=CandidacyStatus.CONTRACT_SIGNED, training__in=trainings
    ).select_related("person")
    for candidacy in candidacies.order_by("created_at", "pk"):
        if candidacy.person_id not in people:
            people.add(candidacy.person_id)
            by_training.setdefault(candidacy.training_id, []).append(candidacy)
    return by_training


def _signing(start: datetime.date, contracts: list) -> datetime.datetime:
    """A signing at 9:00, 0 to 9 days before ``start`` (no draw: the seed's world stays the
    same)."""
    day = start - datetime.timedelta(days=len(contracts) % 10)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _link_clauses(contracts) -> None:
    """Each contract gets the clauses version in force when it was signed, as
    ``sign_contract`` does. The demo's history starts years back: the starting text the
    migration wrote (version 1, published by no one, still unused) is dated the day before the
    first signing, as if Tremplin had been used since, rather than every demo contract being
    « signé avant le premier modèle » (decision 0004)."""
    if not contracts:
        return
    versions = list(ContractTemplate.objects.order_by("version"))
    first_signing = min(c.signed_at for c in contracts)
    if (
        versions
        and versions[0].created_by_id is None
        and versions[0].created_at > first_signing
        and not Contract.objects.filter(template=versions[0]).exists()
    ):
        versions[0].created_at = first_signing - datetime.timedelta(days=1)
        ContractTemplate.objects.filter(pk=versions[0].pk).update(created_at=versions[0].created_at)
    for contract in contracts:
        contract.template = next(
            (v for v in reversed(versions) if v.created_at <= contract.signed_at), None
        )


def _build_contracts(world, trainings, trainers, signers):
    rng = world.rng
    groups, persons, contracts = [], [], []
    addresses = addresses_of(world)
    per_group = world.sized(8, 11)
    intakes = world.intake_starts()
    signed = _signed_candidacies(trainings)

    def contract(person, group, actual_end, candidacy=None):
        made = Contract(
            person=person,
            training=group.training,
            centre=group.training.centre,
            candidacy=candidacy,
            group=group,
            start_date=group.starts_on,
            planned_end_date=group.ends_on,
            actual_end_date=actual_end,
            status=Contract.Status.ENDED if actual_end else Contract.Status.ACTIVE,
            hours_per_week=sum(Decimal(h) for h in group.weekly_schedule),
            forem_reference=f"DEMO-{len(contracts):07d}",
            commute_km=Decimal(rng.randint(2, 35)) if rng.random() < 0.6 else None,
            childcare_monthly_cost=Decimal("120") if rng.random() < 0.15 else None,
            # Signed with the candidacy's « contrat signé » (before the start: intake demo),
            # else on one of the ten days before the start.
            signed_at=candidacy.updated_at if candidacy else _signing(group.starts_on, contracts),
            signed_by=signers[group.training.centre_id],
        )
        made.set_weekly_schedule(group.weekly_schedule)
        return made

    for training in trainings:
        for start in intakes:
            schedule = rng.choice(SCHEDULES)
            end = start + datetime.timedelta(weeks=WEEKS_PER_INTAKE, days=-3)
            group = Group(
                training=training,
                name=f"Groupe {formatting.month(start)}",
                trainer=trainers[training.centre_id],
                starts_on=start,
                ends_on=end,
            )
            group.set_weekly_schedule(schedule)
            groups.append(group)
            # The people whose candidacy reached "contrat signé" join the latest group.
            joining = signed.pop(training.pk, []) if start == intakes[-1] else []
            for candidacy in joining:
                ended = end if end < world.today else None
                contracts.append(contract(candidacy.person, group, ended, candidacy=candidacy))
            for _n in range(rng.randint(per_group - 3, per_group + 3)):
                person = Person(
                    holding_centre=training.centre,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    birth_date=datetime.date(rng.randint(1965, 2005), rng.randint(1, 12), 15),
                    email=f"stagiaire{len(persons)}@demo.tremplin.example",
                    **addresses.draw(training.site),
                    **entry_profile(rng, start),
                )
                persons.append(person)
                actual_end = None
                if end < world.today:
                    actual_end = end
                if rng.random() < 0.15:  # interrupted before the planned end
                    actual_end = start + datetime.timedelta(days=rng.randint(10, 100))
                    if actual_end >= world.today:
                        actual_end = None
                contracts.append(contract(person, group, actual_end))
    _link_clauses(contracts)
    Group.objects.bulk_create(groups, batch_size=2000)
    Person.objects.bulk_create(persons, batch_size=5000)
    # A trainee's file was opened when the centre received them, weeks before the signing.
    backdate(
        Person,
        {
            c.person.pk: c.signed_at - datetime.timedelta(days=rng.randint(7, 60), hours=1)
            for c in contracts
            if c.candidacy is None
        },
    )
    for contract in contracts:
        contract.person_id = contract.person.pk
        contract.group_id = contract.group.pk
    Contract.objects.bulk_create(contracts, batch_size=5000)
    return groups, contracts


def _attendance(world, centres) -> int:
    rows = 0
    yesterday = world.today - datetime.timedelta(days=1)
    with connection.cursor() as cursor:
        for year in range(world.today.year - world.years + 1, world.today.year + 1):
            cursor.execute(
                ATTENDANCE_SQL,
                {
                    "first": datetime.date(year, 1, 1),
                    "last": min(datetime.date(year, 12, 31), yesterday),
                    "seed": world.seed,
                    "centres": centres,
                },
            )
            rows += cursor.rowcount
    return rows


def _exit_reason(rng, interrupted: bool):
    if interrupted:
        return rng.choice(sorted(INTERRUPTIONS))
    return rng.choice([*sorted(POSITIVE_EXITS), ExitReason.COMPLETED, ExitReason.JOB])


def _exits(world, contracts, author):
    rng = world.rng
    exits, follow_ups, responses = [], [], []
    six_months_ago = world.today - datetime.timedelta(days=183)
    for contract in contracts:
        if contract.actual_end_date is None:
            continue
        interrupted = contract.actual_end_date < contract.planned_end_date
        reason = _exit_reason(rng, interrupted)
        exit_ = Exit(
            contract=contract,
            date=contract.actual_end_date,
            reason=reason,
            job_contract_type=rng.choice(JobContractType.values) if reason == "job" else "",
            created_by=author,
        )
        exits.append(exit_)
        if exit_.date <= six_months_ago:
            answered = rng.random() < 0.45
            situation = rng.choice(Situation.values) if answered else ""
            follow_ups.append(
                FollowUp(
                    exit=exit_,
                    due_on=exit_.date + datetime.timedelta(days=183),
                    channel=FollowUp.Channel.EMAIL,
                    sent_at=timezone.now(),
                    answered_at=timezone.now() if answered else None,
                    answered_via=FollowUp.AnsweredVia.LINK if answered else "",
                    situation=situation,
                    job_contract_type=rng.choice(JobContractType.values)
                    if situation == "job"
                    else "",
                )
            )
        if rng.random() < 0.5:
            responses.append(
                SatisfactionResponse(
                    centre_id=contract.centre_id,
                    training_id=contract.training_id,
                    month=exit_.date.replace(day=1),
                    channel=rng.choice(SatisfactionResponse.Channel.values),
                    open_answer="",
                    **{name: rng.choice((3, 4, 4, 5, 5)) for name, _label in SCORE_QUESTIONS},
                )
            )
    Exit.objects.bulk_create(exits, batch_size=5000)
    FollowUp.objects.bulk_create(follow_ups, batch_size=5000)
    SatisfactionResponse.objects.bulk_create(responses, batch_size=5000)
    return len(exits), len(follow_ups), len(responses)


def build(world) -> None:
    trainings = list(Training.objects.filter(is_active=True).select_related("centre", "site"))
    if not trainings:
        world.log("formation : aucune formation dans l'annuaire, rien à créer")
        return
    started = timezone.now()
    trainers = _staff(trainings, Role.TRAINER)
    # The contracts are signed by the centre's coordination (a fictional one in most centres).
    signers = _staff(trainings, Role.COORDINATOR)
    with history_ignored(LOADED_TABLES):
        groups, contracts = _build_contracts(world, trainings, trainers, signers)
        centres = sorted({str(t.centre_id) for t in trainings})
        rows = _attendance(world, centres)
        author = next(iter(trainers.values()))
        exits, follow_ups, responses = _exits(world, contracts, author)
    _analyze(LOADED_TABLES)
    world.objects["training_groups"] = len(groups)
    world.objects["training_contracts"] = len(contracts)
    seconds = (timezone.now() - started).total_seconds()
    world.log(
        f"{len(groups)} groupes, {len(contracts)} contrats, {rows} journées de présence, "
        f"{exits} sorties, {follow_ups} suivis à six mois, {responses} avis ({seconds:.0f} s)"
    )
