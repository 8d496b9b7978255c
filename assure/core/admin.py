"""Background jobs and daily-job runs in the Django admin: read-only, for superusers looking into a problem."""

from django.contrib import admin

from assure.core.models import Job, ScheduledRun


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "progress", "created_by", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ["job", "day", "status", "started_at", "finished_at", "host"]
    list_filter = ["status", "job"]
    readonly_fields = [f.name for f in ScheduledRun._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
