"""Demo continuing training: a catalogue over a year (six months back, six ahead) with sessions
in every state, registrations of the demo accounts and of other centres' staff.

The demo accounts find: the coordinator, requests of their team to approve; the trainer, a
past session of which they record attendance; the federation analyst, the whole catalogue,
its figures and exports. Rows are written directly (no messages are sent). Quick: a few
hundred rows whatever the scale.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tremplin.accounts.models import Membership, Organisation, Role, User
from tremplin.staff_training.models import (
    SCORE_QUESTIONS,
    Module,
    Registration,
    Session,
    SurveyResponse,
    Theme,
)
from tremplin.territory.models import PostalCode

MODULES = (
    (
        "Accueillir des adultes peu scolarisés",
        Theme.PEDAGOGY,
        [Role.TRAINER, Role.CENTRE_STAFF],
        "12",
        "0",
        "Comment parler, expliquer et vérifier qu'on a compris, avec des adultes qui ont "
        "peu été à l'école. Exercices en petits groupes, à partir de situations vécues.",
    ),
    (
        "Le suivi social au quotidien : droits, CPAS, chômage",
        Theme.SOCIAL,
        [Role.SOCIAL_WORKER, Role.COORDINATOR],
        "6",
        "0",
        "Les aides auxquelles un stagiaire peut avoir droit, qui contacter, et comment "
        "préparer un rendez-vous au CPAS ou à l'organisme de paiement.",
    ),
    (
        "Apprendre à lire à l'âge adulte : méthodes actives",
        Theme.LITERACY,
        [Role.TRAINER],
        "18",
        "45",
        "Trois jours pour découvrir des méthodes d'alphabétisation qui partent du vécu des "
        "personnes. Matériel fourni.",
    ),
    (
        "Piloter un centre : budget, subsides et heures agréées",
        Theme.MANAGEMENT,
        [Role.COORDINATOR],
        "6",
        "0",
        "Lire son budget, suivre les heures agréées au fil de l'année, préparer le rapport "
        "d'activités sans stress.",
    ),
    (
        "Le décret CISP expliqué aux équipes",
        Theme.REGULATION,
        [Role.COORDINATOR, Role.CENTRE_STAFF, Role.SOCIAL_WORKER, Role.TRAINER],
        "3",
        "0",
        "Ce que dit le décret du 10 juillet 2013 sur le contrat de formation, les heures, "
        "les publics. En ligne, questions bienvenues.",
    ),
    (
        "Premiers secours en atelier",
        Theme.SAFETY,
        [Role.TRAINER, Role.CENTRE_STAFF],
        "8",
        "30",
        "Réagir à une coupure, une brûlure ou un malaise dans un atelier de formation. "
        "Pratique sur mannequin.",
    ),
)
PLACES = (
    ("5000", "Maison des CISP (fictive), rue de Fer 12"),
    ("4000", "Espace formation (fictif), quai de la Batte 3"),
    ("6000", "Centre de ressources (fictif), boulevard Tirou 40"),
    ("6700", "Salle polyvalente (fictive), Grand-Rue 5"),
    ("1300", "Hôtel des associations (fictif), place Cardinal Mercier 1"),
)
OTHER_STAFF = (
    ("Nora", Role.TRAINER),
    ("Marc", Role.SOCIAL_WORKER),
    ("Lina", Role.CENTRE_STAFF),
    ("Hugo", Role.TRAINER),
    ("Awa", Role.COORDINATOR),
    ("Jonas", Role.TRAINER),
)


def _modules() -> list[Module]:
    modules = []
    for title, theme, audience, hours, price, description in MODULES:
        module, _created = Module.objects.get_or_create(
            title=title,
            defaults={
                "theme": theme,
                "audience": [str(r) for r in audience],
                "trainer_name": "Équipe pédagogique de la fédération (démo)",
                "hours": Decimal(hours),
                "price": Decimal(price),
                "description": description,
            },
        )
        modules.append(module)
    return modules


def _other_staff(world) -> list[tuple[User, Organisation, str]]:
    """Staff of the other demo centres (no login needed: no MFA, unusable password)."""
    demo_centre = world.objects.get("demo_organisations", {}).get("centre")
    centres = [
        c.organisation
        for c in world.objects.get("centres", [])
        if c.organisation_id and c.organisation != demo_centre
    ][:3]
    staff = []
    for index, (first_name, role) in enumerate(OTHER_STAFF):
        if not centres:
            break
        organisation = centres[index % len(centres)]
        email = f"{first_name.lower()}.equipe{index}@demo.tremplin.example"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, None, first_name=first_name, last_name="Équipe (fictif)"
            )
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        staff.append((user, organisation, role))
    return staff


def _session(world, module, index, starts, *, capacity, status, online, trainer=None, note=""):
    code, venue = PLACES[index % len(PLACES)]
    postal_code = None if online else PostalCode.objects.filter(code=code).first()
    online = online or postal_code is None
    days = 3 if module.hours >= 18 else 1
    return Session.objects.create(
        module=module,
        starts_at=starts,
        ends_at=starts + dt.timedelta(days=days - 1, hours=min(float(module.hours), 7)),
        online=online,
        venue="" if online else venue,
        postal_code=postal_code,
        capacity=capacity,
        registration_deadline=timezone.localdate(starts) - dt.timedelta(days=7),
        status=status,
        cancellation_note=note,
        trainer=trainer,
    )


def _register(session, user, organisation, role, status, now, attendance="unknown"):
    requested = min(now, session.starts_at) - dt.timedelta(days=12)
    return Registration(
        session=session,
        user=user,
        organisation=organisation,
        role=role,
        status=status,
        attendance=attendance,
        requested_at=requested,
        decided_at=None if status == "pending" else requested + dt.timedelta(days=1),
        cancelled_at=requested + dt.timedelta(days=2) if status == "cancelled" else None,
        reminder_sent_at=session.starts_at - dt.timedelta(days=1)
        if status == "confirmed" and session.starts_at < now
        else None,
    )


def build(world) -> None:
    if Session.objects.exists():
        world.log("formation continue : déjà présente, gardée")
        return
    now = timezone.make_aware(dt.datetime.combine(world.today, dt.time(12, 0)))
    rng = world.rng
    modules = _modules()
    users = world.objects.get("demo_users", {})
    organisations = world.objects.get("demo_organisations", {})
    home = organisations.get("centre")
    team = [
        (users[key], home, role)
        for key, role in (
            ("coordinator", Role.COORDINATOR),
            ("trainer", Role.TRAINER),
            ("centre_staff", Role.CENTRE_STAFF),
            ("social_worker", Role.SOCIAL_WORKER),
        )
        if key in users and home is not None
    ]
    people = team + _other_staff(world)
    trainer_account = users.get("trainer")
    sessions, rows = [], []
    # Two sessions a month, from six months back to six months ahead.
    for offset in range(-12, 12):
        module = modules[(offset + 12) % len(modules)]
        day = world.today + dt.timedelta(days=offset * 15 + 3)
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
        status = Session.Status.PUBLISHED
        note = ""
        if offset in (-7, 4):
            status, note = Session.Status.CANCELLED, "Formatrice indisponible (démo)."
        elif offset == 11:
            status = Session.Status.DRAFT
        capacity = 3 if offset == 2 else 12
        online = module.theme == Theme.REGULATION
        # The demo trainer animates the last past session: attendance still to record.
        trainer = trainer_account if offset == -1 else None
        session = _session(
            world,
            module,
            offset + 12,
            starts,
            capacity=capacity,
            status=status,
            online=online,
            trainer=trainer,
            note=note,
        )
        sessions.append(session)
        if status == Session.Status.DRAFT:
            continue
        full = capacity < 12  # a full session: more people than seats, no one pending
        k = len(people) if full else min(len(people), rng.randint(3, 7))
        chosen = rng.sample(people, k=k)
        confirmed = 0
        for user, organisation, role in chosen:
            if status == Session.Status.CANCELLED:
                row_status = "cancelled"
            elif offset >= 0 and not full and role != Role.COORDINATOR and rng.random() < 0.3:
                row_status = "pending"
            elif confirmed < capacity:
                row_status = "confirmed"
                confirmed += 1
            else:
                row_status = "waiting"
            attendance = "unknown"
            if row_status == "confirmed" and session.ends_at < now and offset != -1:
                attendance = "present" if rng.random() < 0.85 else "absent"
            rows.append(_register(session, user, organisation, role, row_status, now, attendance))
        if session.ends_at < now and offset != -1 and status == Session.Status.PUBLISHED:
            session.attendance_recorded_at = session.ends_at
            session.save(update_fields=["attendance_recorded_at"])
    # One request of the demo team to approve in an open session, whatever the draw said.
    open_session = next(s for s in sessions if s.status == "published" and s.starts_at > now)
    Registration.objects.bulk_create(rows)
    if len(team) > 1 and not open_session.registrations.filter(user=team[1][0]).exists():
        _register(open_session, *team[1], "pending", now).save()
    ongoing = _session(
        world,
        modules[2],
        0,
        now - dt.timedelta(days=1, hours=3),
        capacity=12,
        status=Session.Status.PUBLISHED,
        online=False,
    )
    Registration.objects.bulk_create(
        [_register(ongoing, *person, "confirmed", now) for person in people[:4]]
    )
    sessions.append(ongoing)
    answers = _survey_answers(world, sessions, now)
    world.log(
        f"formation continue : {len(modules)} modules, {len(sessions)} sessions, "
        f"{Registration.objects.count()} inscriptions, {answers} réponses à l'enquête"
    )


def _survey_answers(world, sessions, now) -> int:
    responses = []
    for session in sessions:
        if session.status != "published" or session.ends_at >= now:
            continue
        present = session.registrations.filter(attendance="present").count()
        for _n in range(world.rng.randint(0, present)):
            responses.append(
                SurveyResponse(
                    module=session.module,
                    session=session,
                    month=timezone.localdate(session.ends_at).replace(day=1),
                    open_answer="",
                    **{name: world.rng.randint(3, 5) for name, _label in SCORE_QUESTIONS},
                )
            )
    SurveyResponse.objects.bulk_create(responses)
    return len(responses)
