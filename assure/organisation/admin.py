"""The Django admin, for superusers only; day-to-day administration uses Assure's own pages."""

from django.contrib import admin

from assure.organisation.models import (
    Directorate,
    LocalAuthority,
    Membership,
    OrganisationImport,
    Role,
    ServiceArea,
    Staff,
    Team,
)


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "la_code", "ons_code"]


@admin.register(Directorate)
class DirectorateAdmin(admin.ModelAdmin):
    list_display = ["name", "authority"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "directorate", "head"]
    autocomplete_fields = ["head"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "service_area", "team_type", "is_active"]
    list_filter = ["team_type", "service_area", "is_active"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["team"]


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "job_title", "employment_type", "is_active"]
    list_filter = ["employment_type", "is_active", "roles"]
    search_fields = ["first_name", "last_name", "email"]
    filter_horizontal = ["roles"]
    autocomplete_fields = ["line_manager"]
    inlines = [MembershipInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["code", "requires_two_factor"]


@admin.register(OrganisationImport)
class OrganisationImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "status", "uploaded_by", "uploaded_at"]
    readonly_fields = [f.name for f in OrganisationImport._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
