from django.contrib import admin

from tremplin.directory.models import AgrementChange, Centre, InfoSession, Site, Training


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    raw_id_fields = ["postal_code"]


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "agrement_number", "federation", "status", "updated_at"]
    list_filter = ["status", "federation", "legal_form"]
    search_fields = ["name", "agrement_number"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["organisation", "validated_by"]
    inlines = [SiteInline]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "street", "postal_code"]
    search_fields = ["name", "centre__name", "postal_code__code"]
    raw_id_fields = ["centre", "postal_code"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "objective", "method", "sector", "is_active"]
    list_filter = ["objective", "method", "sector", "is_active"]
    search_fields = ["name", "centre__name"]
    raw_id_fields = ["centre", "site"]


@admin.register(InfoSession)
class InfoSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "centre", "starts_at", "capacity", "status"]
    list_filter = ["status"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["centre", "training", "site"]


@admin.register(AgrementChange)
class AgrementChangeAdmin(admin.ModelAdmin):
    list_display = ["centre", "status", "requested_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["centre", "requested_by", "decided_by"]
