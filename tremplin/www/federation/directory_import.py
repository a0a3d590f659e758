"""The federation imports its directory file: upload (dry run), preview, apply.

A file with problems is shown with every problem and is not kept. A clean file is kept in a
``DirectoryImport`` with its report, so the preview and the apply step use the very same
bytes; applying analyses it again against the database of that moment (all or nothing).
"""

import base64

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.accounts.capabilities import Capability
from tremplin.directory import import_spec
from tremplin.directory.import_record import DirectoryImport
from tremplin.directory.importing import ImportRefused, analyse_files, apply_file
from tremplin.downloads import disposition, file_name
from tremplin.imports.spreadsheet import NamedContent
from tremplin.www.decorators import staff_view

REVIEW = Capability.REVIEW_DIRECTORY

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [one for one in (data if isinstance(data, list | tuple) else [data]) if one]
        if not files:
            return super().clean(None, initial)  # "Choisissez un fichier."
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Fichier de l'annuaire"),
        help_text=gettext_lazy(
            "Un classeur XLSX avec les feuilles centres, sites et formations, ou les trois "
            "fichiers CSV (centres.csv, sites.csv, formations.csv) tels qu'Excel ou LibreOffice "
            "les enregistrent."
        ),
        error_messages={"required": gettext_lazy("Choisissez un fichier.")},
        widget=MultipleFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def stored_files(record: DirectoryImport) -> list[NamedContent]:
    return [NamedContent(f["name"], base64.b64decode(f["content"])) for f in record.files]


@staff_view("GET", "POST", capability=REVIEW)
def upload(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    report = None
    if request.method == "POST" and form.is_valid():
        contents = [(f.name, f.read()) for f in form.cleaned_data["files"]]
        report = analyse_files(NamedContent(name, content) for name, content in contents)
        if report.ok:
            record = DirectoryImport.objects.create(
                file_name=", ".join(name for name, _ in contents)[:255],
                files=[
                    {"name": name, "content": base64.b64encode(content).decode()}
                    for name, content in contents
                ],
                sha256=DirectoryImport.digest([content for _, content in contents]),
                uploaded_by=request.user,
                report=report.as_dict(),
            )
            return redirect("federation:directory_import_preview", import_id=record.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "www/federation/directory/import_upload.html",
        {
            "form": form,
            "report": report.as_dict() if report else None,
            "recent": DirectoryImport.objects.select_related("uploaded_by", "applied_by")[:10],
        },
        status=status,
    )


@staff_view("GET", capability=REVIEW)
def preview(request, import_id):
    record = get_object_or_404(DirectoryImport, pk=import_id)
    return render(
        request,
        "www/federation/directory/import_preview.html",
        {"record": record, "report": record.report},
    )


@staff_view("POST", capability=REVIEW)
@transaction.atomic
def apply(request, import_id):
    record = get_object_or_404(DirectoryImport.objects.select_for_update(), pk=import_id)
    if record.applied_at:
        messages.info(request, _("Ce fichier a déjà été appliqué."))
        return redirect("federation:directory_import_preview", import_id=record.pk)
    try:
        report = apply_file(stored_files(record), request.user, record.file_name, record.pk)
    except ImportRefused as refused:
        return render(
            request,
            "www/federation/directory/import_preview.html",
            {"record": record, "report": refused.report.as_dict(), "refused": True},
            status=409,
        )
    DirectoryImport.objects.filter(pk=record.pk).update(
        applied_at=timezone.now(), applied_by=request.user, report=report.as_dict()
    )
    counts = report.counts
    messages.success(
        request,
        _(
            "Annuaire mis à jour : %(created)s créé(s), %(changed)s modifié(s), "
            "%(unchanged)s inchangé(s)."
        )
        % counts,
    )
    return redirect("federation:directory_import_preview", import_id=record.pk)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = disposition(name)
    return response


@staff_view("GET", capability=REVIEW)
def template(request):
    return _xlsx(import_spec.template_bytes(), file_name("modele-annuaire-tremplin", ext="xlsx"))


@staff_view("GET", capability=REVIEW)
def export(request):
    rows = import_spec.export_rows()
    name = file_name("annuaire-tremplin", ext="xlsx", day=timezone.localdate())
    return _xlsx(import_spec.workbook_bytes(rows), name)
