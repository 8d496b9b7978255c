from django.contrib import admin

from assure.alerts.models import DeadlineSet


@admin.register(DeadlineSet)
class DeadlineSetAdmin(admin.ModelAdmin[DeadlineSet]):
    list_display = ["snapshot", "as_at", "computed_at"]
    readonly_fields = ["snapshot", "as_at", "computed_at", "rules_version", "counts", "no_data_rules"]
