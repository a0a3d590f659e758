from django.contrib import admin

from tremplin.audit.models import AccessLog
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
