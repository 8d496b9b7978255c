"""Audit analytics: grade distributions by month, service, team and evaluation area, the weakest
areas, and learning themes. Figures only; no child is named."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assure.audits.models import Audit
from assure.audits.selectors import DONE_STATUSES, scales, tool_definition
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


def _months_back(on: dt.date, months: int) -> dt.date:
    index = on.year * 12 + on.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def audit_analytics(*, scope: Scope, on: dt.date, months: int = 12) -> Analytics:
    since = _months_back(on, months)
    audits = Audit.objects.filter(status__in=DONE_STATUSES, is_current=True, month__gte=since).select_related(
        "tool", "team", "team__service_area"
    )
    if not scope.authority_wide:
        audits = audits.filter(team_id__in=scope.team_ids)
    rows: dict[str, dict[str, GradeRow]] = defaultdict(dict)
    themes: Counter[str] = Counter()
    theme_kinds: dict[str, Counter[str]] = defaultdict(Counter)

    def add(kind: str, name: str, grade: int) -> None:
        row = rows[kind].setdefault(name, GradeRow(name))
        row.counts[grade] = row.counts.get(grade, 0) + 1

    month = since
    while month <= on:
        rows["month"][month.strftime("%Y-%m")] = GradeRow(month.strftime("%b %Y"))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    for audit in audits:
        for theme in audit.learning_themes:
            themes[theme] += 1
            theme_kinds[theme][audit.tool.title] += 1
        definition = tool_definition(audit.tool)
        for item in definition.graded_items(audit.case_kind):
            grade = audit.answers.get(item.item_id)
            if isinstance(grade, int):
                add("area", item.title, grade)
        if audit.overall_grade is None:
            continue
        key = audit.month.strftime("%Y-%m")
        if key in rows["month"]:
            row = rows["month"][key]
            row.counts[audit.overall_grade] = row.counts.get(audit.overall_grade, 0) + 1
        add("service", audit.team.service_area.name, audit.overall_grade)
        add("team", audit.team.name, audit.overall_grade)
    scale = scales()["four-point"]
    return Analytics(
        grades=[(g.value, g.label, g.colour) for g in scale.grades],
        by_month=list(rows["month"].values()),
        by_service=sorted(rows["service"].values(), key=lambda r: r.name),
        by_team=sorted(rows["team"].values(), key=lambda r: r.name),
        by_area=sorted(rows["area"].values(), key=lambda r: r.name),
        themes=[(t, n, dict(theme_kinds[t])) for t, n in themes.most_common(30)],
    )


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
