"""Audit analytics: grade distributions by month, service, team and evaluation area, the weakest
areas, and learning themes. Figures only; no child is named.

The adding up is done by the database (grouped counts, with the evaluation areas' grades read from
each audit's answers by JSON key) and by Polars (learning themes), so the page stays fast for a large
authority's year of audits; `benchmarks/bench_audits.py` measures it against the first, pure Python
version kept in `benchmarks/audits_python.py`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db.models import Count, Q, QuerySet
from django.db.models.fields.json import KeyTransform

from assure.audits.models import Audit, AuditTool
from assure.audits.selectors import DONE_STATUSES, scales, tool_definition
from assure.core.aggregates import Shown, suppress_count, suppress_percentage
from assure.organisation.selectors import Scope


@dataclass
class GradeRow:
    name: str
    counts: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, grade: int) -> float:
        return 100 * self.counts.get(grade, 0) / self.total if self.total else 0.0

    @property
    def share_below_good(self) -> float:
        """Requires improvement or inadequate, as a percentage."""
        return self.share(3) + self.share(4)

    @property
    def mean(self) -> float:
        return sum(g * n for g, n in self.counts.items()) / self.total if self.total else 0.0


@dataclass
class Analytics:
    grades: list[tuple[int, str, str]]  # value, label, colour
    by_month: list[GradeRow]
    by_service: list[GradeRow]
    by_team: list[GradeRow]
    by_area: list[GradeRow]
    themes: list[tuple[str, int, dict[str, int]]]  # theme, count, count by kind of tool

    @property
    def weakest_areas(self) -> list[GradeRow]:
        return sorted((r for r in self.by_area if r.total), key=lambda r: (-r.mean, r.name))[:5]


COLOURS = {"green": "#00703c", "turquoise": "#28a197", "orange": "#f47738", "red": "#d4351c", "grey": "#b1b4b6"}


def display_rows(rows: list[GradeRow], grades: list[tuple[int, str, str]]) -> list[dict[str, object]]:
    """Rows ready for the page: counts per grade, and the stacked bar's segments (x and width in %)."""
    shown = []
    for row in rows:
        segments, x = [], 0.0
        for value, _label, colour in grades:
            width = row.share(value)
            segments.append({"x": round(x, 2), "width": round(width, 2), "fill": COLOURS.get(colour, "#b1b4b6")})
            x += width
        shown.append(
            {
                "name": row.name,
                "counts": [row.counts.get(value, 0) for value, _, _ in grades],
                "total": row.total,
                "below_good": row.share_below_good,
                "mean": row.mean,
                "segments": segments,
            }
        )
    return shown


def months_back(on: dt.date, months: int) -> dt.date:
    """The first day of the month `months - 1` months before `on`'s (12 gives the last year)."""
    index = on.year * 12 + on.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def completed_audits(*, scope: Scope, since: dt.date) -> QuerySet[Audit]:
    """Completed audits since a month: in the person's teams, or all of them for authority-wide roles
    and for board members (who are shown suppressed aggregates only)."""
    audits = Audit.objects.filter(status__in=DONE_STATUSES, is_current=True, month__gte=since).order_by()
    if not (scope.authority_wide or scope.aggregates_only):
        audits = audits.filter(team_id__in=scope.team_ids)
    return audits


def _add(rows: dict[str, GradeRow], name: str, grade: int, n: int) -> None:
    row = rows.setdefault(name, GradeRow(name))
    row.counts[grade] = row.counts.get(grade, 0) + n


def overall_rows(audits: QuerySet[Audit], *, since: dt.date, on: dt.date) -> dict[str, dict[str, GradeRow]]:
    """Overall judgements by month (every month from `since` to `on`), service and team, counted by the
    database in one grouped query."""
    months: dict[str, GradeRow] = {}
    month = since
    while month <= on:
        months[month.strftime("%Y-%m")] = GradeRow(month.strftime("%b %Y"))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    rows: dict[str, dict[str, GradeRow]] = {"month": months, "service": {}, "team": {}}
    groups = (
        audits.filter(overall_grade__isnull=False)
        .values("month", "team__name", "team__service_area__name", "overall_grade")
        .annotate(n=Count("id"))
    )
    for g in groups:
        grade, n, key = int(g["overall_grade"] or 0), g["n"], g["month"].strftime("%Y-%m")
        if key in months:
            months[key].counts[grade] = months[key].counts.get(grade, 0) + n
        _add(rows["service"], g["team__service_area__name"], grade, n)
        _add(rows["team"], g["team__name"], grade, n)
    return rows


def area_rows(audits: QuerySet[Audit]) -> dict[str, GradeRow]:
    """Grades by evaluation area (items with the same title add together across tools). One query per
    tool version: the database counts each item's grades in each kind of case, and an item is counted
    only in the kinds of case it applies to."""
    rows: dict[str, GradeRow] = {}
    for tool in AuditTool.objects.filter(pk__in=audits.values("tool_id")).order_by("pk"):
        definition = tool_definition(tool)
        items = definition.graded_items()
        values = definition.scale.values()
        if not items:
            continue
        keyed = audits.filter(tool=tool).alias(
            **{f"k{i}": KeyTransform(item.item_id, "answers") for i, item in enumerate(items)}
        )
        counts = {f"g{i}_{v}": Count("id", filter=Q(**{f"k{i}": v})) for i in range(len(items)) for v in values}
        grouped: list[dict[str, Any]] = [dict(r) for r in keyed.values("case_kind").annotate(**counts)]
        for row in grouped:
            applies = {item.item_id for item in definition.graded_items(row["case_kind"])}
            for i, item in enumerate(items):
                for v in values:
                    if item.item_id in applies and row[f"g{i}_{v}"]:
                        _add(rows, item.title, v, row[f"g{i}_{v}"])
    return rows


def learning_themes(audits: QuerySet[Audit], *, limit: int = 30) -> list[tuple[str, int, dict[str, int]]]:
    """The most tagged learning themes, each with its count by tool, counted in Polars. Ties keep the
    order in which themes first appear in the audits' usual order (newest month first)."""
    tagged = list(
        audits.exclude(learning_themes=[])
        .order_by("-month", "due_date", "pk")
        .values_list("tool__title", "learning_themes")
    )
    if not tagged:
        return []
    frame = (
        pl.DataFrame(tagged, schema={"tool": pl.String, "theme": pl.List(pl.String)}, orient="row")
        .explode("theme")
        .drop_nulls("theme")
        .with_row_index("seen")
    )
    top = (
        frame.group_by("theme")
        .agg(pl.len().alias("n"), pl.col("seen").min().alias("first"))
        .sort(["n", "first"], descending=[True, False])
        .head(limit)
    )
    kinds = frame.group_by("theme", "tool").agg(pl.len().alias("n"), pl.col("seen").min().alias("first"))
    by_tool: dict[str, dict[str, int]] = defaultdict(dict)
    for theme, tool, n, _ in kinds.sort("first").iter_rows():
        by_tool[theme][tool] = n
    return [(theme, n, by_tool[theme]) for theme, n, _ in top.iter_rows()]


def audit_analytics(*, scope: Scope, on: dt.date, months: int = 12) -> Analytics:
    since = months_back(on, months)
    audits = completed_audits(scope=scope, since=since)
    overall = overall_rows(audits, since=since, on=on)
    scale = scales()["four-point"]
    return Analytics(
        grades=[(g.value, g.label, g.colour) for g in scale.grades],
        by_month=list(overall["month"].values()),
        by_service=sorted(overall["service"].values(), key=lambda r: r.name),
        by_team=sorted(overall["team"].values(), key=lambda r: r.name),
        by_area=sorted(area_rows(audits).values(), key=lambda r: r.name),
        themes=learning_themes(audits),
    )


HIDDEN = Shown("hidden (small numbers)", True)


def _hidden_cells(rows: list[GradeRow], values: list[int], threshold: int) -> list[list[bool]]:
    """Which counts to hide: those below the threshold, and where a grade's column would hide only
    one, its next smallest count too, so the hidden one cannot be worked out from a column total."""
    hidden = [[0 < r.counts.get(v, 0) < threshold for v in values] for r in rows]
    for j, v in enumerate(values):
        if sum(flags[j] for flags in hidden) == 1:
            shown = [(r.counts.get(v, 0), i) for i, r in enumerate(rows) if not hidden[i][j] and r.counts.get(v, 0)]
            if shown:
                hidden[min(shown)[1]][j] = True
    return hidden


def suppressed_rows(rows: list[GradeRow], grades: list[int], *, threshold: int) -> list[dict[str, Any]]:
    """Rows for readers who see aggregates only: each count, the total and the share judged requires
    improvement or worse, with small numbers hidden (a row with any count hidden hides its total and
    share too, since they would give the hidden count away)."""
    shown = []
    for row, hidden in zip(rows, _hidden_cells(rows, grades, threshold), strict=True):
        cells = [
            HIDDEN
            if flag and row.counts.get(v, 0) >= threshold
            else suppress_count(row.counts.get(v, 0), threshold=threshold)
            for v, flag in zip(grades, hidden, strict=True)
        ]
        below_good = row.counts.get(3, 0) + row.counts.get(4, 0)
        any_hidden = any(hidden)
        shown.append(
            {
                "name": row.name,
                "counts": [c.text for c in cells],
                "total": HIDDEN.text if any_hidden else suppress_count(row.total, threshold=threshold).text,
                "below_good": HIDDEN.text
                if any_hidden
                else suppress_percentage(below_good, row.total, threshold=threshold).text,
            }
        )
    return shown


def trend(by_month: list[GradeRow], *, threshold: int, months: int = 3) -> list[tuple[str, str]]:
    """The share judged requires improvement or worse in the latest `months` months and the `months`
    before, for the whole authority, with small numbers hidden."""
    periods = []
    for chunk in (by_month[-months:], by_month[-2 * months : -months]):
        if not chunk:
            continue
        below = sum(r.counts.get(3, 0) + r.counts.get(4, 0) for r in chunk)
        total = sum(r.total for r in chunk)
        label = f"{chunk[0].name} to {chunk[-1].name}"
        periods.append((label, suppress_percentage(below, total, threshold=threshold).text))
    return periods


def analytics_sheets(data: Analytics) -> dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]:
    """Every table on the analytics page, as sheets for a spreadsheet."""
    labels = [label for _, label, _ in data.grades]

    def sheet(first: str, rows: list[GradeRow]) -> tuple[Sequence[str], Iterable[Sequence[Any]]]:
        headers = [first, *labels, "Total", "Requires improvement or worse (%)", "Mean grade"]
        body: list[list[Any]] = [
            [
                r.name,
                *[r.counts.get(v, 0) for v, _, _ in data.grades],
                r.total,
                round(r.share_below_good, 1),
                round(r.mean, 2),
            ]
            for r in rows
        ]
        return headers, body

    return {
        "By month": sheet("Month", data.by_month),
        "By service": sheet("Service", data.by_service),
        "By team": sheet("Team", data.by_team),
        "By area": sheet("Evaluation area", data.by_area),
        "Weakest areas": sheet("Evaluation area", data.weakest_areas),
        "Learning themes": (
            ["Theme", "Audits", "By tool"],
            [[t, n, "; ".join(f"{k}: {v}" for k, v in kinds.items())] for t, n, kinds in data.themes],
        ),
    }
