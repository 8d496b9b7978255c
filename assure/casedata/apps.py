from django.apps import AppConfig


class CasedataConfig(AppConfig):
    name = "assure.casedata"
    label = "casedata"
    verbose_name = "Child-level case data"
