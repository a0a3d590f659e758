"""A centre moves in: its persons, contracts and attendance from its own spreadsheets.

``analyse(files, centre, use_existing=())`` reads the three sheets (``personnes``,
``contrats``, ``presences``; column codes or French labels, see ``SPECS``), checks every cell and
returns a ``MovingInReport``: problems as « feuille, ligne, colonne : message », the persons
matched to an existing file of the centre (by NISS, or by name and birth date) and what would be
created. A matched person is **never merged silently**: applying refuses until the centre says,
per reference, to use the existing file (``use_existing``). ``apply(...)`` writes everything in
one transaction, or nothing. Decision record 1004 says what is not done yet (column-mapping
page, undo).
"""

from dataclasses import dataclass, field
from decimal import Decimal

import pghistory
from django.db import transaction
from django.utils.translation import gettext as _

from tremplin import formatting
from tremplin.audit.niss import niss_digest, normalize_niss, validate_niss
from tremplin.directory.models import Training
from tremplin.imports.mapping import read_mapped
from tremplin.imports.spreadsheet import (
    Column,
    Problem,
    SheetSpec,
    Unreadable,
    parse_date,
    parse_hours,
    read_workbook,
)
from tremplin.intake.models import Person
from tremplin.territory.lookup import normalise
from tremplin.training.models import AbsenceReason, AttendanceDay, Contract, Group
from tremplin.training.models.schedule import MAX_HOURS_PER_DAY

# Aliases: other headers a centre's own spreadsheet may use (French or English), compared
# without accents, case or punctuation; the column-mapping page guesses from them too.
REF = Column(
    "person_ref",
    "Référence de la personne",
    True,
    (
        "référence",
        "ref",
        "matricule",
        "identifiant",
        "numéro de dossier",
        "dossier",
        "reference",
        "person id",
        "trainee id",
        "id",
    ),
)
TRAINING = Column(
    "training", "Formation", True, ("filière", "formation suivie", "course", "programme")
)
SPECS = (
    SheetSpec(
        "personnes",
        (
            REF,
            Column("last_name", "Nom", True, ("nom de famille", "last name", "surname")),
            Column("first_name", "Prénom", True, ("first name", "given name", "firstname")),
            Column(
                "birth_date",
                "Date de naissance",
                True,
                ("naissance", "né le", "née le", "date of birth", "birth date", "dob"),
            ),
            Column(
                "niss",
                "NISS",
                False,
                (
                    "registre national",
                    "numéro national",
                    "numéro de registre national",
                    "n° national",
                    "national number",
                    "national register number",
                ),
            ),
            Column("email", "E-mail", False, ("courriel", "mail", "adresse e-mail")),
            Column(
                "phone",
                "Téléphone",
                False,
                ("tél", "gsm", "portable", "mobile", "telephone"),
                phone=True,
            ),
        ),
        20_000,
        ("persons", "stagiaires", "trainees", "people", "participants", "apprenants"),
        optional_columns_may_be_absent=True,
    ),
    SheetSpec(
        "contrats",
        (
            REF,
            TRAINING,
            Column(
                "start_date",
                "Début",
                True,
                ("date de début", "date d'entrée", "entrée", "start", "start date"),
            ),
            Column(
                "planned_end_date",
                "Fin prévue",
                True,
                ("date de fin prévue", "fin", "planned end", "planned end date", "end date"),
            ),
            Column(
                "actual_end_date",
                "Fin réelle",
                False,
                ("date de fin réelle", "date de sortie", "sortie", "actual end", "exit date"),
            ),
            Column(
                "hours_per_week",
                "Heures par semaine",
                True,
                ("heures/semaine", "h/sem", "heures semaine", "hours per week", "weekly hours"),
            ),
            Column("forem_reference", "Référence Forem", False, ("n° forem", "forem", "forem ref")),
            Column("group", "Groupe", False, ("nom du groupe", "cohorte", "group name")),
        ),
        20_000,
        ("contracts", "contrat"),
        optional_columns_may_be_absent=True,
    ),
    SheetSpec(
        "presences",
        (
            REF,
            TRAINING,
            Column("day", "Jour", True, ("date", "date du jour")),
            Column(
                "hours_followed",
                "Heures suivies",
                False,
                ("heures de présence", "présence", "heures", "hours", "hours attended"),
            ),
            Column(
                "hours_assimilated",
                "Heures assimilées",
                False,
                ("assimilées", "assimilated hours", "assimilated"),
            ),
            Column("reason", "Motif", False, ("motif d'absence", "absence reason", "reason")),
            Column(
                "unjustified",
                "Absence injustifiée",
                False,
                ("heures injustifiées", "injustifiée", "unjustified", "unjustified absence"),
            ),
        ),
        200_000,
        ("attendance", "présences", "présence", "registre", "pointage", "register"),
        optional_columns_may_be_absent=True,
    ),
)
LABELS = {spec.name: {c.code: c.label for c in spec.columns} for spec in SPECS}
ZERO = Decimal("0")
WEEKDAYS = ("hours_mon", "hours_tue", "hours_wed", "hours_thu", "hours_fri")


class MovingInRefused(Exception):
    def __init__(self, report):
        super().__init__(_("Le fichier a des erreurs : rien n'a été enregistré."))
        self.report = report


@dataclass
class MovingInReport:
    problems: list[Problem] = field(default_factory=list)
    matches: list[dict] = field(default_factory=list)  # ref, line, existing person, why
    persons: dict = field(default_factory=dict)  # ref -> Person (new or existing)
    contracts: dict = field(default_factory=dict)  # (ref, training key, start) -> Contract
    attendance: list = field(default_factory=list)  # AttendanceDay (contract set later)
    # What the centre should know but that does not stop the import (a contract without group).
    warnings: list[Problem] = field(default_factory=list)
    # After ``apply``: the primary keys of the rows written (for the undo).
    created: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    # The references that use an existing person file (confirmed matches).
    existing_refs: set = field(default_factory=set)

    @property
    def counts(self) -> dict:
        matched = len(self.existing_refs)
        return {
            "persons": len(self.persons) - matched,
            "matched": matched,
            "contracts": len(self.contracts),
            "attendance": len(self.attendance),
        }


class Checker:
    def __init__(self, report, workbook=None):
        self.report = report
        self.titles = workbook.titles if workbook is not None else {}
        self.labels = workbook.labels if workbook is not None else {}

    def where(self, line, code, message) -> Problem:
        """A problem named with the centre's own sheet and column when read through a
        mapping, else with ours."""
        label = self.labels.get(line.sheet, {}).get(code) or LABELS[line.sheet].get(code, "")
        return Problem(self.titles.get(line.sheet, line.sheet), line.number, label, message)

    def problem(self, line, code, message):
        if code not in line.refused:  # else already told while reading
            self.report.problems.append(self.where(line, code, message))

    def warning(self, line, code, message):
        self.report.warnings.append(self.where(line, code, message))

    def required(self, line, *codes) -> bool:
        missing = [code for code in codes if not line.text(code)]
        for code in missing:
            self.problem(line, code, _("cellule vide : cette valeur est obligatoire."))
        return not missing

    def date(self, line, code):
        raw = line.values.get(code)
        if raw in (None, ""):
            return None
        try:
            return parse_date(raw)
        except ValueError as error:
            self.problem(line, code, str(error))
            return None

    def hours(self, line, code, maximum=MAX_HOURS_PER_DAY):
        try:
            value = parse_hours(line.values.get(code))
        except ValueError as error:
            self.problem(line, code, str(error))
            return ZERO
        if value > maximum:
            self.problem(line, code, _("pas plus de %(max)s heures.") % {"max": maximum})
            return ZERO
        return value


def _person_key(last_name, first_name, birth_date):
    return (normalise(last_name), normalise(first_name), birth_date)


def read_persons(check, lines, centre, use_existing):
    report = check.report
    existing_by_niss, existing_by_name = {}, {}
    candidates = Person.objects.filter(holding_centre=centre).only(
        "id", "first_name", "last_name", "birth_date", "niss_hash"
    )
    for person in candidates:
        if person.niss_hash:
            existing_by_niss[person.niss_hash] = person
        existing_by_name[_person_key(person.last_name, person.first_name, person.birth_date)] = (
            person
        )
    seen = {}
    for line in lines:
        check.required(line, "person_ref", "last_name", "first_name", "birth_date")
        ref, birth = line.text("person_ref"), check.date(line, "birth_date")
        niss = normalize_niss(line.text("niss"))
        if niss.isdigit() and len(niss) == 10:  # born in 2000–2009: a number cell drops the 0
            niss = "0" + niss
        if niss:
            try:
                validate_niss(niss)
            except Exception as error:  # noqa: BLE001 — ValidationError with a French message
                check.problem(line, "niss", " ".join(getattr(error, "messages", [str(error)])))
                niss = ""
        if not ref:
            continue
        if ref in seen:
            check.problem(
                line,
                "person_ref",
                _("référence en double (déjà à la ligne %(row)s).") % {"row": seen[ref]},
            )
            continue
        seen[ref] = line.number
        person = Person(
            holding_centre=centre,
            last_name=line.text("last_name")[:100],
            first_name=line.text("first_name")[:100],
            birth_date=birth,
            niss=niss,
            email=line.text("email")[:254],
            phone=line.text("phone")[:20],
        )
        match, why = None, ""
        if niss and niss_digest(niss) in existing_by_niss:
            match, why = existing_by_niss[niss_digest(niss)], _("même NISS")
        elif birth and (key := _person_key(person.last_name, person.first_name, birth)) in (
            existing_by_name
        ):
            match, why = existing_by_name[key], _("même nom, prénom et date de naissance")
        if match is not None:
            report.matches.append(
                {
                    "ref": ref,
                    "line": line.number,
                    "sheet": check.titles.get(line.sheet, line.sheet),
                    "person": match,
                    "why": why,
                    "row": {
                        "last_name": person.last_name,
                        "first_name": person.first_name,
                        "birth_date": birth,
                        "has_niss": bool(niss),
                    },
                }
            )
            if ref in use_existing:
                person = match
                report.existing_refs.add(ref)
            else:
                check.problem(
                    line,
                    "person_ref",
                    _(
                        "ressemble au dossier existant « %(name)s » (%(why)s) : confirmez qu'il "
                        "s'agit de la même personne, ou corrigez la ligne."
                    )
                    % {"name": f"{match.first_name} {match.last_name}", "why": why},
                )
        report.persons[ref] = person


def _groups_by_training(trainings) -> dict:
    groups = {}
    for group in Group.objects.filter(training__in=list(trainings.values())).order_by(
        "starts_on", "name"
    ):
        groups.setdefault(group.training_id, []).append(group)
    return groups


def place_in_group(check, line, training, start, end, groups):
    """The group of the contract: the one named in the file, or the only group of the
    training running on the contract's first day; otherwise a problem or a warning."""
    mine = groups.get(training.pk, [])
    named = line.text("group")
    if named:
        found = [g for g in mine if normalise(g.name) == normalise(named)]
        if not found:
            known = ", ".join(f"« {g.name} »" for g in mine) or _("aucun")
            check.problem(
                line,
                "group",
                _("groupe inconnu pour cette formation (groupes : %(groups)s).")
                % {"groups": known},
            )
            return None
        group = next((g for g in found if g.starts_on <= start <= g.ends_on), found[0])
        if group.ends_on < start or group.starts_on > end:
            check.problem(
                line,
                "group",
                _("le groupe « %(group)s » (du %(start)s au %(end)s) ne couvre pas ce contrat.")
                % {
                    "group": group.name,
                    "start": formatting.day(group.starts_on),
                    "end": formatting.day(group.ends_on),
                },
            )
            return None
        return group
    running = [g for g in mine if g.starts_on <= start <= g.ends_on]
    if len(running) == 1:
        return running[0]
    if running:
        check.problem(
            line,
            "group",
            _(
                "plusieurs groupes de cette formation commencent avant ce contrat "
                "(%(groups)s) : indiquez le groupe dans une colonne « Groupe »."
            )
            % {"groups": ", ".join(f"« {g.name} »" for g in running)},
        )
        return None
    check.warning(
        line,
        "group",
        _(
            "aucun groupe de cette formation ne tourne le %(day)s : le contrat est importé sans "
            "groupe. Il n'apparaîtra au registre des présences qu'une fois placé dans un groupe."
        )
        % {"day": formatting.day(start)},
    )
    return None


def _contracts_in_tremplin(report) -> set:
    """``(person id, training id, start)`` of the contracts of the existing person files the
    file uses (confirmed matches)."""
    existing = [report.persons[ref] for ref in report.existing_refs]
    if not existing:
        return set()
    return set(
        Contract.objects.filter(person__in=existing).values_list(
            "person_id", "training_id", "start_date"
        )
    )


def read_contracts(check, lines, trainings) -> set:
    """The file's contracts into the report; returns ``(ref, training id)`` of the rows whose
    contract is already in Tremplin (the same file imported again), refused."""
    report = check.report
    current = {}
    groups = _groups_by_training(trainings)
    in_tremplin, already = _contracts_in_tremplin(report), set()
    for line in lines:
        check.required(line, "person_ref", "training", "start_date", "planned_end_date")
        check.required(line, "hours_per_week")
        ref, title = line.text("person_ref"), line.text("training")
        start, end = check.date(line, "start_date"), check.date(line, "planned_end_date")
        actual = check.date(line, "actual_end_date")
        known_problems = len(report.problems)
        hours = check.hours(line, "hours_per_week", maximum=Decimal("40"))
        hours_refused = len(report.problems) > known_problems  # not a number, or over 40
        training = trainings.get(normalise(title))
        if title and training is None:
            check.problem(line, "training", _("formation inconnue dans ce centre."))
        if ref and ref not in report.persons:
            check.problem(line, "person_ref", _("personne absente de la feuille « personnes »."))
        if start and end and end <= start:
            check.problem(line, "planned_end_date", _("Le contrat doit finir après son début."))
        if start and actual and actual < start:
            check.problem(
                line, "actual_end_date", _("La fin réelle ne peut pas précéder le début.")
            )
        if line.text("hours_per_week") and hours == 0 and not hours_refused:
            check.problem(
                line, "hours_per_week", _("Les heures par semaine doivent être entre 1 et 40.")
            )
        if not (ref in report.persons and training and start and end and hours):
            continue
        person = report.persons[ref]
        if (person.pk, training.pk, start) in in_tremplin:
            check.problem(
                line,
                "start_date",
                _(
                    "ce contrat est déjà dans Tremplin (même personne, même formation, même "
                    "début) : retirez la ligne, et ses présences."
                ),
            )
            already.add((ref, training.pk))
            continue
        if (
            actual is None
            and not person._state.adding
            and Contract.objects.filter(person=person, centre=training.centre).current().exists()
        ):
            check.problem(
                line,
                "actual_end_date",
                _("Cette personne a déjà un contrat en cours dans ce centre."),
            )
            continue
        if actual is None:
            if ref in current:
                check.problem(
                    line,
                    "actual_end_date",
                    _("Cette personne a déjà un contrat en cours (ligne %(row)s).")
                    % {"row": current[ref]},
                )
                continue
            current[ref] = line.number
        daily = (hours / 5).quantize(Decimal("0.01"))
        group = place_in_group(check, line, training, start, actual or end, groups)
        contract = Contract(
            person=report.persons[ref],
            training=training,
            centre=training.centre,
            group=group,
            start_date=start,
            planned_end_date=end,
            actual_end_date=actual,
            status=Contract.Status.ENDED if actual else Contract.Status.ACTIVE,
            hours_per_week=hours,
            forem_reference=line.text("forem_reference")[:40],
            **dict.fromkeys(WEEKDAYS, daily),
        )
        report.contracts[(ref, training.pk, start)] = contract
    return already


def read_attendance(check, lines, trainings, already=frozenset()):
    report = check.report
    reasons = {r.code.lower(): r for r in AbsenceReason.objects.all()}
    contracts = {}
    for (ref, training_id, _start), contract in report.contracts.items():
        contracts.setdefault((ref, training_id), []).append(contract)
    seen = set()
    for line in lines:
        check.required(line, "person_ref", "training", "day")
        ref, day = line.text("person_ref"), check.date(line, "day")
        training = trainings.get(normalise(line.text("training")))
        followed = check.hours(line, "hours_followed")
        assimilated = check.hours(line, "hours_assimilated")
        unjustified = check.hours(line, "unjustified")
        code = line.text("reason").lower()
        reason = reasons.get(code) if code else None
        if code and reason is None:
            check.problem(line, "reason", _("Motif d'absence inconnu."))
        if followed + assimilated + unjustified > MAX_HOURS_PER_DAY:
            check.problem(
                line, "hours_followed", _("Les heures d'un jour doivent être entre 0 et 12.")
            )
        if assimilated and reason is None and not code:
            check.problem(line, "reason", _("Indiquez le motif des heures assimilées."))
        if assimilated and reason is not None and not reason.counts_as_assimilated:
            check.problem(
                line,
                "reason",
                _("Le motif « %(reason)s » ne compte pas en heures assimilées.")
                % {"reason": reason.label},
            )
        if not (ref and day and training):
            if line.text("training") and training is None:
                check.problem(line, "training", _("formation inconnue dans ce centre."))
            continue
        contract = next(
            (
                c
                for c in contracts.get((ref, training.pk), [])
                if c.start_date <= day <= (c.actual_end_date or c.planned_end_date)
            ),
            None,
        )
        if contract is None and (ref, training.pk) in already:
            check.problem(line, "day", _("son contrat est déjà dans Tremplin : retirez la ligne."))
            continue
        if contract is None:
            check.problem(
                line, "day", _("aucun contrat de cette personne pour cette formation ce jour-là.")
            )
            continue
        if (ref, training.pk, day) in seen:
            check.problem(line, "day", _("Ce jour est déjà encodé pour ce contrat."))
            continue
        seen.add((ref, training.pk, day))
        report.attendance.append(
            AttendanceDay(
                contract=contract,
                day=day,
                hours_followed=followed,
                hours_assimilated=assimilated,
                reason=reason,
                unjustified_absence_hours=unjustified,
            )
        )


def analyse(files, centre, use_existing=(), mapping=None) -> MovingInReport:
    """The dry run. ``mapping`` (decision 1005): which of the file's sheets and columns is
    which of ours; without one, sheets and headers must carry our names."""
    report = MovingInReport()
    try:
        if mapping is None:
            workbook = read_workbook(files, SPECS)
        else:
            workbook = read_mapped(files, SPECS, mapping)
    except Unreadable as error:
        report.problems.append(Problem(_("fichier"), None, "", error.message))
        return report
    report.problems.extend(workbook.problems)
    check = Checker(report, workbook)
    trainings = {
        normalise(t.name): t
        for t in Training.objects.filter(centre=centre).select_related("centre")
    }
    read_persons(check, workbook.sheets["personnes"], centre, set(use_existing))
    already = read_contracts(check, workbook.sheets["contrats"], trainings)
    read_attendance(check, workbook.sheets["presences"], trainings, already)
    counts = report.counts
    if report.ok and not (counts["persons"] or counts["contracts"] or counts["attendance"]):
        sheet = workbook.titles.get("personnes", "personnes")
        report.problems.append(
            Problem(
                sheet,
                None,
                "",
                _(
                    "rien à importer : le fichier n'a aucune personne, aucun contrat ni aucune "
                    "présence qui ne soit pas déjà dans Tremplin."
                ),
            )
        )
    return report


def apply(
    files, centre, user, file_name: str, use_existing=(), mapping=None, import_id=None
) -> MovingInReport:
    """Write persons, contracts and attendance in one transaction, or nothing. The report's
    ``created`` lists the primary keys written; history rows carry ``import_id``."""
    report = analyse(files, centre, use_existing, mapping)
    if not report.ok:
        raise MovingInRefused(report)
    context = {"user": str(user.pk), "import_file": file_name, "import_": "moving_in"}
    if import_id is not None:
        context["import_id"] = str(import_id)
    with transaction.atomic(), pghistory.context(**context):
        new_people = [p for r, p in report.persons.items() if r not in report.existing_refs]
        for person in new_people:  # save() encrypts the NISS and fills its digest
            person.save()
        contracts = list(report.contracts.values())
        for contract in contracts:
            contract.person = contract.person  # copy the person's id, known now
        Contract.objects.bulk_create(contracts)
        for row in report.attendance:
            row.contract = row.contract  # copy the contract's id, known now
            row.updated_by = user
        AttendanceDay.objects.bulk_create(report.attendance, batch_size=2000)
    report.created = {
        "persons": [str(p.pk) for p in new_people],
        "contracts": [str(c.pk) for c in contracts],
        "attendance": [row.pk for row in report.attendance],
    }
    return report


EXAMPLES = {
    "personnes": [
        ["P001", "Exemple", "Awa", "12/03/1990", "", "awa.exemple@exemple.test", ""],
        ["P002", "Fictif", "Marc", "1985-07-30", "85.07.30-033.28", "", "0470 00 00 00"],
    ],
    "contrats": [
        ["P001", "Commis de cuisine", "05/09/2022", "30/06/2023", "30/06/2023", "30", "", ""],
        ["P002", "Commis de cuisine", "2023-09-04", "2024-06-28", "", "30", "FOR-000001", ""],
    ],
    "presences": [
        ["P001", "Commis de cuisine", "05/09/2022", "6", "", "", ""],
        ["P001", "Commis de cuisine", "06.09.2022", "3", "3", "medical", ""],
    ],
}


# The template's sheet names (issue 15); the French names are read too.
TEMPLATE_SHEETS = {"personnes": "persons", "contrats": "contracts", "presences": "attendance"}


def template_bytes() -> bytes:
    """The template: the three sheets (``persons``, ``contracts``, ``attendance``) with their
    header row and two example rows."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for spec in SPECS:
        sheet = book.create_sheet(TEMPLATE_SHEETS[spec.name])
        sheet.append([column.code for column in spec.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in EXAMPLES[spec.name]:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
