"""``apply_retention``: apply the schedule once (nightly, idempotent, all or nothing).

Order: replay the erasure journal (after a restore), purge bookings, erase files without a
contract, erase trainee records past the control period, refresh the statistics facts then
pseudonymise trainees past their identity period, delete old access-log rows and answered access
requests, erase old continuing-training registrations, deactivate and pseudonymise unused
accounts. Every erased or pseudonymised person or account gets a tombstone
(``ErasureRecord``) and a journal line; the report is printed and stored (``RetentionRun``).
"""

import datetime
from dataclasses import dataclass, field

import pghistory
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from tremplin import formatting
from tremplin.accounts.models import Membership, User
from tremplin.audit.models import AccessLog, AccessRequest, ErasureRecord, RetentionRun
from tremplin.audit.retention import journal
from tremplin.audit.retention.erase import (
    _blank,
    erase_person,
    forget_history,
    pseudonymise_person,
)
from tremplin.audit.retention.schedule import RULES
from tremplin.intake import booking
from tremplin.intake.models import Person
from tremplin.intake.states import ACTIVE_STATES
from tremplin.staff_training.models import Registration
from tremplin.stats.refresh import refresh
from tremplin.training.models import Contract

Kind, Act = ErasureRecord.Kind, ErasureRecord.Action


@dataclass
class Report:
    today: datetime.date
    dry_run: bool
    lines: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    records: list = field(default_factory=list)

    def add(self, code: str, count: int, label: str) -> None:
        self.counts[code] = self.counts.get(code, 0) + count
        rule = RULES.get(code)
        note = f" [{rule.period_label} après {rule.after}, {rule.confidence}]" if rule else ""
        self.lines.append(f"{label} : {count}{note}")

    def text(self) -> str:
        head = "SIMULATION — rien n'a été modifié" if self.dry_run else "Appliqué"
        return "\n".join(
            [f"Conservation des données au {formatting.day(self.today)} ({head})"]
            + [f"- {line}" for line in self.lines]
        )


def tombstone(report, kind, object_id, action, rule, **extra) -> ErasureRecord:
    record, _ = ErasureRecord.objects.get_or_create(
        kind=kind, object_id=str(object_id), action=action, defaults={"rule": rule, **extra}
    )
    report.records.append(record)
    return record


def files_without_contract(limit: datetime.date):
    return (
        Person.objects.filter(contracts__isnull=True)
        .exclude(candidacies__status__in=ACTIVE_STATES)
        .annotate(
            last=Greatest("updated_at", Coalesce(Max("candidacies__updated_at"), "updated_at"))
        )
        .filter(last__date__lt=limit)
    )


def trainees_ended_before(limit: datetime.date):
    """People with contracts, none running, the last one ended before ``limit``."""
    return (
        Person.objects.filter(contracts__isnull=False)
        .exclude(contracts__status__in=[Contract.Status.ACTIVE, Contract.Status.SUSPENDED])
        .exclude(candidacies__status__in=ACTIVE_STATES)
        .annotate(
            last_end=Max(Coalesce("contracts__actual_end_date", "contracts__planned_end_date"))
        )
        .filter(last_end__lt=limit)
    )


def unused_accounts(limit: datetime.date):
    cutoff = datetime.datetime.combine(limit, datetime.time.min, tzinfo=datetime.UTC)
    return User.objects.filter(is_active=True).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )


def deactivate_account(user: User) -> None:
    """Deactivate an account and pseudonymise its personal fields (and their history). The
    access log and every RESTRICT link keep pointing at the row."""
    values = {"email": f"compte-{user.pk}@pseudonymise.invalid", "first_name": "", "last_name": ""}
    _blank(User, User.objects.filter(pk=user.pk), {**values, "is_active": False})
    Membership.objects.filter(user=user).update(is_active=False)


def erase_staff_registrations(limit: datetime.date) -> int:
    """Delete the continuing-training registrations of sessions that ended before ``limit``,
    with their history."""
    due = Registration.objects.filter(session__ends_at__date__lt=limit)
    pks = list(due.values_list("pk", flat=True))
    if pks:
        Registration.objects.filter(pk__in=pks).delete()
        forget_history(Registration, pks)
    return len(pks)


REAPPLY = {
    (Kind.PERSON, Act.ERASED): lambda pk: [erase_person(p) for p in Person.objects.filter(pk=pk)],
    (Kind.PERSON, Act.PSEUDONYMISED): lambda pk: [
        pseudonymise_person(p) for p in Person.objects.filter(pk=pk)
    ],
    (Kind.USER, Act.PSEUDONYMISED): lambda pk: [
        deactivate_account(u) for u in User.objects.filter(pk=pk)
    ],
}


def _replay_journal(report: Report) -> None:
    known = set(ErasureRecord.objects.values_list("kind", "object_id", "action"))
    replayed = 0
    for entry in journal.entries():
        key = (entry["kind"], entry["object_id"], entry["action"])
        if key in known:
            continue
        REAPPLY[(entry["kind"], entry["action"])](entry["object_id"])
        kind, object_id, action = key
        ErasureRecord.objects.create(
            kind=kind,
            object_id=object_id,
            action=action,
            rule=entry["rule"],
            reason="rejoué depuis le journal",
        )
        known.add(key)
        replayed += 1
    report.add("journal", replayed, "Effacements rejoués depuis le journal (après restauration)")


def _apply(report: Report) -> None:
    today = report.today
    _replay_journal(report)
    report.add("booking", booking.purge_expired(), "Inscriptions aux séances effacées")

    due = list(files_without_contract(RULES["file_without_contract"].limit(today)))
    for person in due:
        erase_person(person)
        tombstone(report, Kind.PERSON, person.pk, Act.ERASED, "file_without_contract")
    report.add("file_without_contract", len(due), "Dossiers sans contrat effacés")

    due = list(trainees_ended_before(RULES["trainee_records"].limit(today)))
    for person in due:
        erase_person(person)
        tombstone(report, Kind.PERSON, person.pk, Act.ERASED, "trainee_records")
    report.add("trainee_records", len(due), "Dossiers de stagiaires effacés (fin du contrôle)")

    pseudonymised = ErasureRecord.objects.pseudonymised_ids(Kind.PERSON)
    due = list(
        trainees_ended_before(RULES["trainee_identity"].limit(today)).exclude(
            pk__in=[row["object_id"] for row in pseudonymised]
        )
    )
    if due:
        refresh()  # the statistics facts are taken before the identity goes
    for person in due:
        pseudonymise_person(person)
        tombstone(report, Kind.PERSON, person.pk, Act.PSEUDONYMISED, "trainee_identity")
    report.add("trainee_identity", len(due), "Identités de stagiaires pseudonymisées")

    old = AccessLog.objects.filter(accessed_at__date__lt=RULES["access_log"].limit(today))
    report.add("access_log", old.delete()[0], "Lignes du journal des consultations effacées")

    old = AccessRequest.objects.filter(
        answered_at__date__lt=RULES["access_log"].limit(today)
    ).delete()[0]
    report.add("access_request", old, "Demandes d'accès répondues effacées (règle access_log)")

    report.add(
        "staff_training_registration",
        erase_staff_registrations(RULES["staff_training_registration"].limit(today)),
        "Inscriptions aux formations continues effacées",
    )

    due = list(unused_accounts(RULES["unused_account"].limit(today)))
    for user in due:
        deactivate_account(user)
        tombstone(report, Kind.USER, user.pk, Act.PSEUDONYMISED, "unused_account")
    report.add("unused_account", len(due), "Comptes inutilisés désactivés et pseudonymisés")


class _DryRun(Exception):
    pass


def apply_retention(*, today: datetime.date | None = None, dry_run: bool = False) -> RetentionRun:
    report = Report(today=today or timezone.localdate(), dry_run=dry_run)
    try:
        with transaction.atomic(), pghistory.context(command="apply_retention"):
            _apply(report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        report.records = []
    run = RetentionRun.objects.create(
        dry_run=dry_run,
        report={"today": report.today.isoformat(), **report.counts},
        text=report.text(),
    )
    journal.append(report.records)
    return run
