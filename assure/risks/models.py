"""Risk registers, their risks, controls, actions, append-only assessments and published versions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from assure.core.models import TimeStampedModel
from assure.risks import matrix as mx


class Tier(models.TextChoices):
    CORPORATE = "corporate", "Corporate"
    DIRECTORATE = "directorate", "Directorate"
    SERVICE = "service", "Service or divisional"
    PARTNERSHIP = "partnership", "Partnership"


class Appetite(models.TextChoices):
    """The HM Treasury Orange Book scale, from least to most willing to take risk."""

    AVERSE = "averse", "Averse"
    MINIMAL = "minimal", "Minimal"
    CAUTIOUS = "cautious", "Cautious"
    OPEN = "open", "Open"
    EAGER = "eager", "Eager"


def _impact_labels() -> list[str]:
    return list(mx.DEFAULT_IMPACT_LABELS)


def _likelihood_labels() -> list[str]:
    return list(mx.DEFAULT_LIKELIHOOD_LABELS)


def _bands() -> list[dict]:
    return [dict(b) for b in mx.DEFAULT_BANDS]


def _review_days() -> dict[str, int]:
    return dict(mx.DEFAULT_REVIEW_DAYS)


class Register(TimeStampedModel):
    reference = models.CharField(max_length=30, unique=True, help_text="A short code, like CSC-DIV.")
    name = models.CharField(max_length=200)
    tier = models.CharField(max_length=20, choices=Tier.choices)
    owner = models.ForeignKey("organisation.Staff", on_delete=models.PROTECT, related_name="owned_registers")
    description = models.TextField(blank=True)
    matrix_size = models.PositiveSmallIntegerField(default=5)
    impact_labels = models.JSONField(default=_impact_labels)
    likelihood_labels = models.JSONField(default=_likelihood_labels)
    bands = models.JSONField(default=_bands, help_text="Each band's name, lowest score and colour.")
    escalation_threshold = models.PositiveSmallIntegerField(
        default=15, help_text="Risks scoring this or more are proposed to the register above."
    )
    escalates_to = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="feeders")
    review_days = models.JSONField(default=_review_days, help_text="Days between reviews, by band.")

    class Meta:
        ordering = ["tier", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def matrix(self) -> mx.Matrix:
        return mx.Matrix.from_config(
            size=self.matrix_size,
            impact_labels=self.impact_labels,
            likelihood_labels=self.likelihood_labels,
            bands=self.bands,
        )


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    appetite = models.CharField(max_length=10, choices=Appetite.choices, default=Appetite.CAUTIOUS)
    appetite_score = models.PositiveSmallIntegerField(
        default=12, help_text="The highest current score within appetite."
    )
    tolerance_score = models.PositiveSmallIntegerField(
        default=20, help_text="The tolerance line: a current score above this must never be accepted."
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Treatment(models.TextChoices):
    TREAT = "treat", "Treat"
    TOLERATE = "tolerate", "Tolerate"
    TRANSFER = "transfer", "Transfer"
    TERMINATE = "terminate", "Terminate"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Risk(TimeStampedModel):
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="risks")
    reference = models.CharField(max_length=30, unique=True)
    title = models.CharField(max_length=300)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="risks")
    objective = models.TextField("Business objective or strategic priority", blank=True)
    cause = models.TextField("What could go wrong (cause)")
    consequence = models.TextField("Consequence")
    owners = models.ManyToManyField("organisation.Staff", related_name="owned_risks")
    manager = models.ForeignKey(
        "organisation.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="managed_risks"
    )
    inherent_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_score = models.PositiveSmallIntegerField(null=True, blank=True)
    current_impact = models.PositiveSmallIntegerField()
    current_likelihood = models.PositiveSmallIntegerField()
    current_score = models.PositiveSmallIntegerField()
    target_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    target_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    target_score = models.PositiveSmallIntegerField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    target_reason = models.TextField(
        blank=True, help_text="Needed only when the target score is above the current score."
    )
    treatment = models.CharField(max_length=10, choices=Treatment.choices, default=Treatment.TREAT)
    score_reason = models.TextField("Why the score is what it is", blank=True)
    significant_controls = models.TextField("Significant controls put in place", blank=True)
    reduction_expected = models.BooleanField("A reduction in the score is expected", default=False)
    reduction_narrative = models.TextField("Whether a reduction is expected, and when", blank=True)
    confidential = models.BooleanField(
        default=False, help_text="Left out of the public version of a published register (exempt information)."
    )
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["category__position", "reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Effectiveness(models.TextChoices):
    EFFECTIVE = "effective", "Effective"
    PARTLY = "partly", "Partly effective"
    INEFFECTIVE = "ineffective", "Not effective"
    NOT_ASSESSED = "not_assessed", "Not yet assessed"


class Control(TimeStampedModel):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="controls")
    description = models.TextField()
    effectiveness = models.CharField(max_length=15, choices=Effectiveness.choices, default=Effectiveness.NOT_ASSESSED)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"


class Action(TimeStampedModel):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        "organisation.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="risk_actions"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=15, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    cost = models.CharField(max_length=100, blank=True, help_text="For example £40,000 a year, or staff time.")
    forum = models.CharField("Forum that monitors it", max_length=200, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


class CrossReference(TimeStampedModel):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="cross_references")
    board = models.CharField(
        max_length=200, help_text="The other board or register, e.g. the safeguarding partnership."
    )
    their_reference = models.CharField(max_length=60, blank=True)
    last_checked = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.board} {self.their_reference}".strip()


class EvidenceLink(TimeStampedModel):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="evidence_links")
    kind = models.CharField(
        max_length=20, choices=[("indicator", "Indicator"), ("audit", "Audit finding"), ("other", "Other")]
    )
    label = models.CharField(max_length=200)
    url = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.label


class AppendOnlyError(Exception):
    pass


class Assessment(models.Model):
    """One re-score of a risk: append-only, so the history committees see cannot be rewritten."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    impact = models.PositiveSmallIntegerField()
    likelihood = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()
    previous_score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.TextField()
    event = models.CharField("Event that triggered it", max_length=200, blank=True)
    evidence = models.TextField("Evidence cited", blank=True)

    class Meta:
        ordering = ["assessed_on", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.risk.reference} scored {self.score} on {self.assessed_on}"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise AppendOnlyError("An assessment cannot be changed once recorded; record a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("An assessment cannot be deleted.")


class RegisterVersion(models.Model):
    """A published register: a frozen copy of its risks, numbered V1, V2 …, with the diff from the last."""

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    completed_on = models.DateField()
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    note = models.TextField(blank=True)
    snapshot = models.JSONField(help_text="The register and its risks as published.")
    diff = models.JSONField(default=dict)

    class Meta:
        ordering = ["register", "-number"]
        constraints = [models.UniqueConstraint(fields=["register", "number"], name="register_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.register.reference} V{self.number}"

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise AppendOnlyError("A published version cannot be changed; publish a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("A published version cannot be deleted.")


class RiskImport(models.Model):
    """An uploaded register spreadsheet waiting for its columns to be mapped."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=200)
    content = models.BinaryField()
    result = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return self.file_name
