"""The Django admin, for superusers: setting up registers (tier, matrix, bands, cadence) and categories."""

from django.contrib import admin

from assure.risks.models import Category, Register, RegisterVersion


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):
    list_display = ["reference", "name", "tier", "owner", "escalation_threshold"]
    autocomplete_fields = ["owner"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "appetite", "appetite_score", "tolerance_score"]


@admin.register(RegisterVersion)
class RegisterVersionAdmin(admin.ModelAdmin):
    """Published versions are read only, here as everywhere."""

    list_display = ["register", "number", "completed_on", "completed_by"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
