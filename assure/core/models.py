"""Base models and the record of background jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class Job(models.Model):
    """A long piece of work done by the background worker, with the progress people see."""

    kind = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker_host = models.CharField(max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}


class Notification(models.Model):
    """A message to one member of staff: shown in Assure and, unless they have no address, e-mailed.

    Domain apps send them through `core.notifications.notification_send` (an audit escalated, a
    safeguarding concern raised, a risk's owner assigned, an action overdue). The subject and body
    hold no more about a child than the reader needs to find the record (its id and the link).
    """

    recipient = models.ForeignKey("organisation.Staff", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=60, help_text="What raised it, like audits.escalation or risks.owner.")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True, help_text="A path inside Assure, like /risks/12/.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.recipient})"


class ScheduledRunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class ScheduledRun(models.Model):
    """One day's run of a daily job. The unique (job, day) pair is the claim: a second scheduler, or
    the same one after a restart, cannot insert it again, so a job runs at most once a day."""

    job = models.CharField(max_length=80)
    day = models.DateField()
    status = models.CharField(max_length=16, choices=ScheduledRunStatus.choices, default=ScheduledRunStatus.RUNNING)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    output = models.TextField(blank=True, help_text="What the job printed, or why it failed.")
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "-started_at"]
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="scheduled_run_once_a_day")]

    def __str__(self) -> str:
        return f"{self.job} on {self.day} ({self.get_status_display()})"
