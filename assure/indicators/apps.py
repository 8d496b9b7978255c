from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "assure.indicators"
    label = "indicators"
    verbose_name = "Indicators"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from assure.indicators import services  # noqa: F401 - registers the recalculation job's handler
        from assure.indicators.models import Target

        if not auditlog.contains(Target):
            auditlog.register(Target, exclude_fields=["created_at", "updated_at"])
