"""A centre imports its own data in the browser (issue 15 §2, decision 1005).

Steps, each a plain form (no JavaScript):

1. ``receive(centre, user, uploads)``: the file is checked as a whole (a spreadsheet, its
   sheets readable, not too big, not too many rows) and kept on private storage in a
   ``CentreImport`` with a guessed column mapping (the centre's saved one first). A file that
   cannot be used raises ``Unreadable`` and nothing is kept.
2. ``choose_mapping(record, mapping, user)``: the centre says which column is which field; the
   mapping is checked, remembered for the centre's next import, and the dry run runs.
3. ``confirm_matches(record, refs)``: the persons the centre recognises as existing files.
4. ``apply_import(record, user)``: checks everything again and writes in one transaction,
   recording the rows created; the uploaded files are deleted.
5. ``undo_refusals(record)`` / ``undo_import(record, user)``: the last applied import of a
   centre can be undone for 24 hours, if nothing was recorded on top of it (below).

``purge_abandoned()`` (command ``purge_centre_imports``, daily) deletes uploads never applied
after a day, with their files.

**On top of an import** (the undo is refused, with the reasons):
- a person file, contract or attendance day the import created was changed (or an attendance
  day deleted) afterwards — their history rows not written by the import;
- a row was recorded that points to a person or contract the import created (another contract,
  a day of attendance not in the file, a suspension, an exit, a candidacy, a social follow-up…);
- a week of the register of a group holding an imported contract was locked afterwards, over
  the days the import brought;
- the monthly statement (PDF) of a person with an imported contract was produced afterwards:
  it may have gone to the Forem.
"""

import datetime
import hashlib
from pathlib import Path

import pghistory
import pghistory.models
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Min
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin import formatting
from tremplin.audit.models import AccessLog
from tremplin.audit.retention.erase import forget_history
from tremplin.imports import mapping as column_mapping
from tremplin.imports.spreadsheet import MAX_FILE_BYTES, NamedContent, Unreadable
from tremplin.imports.storage import private_imports
from tremplin.intake.models import Person
from tremplin.refusals import Conflict
from tremplin.training import moving_in
from tremplin.training.models import (
    AttendanceDay,
    AttendanceWeek,
    CentreImport,
    CentreImportFile,
    CentreImportMapping,
    Contract,
)

UNDO_WINDOW = datetime.timedelta(hours=24)
KEEP_UPLOADS = datetime.timedelta(days=1)
MAX_FILES = 3
REQUIRED_SHEETS = ("personnes",)
MAX_ROWS = max(spec.max_rows for spec in moving_in.SPECS)


class UndoRefused(Conflict):
    """The undo is refused; ``reasons`` says why, each in French."""

    def __init__(self, reasons):
        super().__init__(" ".join(reasons), code="undo_refused")
        self.reasons = reasons


# 1. Upload ------------------------------------------------------------------------------------


def stored_files(record: CentreImport) -> list[NamedContent]:
    contents = []
    for kept in record.files.all():
        with kept.file.open("rb") as handle:
            contents.append(NamedContent(kept.name, handle.read()))
    return contents


def sheets_of(record: CentreImport) -> list[column_mapping.SourceSheet]:
    return column_mapping.describe(stored_files(record))


def receive(centre, user, uploads) -> CentreImport:
    """Keep the upload (one XLSX or up to three CSV) with a guessed mapping. Raises
    ``Unreadable`` (nothing kept) when the file cannot be used."""
    uploads = list(uploads)
    if len(uploads) > MAX_FILES:
        raise Unreadable(_("Envoyez un classeur XLSX ou au plus trois fichiers CSV."))
    contents = []
    for upload in uploads:
        content = upload.read(MAX_FILE_BYTES + 1)
        contents.append(NamedContent(upload.name.rsplit("/", 1)[-1][:200], content))
    sheets = column_mapping.describe(contents, count_limit=MAX_ROWS)
    if not any(sheet.headers for sheet in sheets):
        raise Unreadable(_("Le fichier est vide."))
    for sheet in sheets:
        if sheet.rows > MAX_ROWS:
            raise Unreadable(
                _("La feuille « %(sheet)s » a plus de %(max)s lignes : découpez le fichier.")
                % {"sheet": sheet.title, "max": MAX_ROWS}
            )
    saved = CentreImportMapping.objects.filter(centre=centre).values_list("mapping", flat=True)
    guessed = column_mapping.guess(moving_in.SPECS, sheets, next(iter(saved), None))
    sha = hashlib.sha256()
    for content in contents:
        sha.update(content.content)
    with transaction.atomic():
        record = CentreImport.objects.create(
            centre=centre,
            uploaded_by=user,
            file_name=", ".join(c.name for c in contents)[:255],
            sha256=sha.hexdigest(),
            mapping=guessed,
        )
        for content in contents:
            kept = CentreImportFile(
                centre_import=record, name=content.name, size=len(content.content)
            )
            kept.file.save(content.name, ContentFile(content.content), save=False)
            kept.save()
    return record


# 2–3. Mapping and dry run ---------------------------------------------------------------------


KEPT_PROBLEMS = 1_000  # a report keeps the first ones, and says how many there were


def report_dict(report: moving_in.MovingInReport) -> dict:
    return {
        "problems": [{**p.as_dict(), "text": str(p)} for p in report.problems[:KEPT_PROBLEMS]],
        "problem_count": len(report.problems),
        "warnings": [{**p.as_dict(), "text": str(p)} for p in report.warnings[:KEPT_PROBLEMS]],
        "warning_count": len(report.warnings),
        "matches": [
            {
                "ref": m["ref"],
                "sheet": m["sheet"],
                "line": m["line"],
                "why": m["why"],
                "person_id": str(m["person"].pk),
                "person_name": f"{m['person'].first_name} {m['person'].last_name}",
                "person_birth_date": formatting.short_day(m["person"].birth_date),
                "row_name": f"{m['row']['first_name']} {m['row']['last_name']}",
                "row_birth_date": formatting.short_day(m["row"]["birth_date"]),
            }
            for m in report.matches
        ],
        "counts": report.counts,
    }


def dry_run(record: CentreImport) -> moving_in.MovingInReport:
    """Analyse the kept file through the record's mapping and keep the report. A file that
    turned out unusable as a whole (too many rows for its sheet…) is deleted and raises
    ``Unreadable``: nothing is kept."""
    report = moving_in.analyse(
        stored_files(record), record.centre, record.confirmed_matches, record.mapping
    )
    unusable = [p for p in report.problems if p.row is None and p.sheet == _("fichier")]
    if unusable:
        discard(record)
        raise Unreadable(unusable[0].message)
    record.report = report_dict(report)
    record.status = CentreImport.Status.CHECKED
    record.save(update_fields=["report", "status"])
    return report


def choose_mapping(record: CentreImport, mapping: dict, user) -> list[str]:
    """Check the mapping the member chose; when it can be used, keep it on the import and for
    the centre's next import, and run the dry run. Returns the mapping's errors; raises
    ``Unreadable`` when the file is unusable through it (deleted)."""
    sheets = sheets_of(record)
    errors = column_mapping.check(moving_in.SPECS, mapping, sheets, REQUIRED_SHEETS)
    if errors:
        return errors
    record.mapping = mapping
    record.save(update_fields=["mapping"])
    CentreImportMapping.objects.update_or_create(
        centre=record.centre,
        defaults={"mapping": column_mapping.saved_form(mapping, sheets), "updated_by": user},
    )
    dry_run(record)
    return []


def remap_sheets(record: CentreImport, chosen: dict, sheets) -> dict:
    """The member chose other sheets: keep the columns of the sheets that stay, guess those of
    the new ones (the centre's saved mapping first). Returns the new mapping."""
    by_title = {sheet.title: sheet for sheet in sheets}
    saved = CentreImportMapping.objects.filter(centre=record.centre_id).values_list(
        "mapping", flat=True
    )
    saved = next(iter(saved), {}) or {}
    mapping = {}
    for spec in moving_in.SPECS:
        title = chosen.get(spec.name)
        before = record.mapping.get(spec.name) or {}
        if title is None or title not in by_title:
            mapping[spec.name] = {"sheet": None, "columns": {}}
        elif title == before.get("sheet"):
            mapping[spec.name] = before
        else:
            remembered = (saved.get(spec.name) or {}).get("columns")
            columns = column_mapping.guess_columns(spec, by_title[title].headers, remembered)
            mapping[spec.name] = {"sheet": title, "columns": columns}
    return mapping


def confirm_matches(record: CentreImport, refs) -> moving_in.MovingInReport:
    offered = {match["ref"] for match in record.report.get("matches", [])}
    record.confirmed_matches = sorted(set(refs) & offered)
    record.save(update_fields=["confirmed_matches"])
    return dry_run(record)


# 4. Apply -------------------------------------------------------------------------------------


def apply_import(record: CentreImport, user) -> moving_in.MovingInReport:
    """Everything or nothing; raises ``MovingInRefused`` with the new report."""
    with transaction.atomic():
        record = CentreImport.objects.select_for_update().get(pk=record.pk)
        if record.status != CentreImport.Status.CHECKED:
            raise ValueError(record.status)
        report = moving_in.apply(
            stored_files(record),
            record.centre,
            user,
            record.file_name,
            use_existing=record.confirmed_matches,
            mapping=record.mapping,
            import_id=record.pk,
        )
        _record_applied(record, report, user)
        delete_files(record)
    return report


def _record_applied(record: CentreImport, report, user):
    summary = report_dict(report)
    record.report = {
        "counts": report.counts,
        "warnings": summary["warnings"],
        "warning_count": summary["warning_count"],
        "problems": [],
        "problem_count": 0,
        "matches": [],
    }
    record.created_rows = report.created
    record.status = CentreImport.Status.APPLIED
    record.applied_at, record.applied_by = timezone.now(), user
    record.save()


def apply_files(centre, user, uploads, use_existing=()) -> moving_in.MovingInReport:
    """The command's path (``import_centre_data``): files with our sheet and column names,
    applied at once and recorded like a browser import, so the centre can undo it from its
    page. Raises ``MovingInRefused`` (nothing kept)."""
    uploads = list(uploads)
    sha = hashlib.sha256()
    for upload in uploads:
        sha.update(upload.content)
    with transaction.atomic():
        record = CentreImport.objects.create(
            centre=centre,
            uploaded_by=user,
            file_name=", ".join(upload.name for upload in uploads)[:255],
            sha256=sha.hexdigest(),
            status=CentreImport.Status.CHECKED,
        )
        report = moving_in.apply(
            uploads, centre, user, record.file_name, use_existing, import_id=record.pk
        )
        _record_applied(record, report, user)
    return report


def delete_files(record: CentreImport):
    """The uploaded files go once the data is in (or abandoned): rows now, bytes on commit."""
    kept = list(record.files.all())
    record.files.all().delete()
    for one in kept:
        transaction.on_commit(
            lambda name=one.file.name, storage=one.file.storage: storage.delete(name)
        )


def discard(record: CentreImport):
    with transaction.atomic():
        delete_files(record)
        record.delete()


# 5. Undo --------------------------------------------------------------------------------------


def _context_ids(record):
    return pghistory.models.Context.objects.filter(metadata__import_id=str(record.pk)).values("id")


def _changed_after(model, ids, record) -> int:
    if not ids:
        return 0
    return (
        _event_model(model)
        .objects.filter(pgh_obj_id__in=ids)
        .exclude(pgh_context_id__in=_context_ids(record))
        .count()
    )


def _event_model(model):
    from django.apps import apps

    return apps.get_model(model._meta.app_label, f"{model.__name__}Event")


def _is_history(model) -> bool:
    return issubclass(model, pghistory.models.Event)


def recorded_on_top(record: CentreImport) -> list[str]:
    """What was recorded after the import on the rows it created (see the module's text)."""
    created = record.created_rows or {}
    persons = created.get("persons", [])
    contracts = created.get("contracts", [])
    attendance = created.get("attendance", [])
    reasons = []
    changed = {
        "persons": _changed_after(Person, persons, record),
        "contracts": _changed_after(Contract, contracts, record),
        "attendance": _changed_after(AttendanceDay, attendance, record),
    }
    if changed["persons"]:
        reasons.append(
            ngettext(
                "%(count)s dossier de personne importé a été modifié depuis.",
                "%(count)s dossiers de personnes importés ont été modifiés depuis.",
                changed["persons"],
            )
            % {"count": changed["persons"]}
        )
    if changed["contracts"]:
        reasons.append(
            ngettext(
                "%(count)s contrat importé a été modifié depuis.",
                "%(count)s contrats importés ont été modifiés depuis.",
                changed["contracts"],
            )
            % {"count": changed["contracts"]}
        )
    if changed["attendance"]:
        reasons.append(
            ngettext(
                "%(count)s journée de présence importée a été modifiée ou effacée depuis.",
                "%(count)s journées de présence importées ont été modifiées ou effacées depuis.",
                changed["attendance"],
            )
            % {"count": changed["attendance"]}
        )
    ours = {Contract: contracts, AttendanceDay: attendance, Person: persons}
    for model, ids in ((Person, persons), (Contract, contracts)):
        if not ids:
            continue
        for relation in model._meta.related_objects:
            related = relation.related_model
            if _is_history(related):
                continue
            rows = related._base_manager.filter(**{f"{relation.field.name}__in": ids})
            if related in ours and ours[related]:
                rows = rows.exclude(pk__in=ours[related])
            count = rows.count()
            if count:
                reasons.append(
                    _("%(count)s × %(what)s ajouté(s) depuis sur ce que l'import a créé.")
                    % {"count": count, "what": related._meta.verbose_name_plural}
                )
    if attendance:
        span = AttendanceDay.objects.filter(pk__in=attendance).aggregate(
            first=Min("day"), last=Max("day")
        )
        groups = (
            Contract.objects.filter(pk__in=contracts, group__isnull=False)
            .values("group_id")
            .distinct()
        )
        if span["first"]:
            monday = span["first"] - datetime.timedelta(days=span["first"].weekday())
            locked = AttendanceWeek.objects.filter(
                group__in=groups,
                locked_at__gt=record.applied_at,
                week_start__gte=monday,
                week_start__lte=span["last"],
            ).count()
            if locked:
                reasons.append(
                    ngettext(
                        "%(count)s semaine du registre a été verrouillée depuis.",
                        "%(count)s semaines du registre ont été verrouillées depuis.",
                        locked,
                    )
                    % {"count": locked}
                )
    if contracts:
        trainees = Contract.objects.filter(pk__in=contracts).values("person_id")
        statements = AccessLog.objects.filter(
            object_id__in=trainees,
            view_name__endswith="statement_pdf",
            accessed_at__gt=record.applied_at,
        ).count()
        if statements:
            reasons.append(
                ngettext(
                    "%(count)s relevé mensuel d'un stagiaire importé a été produit depuis : il "
                    "a pu partir au Forem.",
                    "%(count)s relevés mensuels de stagiaires importés ont été produits depuis : "
                    "ils ont pu partir au Forem.",
                    statements,
                )
                % {"count": statements}
            )
    return reasons


def undo_refusals(record: CentreImport, now=None) -> list[str]:
    """Why the import cannot be undone now, in French (empty: it can)."""
    now = now or timezone.now()
    if record.status == CentreImport.Status.UNDONE:
        return [_("Cet import a déjà été annulé.")]
    if record.status != CentreImport.Status.APPLIED:
        return [_("Cet import n'a pas été appliqué : il n'y a rien à annuler.")]
    if now - record.applied_at > UNDO_WINDOW:
        return [
            _(
                "Plus de 24 heures ont passé depuis l'import : il ne peut plus être annulé. "
                "Corrigez les dossiers un par un."
            )
        ]
    last = (
        CentreImport.objects.filter(centre_id=record.centre_id, status=CentreImport.Status.APPLIED)
        .order_by("-applied_at")
        .values_list("pk", flat=True)
        .first()
    )
    if last != record.pk:
        return [
            _("Un import plus récent a été appliqué : seul le dernier import peut être annulé.")
        ]
    return recorded_on_top(record)


def undo_import(record: CentreImport, user, now=None):
    """Delete exactly the rows the import created, in one transaction; raises
    ``UndoRefused`` with the reasons."""
    with transaction.atomic():
        record = CentreImport.objects.select_for_update().get(pk=record.pk)
        reasons = undo_refusals(record, now)
        if reasons:
            raise UndoRefused(reasons)
        created = record.created_rows
        try:
            with (
                transaction.atomic(),
                pghistory.context(user=str(user.pk), undo_import_id=str(record.pk)),
            ):
                for model, key in (
                    (AttendanceDay, "attendance"),
                    (Contract, "contracts"),
                    (Person, "persons"),
                ):
                    model.objects.filter(pk__in=created.get(key, [])).delete()
                    # The history of rows that should never have been there goes with them
                    # (as for an erasure): no copy of the undone data is left behind.
                    forget_history(model, created.get(key, []))
        except (ProtectedError, RestrictedError):
            raise UndoRefused(
                [_("Des données ont été enregistrées entre-temps sur ce que l'import a créé.")]
            ) from None
        record.status = CentreImport.Status.UNDONE
        record.undone_at, record.undone_by = timezone.now(), user
        record.save(update_fields=["status", "undone_at", "undone_by"])
    return record


# Purge ----------------------------------------------------------------------------------------


def purge_abandoned(now=None) -> int:
    """Uploads never applied, older than a day, with their files. Returns how many."""
    now = now or timezone.now()
    old = CentreImport.objects.filter(
        status__in=[CentreImport.Status.UPLOADED, CentreImport.Status.CHECKED],
        uploaded_at__lt=now - KEEP_UPLOADS,
    )
    count = 0
    for record in old:
        discard(record)
        count += 1
    _sweep_orphans(now)
    return count


def _sweep_orphans(now):
    """Files on the private storage that no upload refers to (a request that failed after
    writing them), older than a day."""
    root = Path(private_imports.location) / "centre"
    if not root.is_dir():
        return
    known = set(CentreImportFile.objects.values_list("file", flat=True))
    limit = (now - KEEP_UPLOADS).timestamp()
    for path in root.rglob("*"):
        name = path.relative_to(private_imports.location).as_posix()
        if path.is_file() and name not in known and path.stat().st_mtime < limit:
            path.unlink()
