"""Deadlines worked out from a snapshot: one set per snapshot, replaced whole when recomputed.

A `DeadlineSet` records when and under which rules a snapshot's deadlines were computed; each
`Deadline` is one open or recently met deadline for a child, with the worker and team holding the
case (matched to `organisation.Staff` by e-mail address and to `Team` by name, where they match).
"""

from __future__ import annotations

from django.db import models


class DeadlineStatus(models.TextChoices):
    OVERDUE = "overdue", "Overdue"
    DUE_SOON = "due_soon", "Due within 5 working days"
    DUE_LATER = "due_later", "Due later"
    MET_ON_TIME = "met_on_time", "Met on time"
    MET_LATE = "met_late", "Met late"


OPEN = (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON, DeadlineStatus.DUE_LATER)
ALERTING = (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON)


class DeadlineSet(models.Model):
    snapshot = models.OneToOneField("casedata.Snapshot", on_delete=models.CASCADE, related_name="deadline_set")
    as_at = models.DateField("as at")
    computed_at = models.DateTimeField(auto_now=True)
    rules_version = models.CharField(max_length=64, help_text="SHA-256 of the rule file used.")
    counts = models.JSONField(default=dict, help_text="Deadlines per rule and status.")
    no_data_rules = models.JSONField(default=list, help_text="Rules the canonical tables hold no data for.")

    class Meta:
        ordering = ["-snapshot__seq"]

    def __str__(self) -> str:
        return f"Deadlines as at {self.as_at:%d/%m/%Y}"


class Deadline(models.Model):
    deadline_set = models.ForeignKey(DeadlineSet, on_delete=models.CASCADE, related_name="deadlines")
    rule_id = models.CharField(max_length=60)
    child_id = models.CharField(max_length=40)
    ref = models.CharField(max_length=300, help_text="The record that started the clock.")
    trigger_date = models.DateField()
    due_date = models.DateField()
    met_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=DeadlineStatus.choices)
    worker_id = models.CharField(max_length=254, blank=True, help_text="As the case data names the worker.")
    team_name = models.CharField(max_length=200, blank=True)
    staff = models.ForeignKey(
        "organisation.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines"
    )
    team = models.ForeignKey(
        "organisation.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="deadlines"
    )

    class Meta:
        ordering = ["due_date", "child_id", "rule_id"]
        indexes = [
            models.Index(fields=["deadline_set", "staff", "status"]),
            models.Index(fields=["deadline_set", "team", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} for {self.child_id} due {self.due_date:%d/%m/%Y}"
