"""The audit analytics and compliance board as they were first written: every audit loaded as a
model and added up in Python. Kept as the baseline for `bench_audits.py` and for the test that the
database and Polars version gives the same figures (`assure/audits/tests/test_analytics_equal.py`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from assure.audits.analytics import Analytics, GradeRow, months_back
from assure.audits.compliance import Board, Tally, scoped
from assure.audits.models import AllocationMethod, Audit, AuditAction
from assure.audits.selectors import DONE_STATUSES, scales, tool_definition
from assure.organisation.selectors import Scope


def audit_analytics_python(*, scope: Scope, on: dt.date, months: int = 12) -> Analytics:
    since = months_back(on, months)
    audits = Audit.objects.filter(status__in=DONE_STATUSES, is_current=True, month__gte=since).select_related(
        "tool", "team", "team__service_area"
    )
    if not (scope.authority_wide or scope.aggregates_only):
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


def compliance_board_python(*, scope: Scope, month: dt.date, on: dt.date) -> Board:
    audits = scoped(Audit.objects.filter(month=month, is_current=True), scope).select_related(
        "auditor", "team", "team__service_area"
    )
    board = Board(month=month)
    tallies: dict[str, dict[Any, Tally]] = defaultdict(dict)
    for audit in audits:
        done = audit.status in DONE_STATUSES
        counts = {
            "quota": audit.counts_toward_quota,
            "hand_picked": int(audit.allocation_method == AllocationMethod.HAND_PICKED),
            "n": 1,
            "done": int(done),
            "overdue": int(not done and audit.due_date < on),
        }
        keys = {
            "auditor": (audit.auditor_id, str(audit.auditor)),
            "team": (audit.team_id, audit.team.name),
            "service": (audit.team.service_area_id, audit.team.service_area.name),
        }
        for kind, (key, name) in keys.items():
            tallies[kind].setdefault(key, Tally(name)).add(**counts)
        board.total.add(**counts)
    board.by_auditor = sorted(tallies["auditor"].values(), key=lambda t: (-t.overdue, t.name))
    board.by_team = sorted(tallies["team"].values(), key=lambda t: t.name)
    board.by_service = sorted(tallies["service"].values(), key=lambda t: t.name)
    actions = AuditAction.objects.filter(audit__is_current=True, completed_on__isnull=True, due_date__lt=on)
    if not scope.authority_wide:
        actions = actions.filter(audit__team_id__in=scope.team_ids)
    board.overdue_actions = list(actions.select_related("audit", "audit__team", "owner").order_by("due_date")[:200])
    board.overdue_action_count = actions.count() if len(board.overdue_actions) == 200 else len(board.overdue_actions)
    return board
