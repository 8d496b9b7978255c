"""Audit tools (versioned definitions), audits of children's records and of staff files, their
actions, monthly allocation runs, moderation, and the programmes of focus."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from assure.core.models import TimeStampedModel


class ToolStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "In use"
    RETIRED = "retired", "Retired"


class AuditTool(TimeStampedModel):
    """One version of an audit tool. The definition is the checked YAML document, as data."""

    tool_id = models.CharField(max_length=60)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=ToolStatus.choices, default=ToolStatus.DRAFT)
    definition = models.JSONField()
    source_text = models.TextField(blank=True, help_text="The YAML the definition was read from.")

    class Meta:
        ordering = ["tool_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["tool_id", "version"], name="audit_tool_unique_version"),
            models.UniqueConstraint(
                fields=["tool_id"], condition=Q(status="active"), name="audit_tool_one_active_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class AllocationRun(TimeStampedModel):
    """A month's random draw of cases for audit, with the seed that reproduces it."""

    month = models.DateField(unique=True, help_text="The first day of the month.")
    seed = models.BigIntegerField()
    snapshot_seq = models.PositiveIntegerField(null=True, blank=True)
    summary = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"Allocation for {self.month:%B %Y}"


class AuditStatus(models.TextChoices):
    ALLOCATED = "allocated", "Allocated"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed"


class CaseKind(models.TextChoices):
    CIN = "cin", "Child in need"
    CP = "cp", "Child protection"
    CLA = "cla", "Child in care"
    CARE_LEAVER = "care_leaver", "Care leaver"
    PLO = "plo", "Public Law Outline"


class AllocationMethod(models.TextChoices):
    RANDOM = "random", "Random draw"
    HAND_PICKED = "hand_picked", "Hand-picked (allowed by an administrator)"
    ADDITIONAL = "additional", "Additional, beyond the quota"
    BY_HAND = "by_hand", "Started by hand"


QUOTA_METHODS = frozenset({AllocationMethod.RANDOM, AllocationMethod.HAND_PICKED})


class Audit(TimeStampedModel):
    """One audit against one version of a tool: of a child's record, or of a member of staff's file.

    A completed audit is never edited: an amendment is a new version (`supersedes` the old one, which
    stops being current) with the reason recorded.
    """

    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="audits")
    child_id = models.CharField(max_length=40, blank=True, db_index=True)
    case_kind = models.CharField(max_length=12, choices=CaseKind.choices, blank=True)
    subject = models.CharField(max_length=200, blank=True, help_text="For audits of staff: who or what was audited.")
    team = models.ForeignKey("organisation.Team", on_delete=models.PROTECT, related_name="audits")
    practitioner = models.ForeignKey(
        "organisation.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="audits_of_my_work"
    )
    auditor = models.ForeignKey("organisation.Staff", on_delete=models.PROTECT, related_name="audits_to_do")
    month = models.DateField(help_text="The first day of the month the audit belongs to.")
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=AuditStatus.choices, default=AuditStatus.ALLOCATED)
    theme = models.CharField(max_length=120, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    overall_grade = models.PositiveSmallIntegerField(null=True, blank=True)
    suggested_grade = models.PositiveSmallIntegerField(null=True, blank=True)
    with_practitioner = models.BooleanField(null=True, blank=True)
    safeguarding_concern = models.BooleanField(default=False)
    safeguarding_detail = models.TextField(blank=True)
    learning_themes = models.JSONField(default=list, blank=True)
    practitioner_comment = models.TextField(blank=True)
    manager_comment = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.JSONField(default=list, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    amendment_reason = models.TextField(blank=True)
    is_current = models.BooleanField(default=True)
    allocation_run = models.ForeignKey(AllocationRun, on_delete=models.SET_NULL, null=True, blank=True)
    allocation_method = models.CharField(
        max_length=12, choices=AllocationMethod.choices, default=AllocationMethod.RANDOM
    )
    counts_toward_quota = models.BooleanField(
        default=True, help_text="Random and allowed hand-picked allocations count; audits started beyond it do not."
    )
    allocated_by = models.ForeignKey(
        "organisation.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="audits_allocated"
    )
    allocation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-month", "due_date", "pk"]
        indexes = [models.Index(fields=["month", "status"])]

    def __str__(self) -> str:
        about = f"child {self.child_id}" if self.child_id else self.subject
        return f"{self.tool.title}: {about}"

    @property
    def is_open_for_editing(self) -> bool:
        return self.status in (AuditStatus.ALLOCATED, AuditStatus.IN_PROGRESS) and self.is_current


class AuditAction(TimeStampedModel):
    """Something to change for the child, agreed from an audit: what, who, by when, and evidence."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="actions")
    what = models.TextField()
    owner = models.ForeignKey("organisation.Staff", on_delete=models.PROTECT, related_name="audit_actions")
    due_date = models.DateField()
    reviewed_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    created_by_rule = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.what[:80]


class Moderation(TimeStampedModel):
    """A blind second grading of a completed audit by a moderator."""

    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="moderation")
    moderator = models.ForeignKey("organisation.Staff", on_delete=models.PROTECT, related_name="moderations")
    area_grades = models.JSONField(default=dict, blank=True)
    overall_grade = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Moderation of audit {self.audit_id}"


class ProgrammeKind(models.TextChoices):
    FOCUS = "focus", "Programme of focus"
    THEMATIC = "thematic", "Thematic programme"


class ProgrammeEntry(TimeStampedModel):
    """A theme for a month: for a service area (programme of focus) or authority-wide (thematic)."""

    kind = models.CharField(max_length=10, choices=ProgrammeKind.choices)
    month = models.DateField()
    service_area = models.ForeignKey(
        "organisation.ServiceArea", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    theme = models.CharField(max_length=120)

    class Meta:
        ordering = ["month", "kind", "theme"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "month", "service_area", "theme"], name="programme_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.theme} ({self.month:%B %Y})"


class HandPickingAllowance(TimeStampedModel):
    """An administrator's permission to allocate named children for audit instead of drawing them,
    for a month, a tool, or a tool in a month; recorded with the reason, until withdrawn."""

    month = models.DateField(null=True, blank=True, help_text="The first day of the month; empty for every month.")
    tool_id = models.CharField(max_length=60, blank=True, help_text="The tool; empty for every case-audit tool.")
    reason = models.TextField()
    allowed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hand_picking_allowed"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(month__isnull=False) | ~Q(tool_id=""), name="hand_picking_month_or_tool")
        ]

    def __str__(self) -> str:
        month = f"{self.month:%B %Y}" if self.month else "every month"
        return f"Hand-picking allowed for {self.tool_id or 'every case tool'}, {month}"
