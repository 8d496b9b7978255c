"""Stored indicator results, targets with their tolerances, and DfE's published comparators.

Results are kept per snapshot: one `IndicatorRun` per calculation, with its figures as rows of
snapshot × indicator × period × organisation unit (`IndicatorValue`), so a scorecard is a read of
stored numbers, never a calculation. Published figures and statistical neighbours come from DfE's
files through `import_benchmarks`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from assure.core.models import TimeStampedModel


class IndicatorRun(models.Model):
    snapshot = models.ForeignKey("casedata.Snapshot", on_delete=models.CASCADE, related_name="indicator_runs")
    computed_at = models.DateTimeField(auto_now_add=True)
    as_at = models.DateField(help_text="The snapshot's date: the last period ends on it.")
    la_code = models.CharField(max_length=3)
    population = models.PositiveIntegerField(null=True, blank=True, help_text="Children aged 0 to 17, for rates.")
    seconds = models.FloatField(default=0)
    rows = models.PositiveIntegerField(default=0)
    engine_version = models.CharField(max_length=40)

    class Meta:
        ordering = ["-computed_at", "-pk"]

    def __str__(self) -> str:
        return f"Indicators for {self.snapshot}"


class IndicatorValue(models.Model):
    run = models.ForeignKey(IndicatorRun, on_delete=models.CASCADE, related_name="values")
    indicator_id = models.CharField(max_length=60)
    period_start = models.DateField()
    period_end = models.DateField()
    level = models.CharField(max_length=20)  # authority, service_area, team, worker, or a breakdown
    org_unit = models.CharField(max_length=200)  # LA code, area or team name, worker's e-mail, or a category
    numerator = models.FloatField()
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["run", "level", "org_unit"]),
            models.Index(fields=["run", "indicator_id", "level"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_end} {self.level} {self.org_unit}"


class Target(TimeStampedModel):
    """What good looks like for an indicator from a date: green at the target, amber within the
    tolerance of it, red beyond (in the indicator's direction)."""

    indicator_id = models.CharField("indicator", max_length=60)
    target = models.FloatField(help_text="In the indicator's own unit, for example 85 for 85%.")
    tolerance = models.FloatField(
        help_text="How far on the wrong side of the target is still amber, in the same unit.", default=0
    )
    effective_from = models.DateField(help_text="The first period end this target applies to.")
    effective_to = models.DateField(null=True, blank=True, help_text="Leave empty while it still applies.")
    note = models.CharField(max_length=300, blank=True, help_text="Where the target comes from, for example a plan.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["indicator_id", "-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(tolerance__gte=0), name="target_tolerance_not_negative"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="target_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} target {self.target} from {self.effective_from}"

    def clean(self) -> None:
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": "The end date must be on or after the start date."})


class PublishedFigure(models.Model):
    """A figure DfE published for England, a region or an authority, for a year ending 31 March."""

    indicator_id = models.CharField(max_length=60)
    year_ending = models.DateField()
    level = models.CharField(max_length=10)  # national, regional, la
    code = models.CharField(max_length=12)  # E92000001, a region code, or the 3-digit LA code
    name = models.CharField(max_length=200, blank=True)
    region_code = models.CharField(max_length=12, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_id", "year_ending", "level", "code"], name="published_figure_unique"
            )
        ]
        indexes = [models.Index(fields=["level", "code", "indicator_id"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.name or self.code} {self.year_ending:%Y}"


class StatisticalNeighbour(models.Model):
    model = models.CharField(max_length=4)  # "2021" or "2025"
    la_code = models.CharField(max_length=3)
    neighbour_code = models.CharField(max_length=3)
    rank = models.PositiveSmallIntegerField()
    closeness = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["model", "la_code", "rank"]
        constraints = [models.UniqueConstraint(fields=["model", "la_code", "rank"], name="neighbour_unique_rank")]

    def __str__(self) -> str:
        return f"{self.la_code} neighbour {self.rank}: {self.neighbour_code} ({self.model} model)"
