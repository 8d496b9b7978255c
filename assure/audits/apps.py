import datetime as dt

from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "assure.audits"
    label = "audits"
    verbose_name = "Quality assurance audits"

    def ready(self) -> None:
        from assure.audits import history
        from assure.core.scheduler import DailyJob, daily_job_register

        history.register()
        daily_job_register(
            DailyJob(
                name="audit_reminders",
                at=dt.time(7, 15),
                description="Remind auditors of audits due, and owners of overdue actions and remedial work.",
            )
        )
