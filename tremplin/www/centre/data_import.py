"""A centre imports its own data: upload → columns → dry run and matches → apply → undo.

Plain forms (no JavaScript); the uploaded file waits on private storage in a ``CentreImport``
(never in the process between requests). Each step is a page of the import; another centre's
import is a 404. Decision record 1005, domain in ``tremplin.training.centre_imports``.
"""

import uuid

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.accounts.capabilities import Capability, centres_where
from tremplin.audit.access import log_list_access
from tremplin.downloads import disposition, file_name
from tremplin.imports.spreadsheet import Unreadable
from tremplin.intake.models import Person
from tremplin.training import centre_imports, moving_in
from tremplin.training.models import CentreImport
from tremplin.www.decorators import staff_view

IMPORT = Capability.IMPORT_CENTRE_DATA
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_PROBLEMS = 300
SPEC_TITLES = {
    "personnes": gettext_lazy("Personnes"),
    "contrats": gettext_lazy("Contrats"),
    "presences": gettext_lazy("Présences"),
}


def imports_of(user):
    return CentreImport.objects.filter(centre__in=centres_where(user, IMPORT))


def get_import(request, import_id):
    return get_object_or_404(imports_of(request.user).select_related("centre"), pk=import_id)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [one for one in (data if isinstance(data, list | tuple) else [data]) if one]
        if not files:
            return super().clean(None, initial)
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


class UploadForm(forms.Form):
    centre = forms.ModelChoiceField(
        label=gettext_lazy("Centre"),
        queryset=None,
        empty_label=None,
        error_messages={"required": gettext_lazy("Choisissez le centre.")},
    )
    files = MultipleFileField(
        label=gettext_lazy("Votre fichier"),
        help_text=gettext_lazy(
            "Un classeur XLSX (Excel, LibreOffice) avec vos feuilles de personnes, de contrats "
            "et de présences, ou jusqu'à trois fichiers CSV (Excel, LibreOffice). Vos propres "
            "noms de colonnes conviennent : l'étape suivante vous demande lesquelles utiliser."
        ),
        error_messages={"required": gettext_lazy("Choisissez un fichier.")},
        widget=MultipleFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        self.only = centres.first() if len(centres) == 1 else None
        self.several = len(centres) > 1
        if self.only is not None:  # nothing to choose
            self.fields["centre"].required = False
            self.fields["centre"].widget = forms.HiddenInput()

    def clean_centre(self):
        return self.only or self.cleaned_data.get("centre")


@staff_view("GET", "POST", capability=IMPORT)
def start(request):
    centres = centres_where(request.user, IMPORT).order_by("name")
    form = UploadForm(request.POST or None, request.FILES or None, centres=centres)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                record = centre_imports.receive(
                    form.cleaned_data["centre"], request.user, form.cleaned_data["files"]
                )
            except Unreadable as error:
                form.add_error("files", error.message)
            else:
                return redirect("centre:data_import_columns", import_id=record.pk)
        status = 400
    recent = list(
        imports_of(request.user)
        .select_related("centre", "uploaded_by", "applied_by", "undone_by")
        .order_by("-uploaded_at")[:20]
    )
    return render(
        request,
        "www/centre/data_import/start.html",
        {"form": form, "recent": recent, "several_centres": form.several},
        status=status,
    )


@staff_view("GET", capability=IMPORT)
def template(request):
    response = HttpResponse(moving_in.template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = disposition(
        file_name("modele-import-centre-tremplin", ext="xlsx")
    )
    return response


# Columns ----------------------------------------------------------------------------------------

NO_SHEET = ""
NO_COLUMN = ""


def sheet_field(spec_name):
    return f"sheet-{spec_name}"


def column_field(spec_name, code):
    return f"column-{spec_name}-{code}"


class MappingForm(forms.Form):
    """For each of our sheets: which sheet of the file, and which of its columns is each field.
    The column choices are those of the sheet chosen at the last step."""

    def __init__(self, *args, sheets, mapping, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheets = {sheet.title: sheet for sheet in sheets}
        self.groups = []
        for spec in moving_in.SPECS:
            choice = mapping.get(spec.name) or {}
            title = choice.get("sheet")
            required_sheet = spec.name in centre_imports.REQUIRED_SHEETS
            sheet_name = sheet_field(spec.name)
            self.fields[sheet_name] = forms.ChoiceField(
                label=_("Votre feuille pour « %(what)s »") % {"what": SPEC_TITLES[spec.name]},
                choices=[(NO_SHEET, _("— pas dans mon fichier —"))]
                + [(s.title, s.title) for s in sheets],
                required=False,
                initial=title or NO_SHEET,
                help_text=_("Obligatoire.") if required_sheet else _("Facultatif."),
            )
            columns = []
            sheet = self.sheets.get(title)
            if sheet is not None:
                options = [(NO_COLUMN, _("— pas dans ma feuille —"))] + [
                    (
                        str(index),
                        _("%(column)s (ex. : %(example)s)")
                        % {"column": text, "example": sheet.examples[index]}
                        if index < len(sheet.examples) and sheet.examples[index]
                        else text,
                    )
                    for index, text in sheet.choices()
                ]
                for column in spec.columns:
                    name = column_field(spec.name, column.code)
                    chosen = choice.get("columns", {}).get(column.code)
                    self.fields[name] = forms.ChoiceField(
                        label=column.label,
                        choices=options,
                        required=False,
                        initial=NO_COLUMN if chosen is None else str(chosen),
                        help_text=_("Obligatoire.") if column.required else None,
                    )
                    columns.append(name)
            self.groups.append(
                {
                    "spec": spec.name,
                    "title": SPEC_TITLES[spec.name],
                    "sheet": self[sheet_name],
                    "chosen": title,
                    "columns": [self[name] for name in columns],
                }
            )

    def chosen_sheets(self) -> dict:
        return {
            spec.name: (self.cleaned_data.get(sheet_field(spec.name)) or None)
            for spec in moving_in.SPECS
        }

    def mapping(self) -> dict:
        result = {}
        for spec in moving_in.SPECS:
            title = self.cleaned_data.get(sheet_field(spec.name)) or None
            columns = {}
            for column in spec.columns:
                value = self.cleaned_data.get(column_field(spec.name, column.code))
                if value not in (None, NO_COLUMN):
                    columns[column.code] = int(value)
            result[spec.name] = {"sheet": title, "columns": columns}
        return result


def _editable(record):
    return record.status in (CentreImport.Status.UPLOADED, CentreImport.Status.CHECKED)


@staff_view("GET", "POST", capability=IMPORT)
def columns(request, import_id):
    record = get_import(request, import_id)
    if not _editable(record):
        return redirect("centre:data_import_preview", import_id=record.pk)
    try:
        sheets = centre_imports.sheets_of(record)
    except Unreadable as error:  # the kept file cannot be read any more
        messages.error(request, error.message)
        return redirect("centre:data_import")
    form = MappingForm(request.POST or None, sheets=sheets, mapping=record.mapping)
    errors, status = [], 200
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_sheets()
        before = {name: (choice or {}).get("sheet") for name, choice in record.mapping.items()}
        if chosen != before:
            # Another sheet was chosen: propose its columns and show the form again.
            record.mapping = centre_imports.remap_sheets(record, chosen, sheets)
            record.save(update_fields=["mapping"])
            messages.info(request, _("Feuille changée : vérifiez les colonnes proposées."))
            return redirect("centre:data_import_columns", import_id=record.pk)
        try:
            errors = centre_imports.choose_mapping(record, form.mapping(), request.user)
        except Unreadable as error:  # too many rows for the sheet chosen: the file is gone
            messages.error(request, error.message)
            return redirect("centre:data_import")
        if not errors:
            return redirect("centre:data_import_preview", import_id=record.pk)
        status = 400
    return render(
        request,
        "www/centre/data_import/columns.html",
        {"record": record, "form": form, "errors": errors, "sheets": sheets},
        status=status,
    )


# Preview, matches, apply, undo ------------------------------------------------------------------


def _preview(request, record, status=200, refused_report=None, undo_reasons=None):
    report = refused_report or record.report or {}
    can_undo = None
    if record.status == CentreImport.Status.APPLIED and undo_reasons is None:
        undo_reasons = centre_imports.undo_refusals(record)
    if record.status == CentreImport.Status.APPLIED:
        can_undo = not undo_reasons
    problems = report.get("problems", [])
    problem_count = report.get("problem_count", len(problems))  # the report keeps the first ones
    if report.get("matches"):  # existing person files of the centre are shown: log it
        shown = [Person(pk=uuid.UUID(match["person_id"])) for match in report["matches"]]
        log_list_access(request, shown, "centre:data_import_preview", record.centre.organisation)
    return render(
        request,
        "www/centre/data_import/preview.html",
        {
            "record": record,
            "report": report,
            "problems": problems[:SHOWN_PROBLEMS],
            "problem_count": problem_count,
            "more_problems": max(0, problem_count - SHOWN_PROBLEMS),
            "confirmed": set(record.confirmed_matches),
            "editable": _editable(record),
            "can_undo": can_undo,
            "undo_reasons": undo_reasons or [],
            "refused": refused_report is not None,
        },
        status=status,
    )


@staff_view("GET", capability=IMPORT)
def preview(request, import_id):
    record = get_import(request, import_id)
    if record.status == CentreImport.Status.UPLOADED:
        return redirect("centre:data_import_columns", import_id=record.pk)
    return _preview(request, record)


@staff_view("POST", capability=IMPORT)
def matches(request, import_id):
    record = get_import(request, import_id)
    if record.status != CentreImport.Status.CHECKED:
        return redirect("centre:data_import_preview", import_id=record.pk)
    try:
        centre_imports.confirm_matches(record, request.POST.getlist("same"))
    except Unreadable as error:  # the file became unreadable: it is gone
        messages.error(request, error.message)
        return redirect("centre:data_import")
    messages.success(request, _("Vos réponses sont enregistrées ; l'essai a été refait."))
    return redirect("centre:data_import_preview", import_id=record.pk)


@staff_view("POST", capability=IMPORT)
def apply(request, import_id):
    record = get_import(request, import_id)
    if record.status != CentreImport.Status.CHECKED:
        messages.info(request, _("Cet import n'est plus à appliquer."))
        return redirect("centre:data_import_preview", import_id=record.pk)
    try:
        report = centre_imports.apply_import(record, request.user)
    except moving_in.MovingInRefused as refused:
        record.refresh_from_db()
        return _preview(
            request,
            record,
            status=409,
            refused_report=centre_imports.report_dict(refused.report),
        )
    counts = report.counts
    messages.success(
        request,
        _(
            "Import terminé : %(persons)s personne(s) créée(s), %(matched)s dossier(s) existant(s) "
            "utilisé(s), %(contracts)s contrat(s), %(attendance)s journée(s) de présence. "
            "Vous pouvez l'annuler pendant 24 heures."
        )
        % counts,
    )
    return redirect("centre:data_import_preview", import_id=record.pk)


@staff_view("POST", capability=IMPORT)
def undo(request, import_id):
    record = get_import(request, import_id)
    try:
        centre_imports.undo_import(record, request.user)
    except centre_imports.UndoRefused as refused:
        return _preview(request, record, status=refused.status, undo_reasons=refused.reasons)
    messages.success(
        request,
        _("Import annulé : les personnes, contrats et présences qu'il avait créés sont effacés."),
    )
    return redirect("centre:data_import_preview", import_id=record.pk)


@staff_view("POST", capability=IMPORT)
def discard(request, import_id):
    record = get_import(request, import_id)
    if _editable(record):
        centre_imports.discard(record)
        messages.success(request, _("Import abandonné : le fichier est effacé."))
    return redirect(reverse("centre:data_import"))
