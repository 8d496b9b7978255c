import datetime as dt

from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "assure.alerts"
    label = "alerts"
    verbose_name = "Deadlines and alerts"

    def ready(self) -> None:
        from assure.alerts import services  # noqa: F401 - registers the background jobs' handlers
        from assure.core.scheduler import DailyJob, daily_job_register

        daily_job_register(
            DailyJob(
                name="send_digests",
                at=dt.time(6, 30),
                description="E-mail each worker and team manager their overdue and due-soon deadlines.",
                working_days_only=True,
            )
        )
