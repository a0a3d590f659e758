from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import Membership, Organisation, Team, TeamMembership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "is_active", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["organisation"]


class UserMembershipInline(MembershipInline):
    fk_name = "user"


class OrganisationMembershipInline(MembershipInline):
    fk_name = "organisation"
    fields = ["user", "role", "is_active", "created_at"]
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users log in with their e-mail address: there is no username."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name"]}),
        (
            _("Droits"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [UserMembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "prescriber_type", "is_active_on_platform", "referral_sharing"]
    list_filter = ["kind", "prescriber_type", "is_active_on_platform"]
    search_fields = ["name", "email"]
    inlines = [OrganisationMembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active", "organisation__kind"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    """Teams of a prescriber organisation that shares its referrals by team (docs/privacy.md)."""

    list_display = ["name", "organisation"]
    list_filter = ["organisation__referral_sharing"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    inlines = [TeamMembershipInline]
