from django.apps import AppConfig


class CasedataConfig(AppConfig):
    name = "assure.casedata"
    label = "casedata"
    verbose_name = "Child-level case data"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from assure.casedata import services  # noqa: F401 - registers the import job's handler
        from assure.casedata.models import ColumnMapping

        if not auditlog.contains(ColumnMapping):  # who saved or deleted a mapping, and what it said
            auditlog.register(ColumnMapping, exclude_fields=["created_at"])
