from django.apps import AppConfig


class CasedataConfig(AppConfig):
    name = "assure.casedata"
    label = "casedata"
    verbose_name = "Child-level case data"

    def ready(self) -> None:
        from assure.casedata import services  # noqa: F401 - registers the import job's handler
