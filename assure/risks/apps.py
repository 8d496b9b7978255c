import datetime as dt

from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "assure.risks"
    label = "risks"
    verbose_name = "Risk registers"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from assure.core.scheduler import DailyJob, daily_job_register
        from assure.risks import models, tasks  # noqa: F401 - tasks registers the daily reminder task

        daily_job_register(
            DailyJob(
                name="risk_reminders",
                at=dt.time(7, 0),
                description="Remind risk owners of reviews due and overdue actions.",
            )
        )

        # Reverse relations and the id are not changes anyone made: leave them out of the history.
        hidden = ["id", "created_at", "updated_at", "risks", "feeders", "versions", "imports", "controls", "actions"]
        hidden += ["assessments", "cross_references", "evidence_links"]
        for model in (
            models.Register,
            models.Category,
            models.Control,
            models.Action,
            models.CrossReference,
            models.EvidenceLink,
        ):
            if not auditlog.contains(model):
                auditlog.register(model, exclude_fields=hidden)
        if not auditlog.contains(models.Risk):
            auditlog.register(models.Risk, exclude_fields=hidden, m2m_fields={"owners"})
