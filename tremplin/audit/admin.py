from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tremplin.audit.models import AccessLog, ErasureRecord, RetentionRun
from tremplin.audit.register import tables, unclassified
from tremplin.readonly_admin import ReadOnlyAdmin


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    """Read-only: the log is evidence, nobody edits it."""

    list_display = ["accessed_at", "user", "organisation", "content_type", "view_name"]
    list_filter = ["content_type", "view_name"]
    search_fields = ["user__email", "object_id", "view_name"]
    date_hierarchy = "accessed_at"
    list_select_related = ["user", "organisation", "content_type"]
    readonly_fields = [field.name for field in AccessLog._meta.fields]


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    """The reports of ``apply_retention`` (docs/privacy.md §2)."""

    list_display = ["started_at", "dry_run"]
    list_filter = ["dry_run"]
    readonly_fields = ["started_at", "dry_run", "text", "report"]
    fields = readonly_fields


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyAdmin):
    """Tombstones: ids only (decision 0804)."""

    list_display = ["applied_at", "kind", "action", "rule", "organisation"]
    list_filter = ["kind", "action", "rule"]
    search_fields = ["object_id"]
    list_select_related = ["organisation"]
    readonly_fields = [field.name for field in ErasureRecord._meta.fields]


def processing_register(request):
    """The register of processing (RGPD art. 30) as a page, from the same code as
    ``manage.py processing_register`` (``register.tables()``); platform staff only."""
    context = {
        **admin.site.each_context(request),
        "title": _("Registre des activités de traitement"),
        "tables": tables(),
        "missing": unclassified(),
    }
    return TemplateResponse(request, "admin/audit/processing_register.html", context)


def _with_register_page(get_urls):
    def urls():
        page = path(
            "registre-des-traitements/",
            admin.site.admin_view(require_GET(processing_register)),
            name="processing_register",
        )
        return [page, *get_urls()]

    return urls


admin.site.get_urls = _with_register_page(admin.site.get_urls)
admin.site.index_template = "admin/tremplin_index.html"  # links to the register
