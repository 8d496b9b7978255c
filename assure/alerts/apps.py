from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "assure.alerts"
    label = "alerts"
    verbose_name = "Deadlines and alerts"

    def ready(self) -> None:
        from assure.alerts import services  # noqa: F401 - registers the background jobs' handlers
