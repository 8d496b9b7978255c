"""Reads of deadlines: the current set, a person's work tray, and counts per worker, team and service."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db.models import Count, Q, QuerySet

from assure.alerts.engine import RuleSet, load_rules
from assure.alerts.models import ALERTING, Deadline, DeadlineSet, DeadlineStatus
from assure.casedata.selectors import newest_snapshot_first
from assure.organisation.models import Staff, Team
from assure.organisation.selectors import Scope

COUNTED = (DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON, DeadlineStatus.DUE_LATER, DeadlineStatus.MET_LATE)


@cache
def rules() -> RuleSet:
    return load_rules()


def rule_titles() -> dict[str, str]:
    return {rule.id: rule.title for rule in rules().rules}


def deadline_set_current() -> DeadlineSet | None:
    """The deadlines of the latest snapshot that has them."""
    return DeadlineSet.objects.select_related("snapshot").order_by(*newest_snapshot_first("snapshot")).first()


def deadlines_in(deadline_set: DeadlineSet | None) -> QuerySet[Deadline]:
    if deadline_set is None:
        return Deadline.objects.none()
    return Deadline.objects.filter(deadline_set=deadline_set)


def work_tray(
    deadline_set: DeadlineSet | None, staff_id: int, *, statuses: Iterable[str] = ALERTING
) -> QuerySet[Deadline]:
    """A worker's deadlines with these statuses (overdue and due within 5 working days by default)."""
    return (
        deadlines_in(deadline_set).filter(staff_id=staff_id, status__in=list(statuses)).order_by("due_date", "child_id")
    )


def _status_counts() -> dict[str, Count]:
    return {status.value: Count("pk", filter=Q(status=status)) for status in COUNTED}


@dataclass
class Row:
    """One line of a summary: a worker, team or service area and its counts per status."""

    label: str
    pk: int | None
    counts: dict[str, int] = field(default_factory=dict)
    team_pk: int | None = None


def team_summary(deadline_set: DeadlineSet | None, team: Team) -> list[Row]:
    """Counts per worker holding the team's cases; cases held by nobody matched to staff come last."""
    counted = deadlines_in(deadline_set).filter(team=team).values("staff_id").annotate(**_status_counts())
    names = {
        s.pk: s.full_name
        for s in Staff.objects.filter(deadlines__deadline_set=deadline_set, deadlines__team=team).distinct()
    }
    rows = [
        Row(names.get(c["staff_id"], "Worker not matched to a member of staff"), c["staff_id"], _counts(c))
        for c in counted
    ]
    return sorted(rows, key=lambda r: (r.pk is None, r.label))


def rule_summary(deadline_set: DeadlineSet | None, team: Team) -> list[Row]:
    """Counts per kind of deadline (rule) for a team, in the rule file's order."""
    counted = {
        c["rule_id"]: _counts(c)
        for c in deadlines_in(deadline_set).filter(team=team).values("rule_id").annotate(**_status_counts())
    }
    return [Row(rule.title, None, counted[rule.id]) for rule in rules().rules if rule.id in counted]


def service_summary(deadline_set: DeadlineSet | None, scope: Scope) -> list[tuple[str, list[Row]]]:
    """Counts per team, grouped by service area, for the teams the scope covers."""
    teams = Team.objects.select_related("service_area").order_by("service_area__name", "name")
    if not scope.authority_wide:
        teams = teams.filter(pk__in=scope.team_ids)
    counted = {
        c["team_id"]: _counts(c)
        for c in deadlines_in(deadline_set).filter(team__in=teams).values("team_id").annotate(**_status_counts())
    }
    grouped: dict[str, list[Row]] = defaultdict(list)
    for team in teams:
        if team.pk in counted or team.is_active:
            grouped[team.service_area.name].append(Row(team.name, team.pk, counted.get(team.pk, _zero())))
    if scope.authority_wide:
        unmatched = deadlines_in(deadline_set).filter(team__isnull=True).aggregate(**_status_counts())
        if any(unmatched.values()):
            grouped["Not matched to a team"].append(Row("Unallocated or team not recognised", None, _counts(unmatched)))
    return list(grouped.items())


def area_summary(deadline_set: DeadlineSet | None) -> list[Row]:
    """Counts per service area, for readers who see aggregates only."""
    counted = (
        deadlines_in(deadline_set)
        .filter(team__isnull=False)
        .values("team__service_area_id", "team__service_area__name")
        .annotate(**_status_counts())
        .order_by("team__service_area__name")
    )
    return [Row(c["team__service_area__name"], c["team__service_area_id"], _counts(c)) for c in counted]


def _counts(values: Mapping[str, Any]) -> dict[str, int]:
    return {status.value: int(values.get(status.value) or 0) for status in COUNTED}


def _zero() -> dict[str, int]:
    return {status.value: 0 for status in COUNTED}


def home_tray(staff_id: int | None, team_ids: Iterable[int] = ()) -> dict[str, object]:
    """Counts for a home page panel (no child is named there, so viewing it needs no access log):
    the person's own overdue and due-soon deadlines by rule, and their teams' counts."""
    deadline_set = deadline_set_current()
    if deadline_set is None:
        return {"deadline_set": None}
    titles = rule_titles()
    own = (
        work_tray(deadline_set, staff_id).values("status", "rule_id").annotate(n=Count("pk")).order_by("rule_id")
        if staff_id
        else []
    )
    by_rule: dict[str, dict[str, int]] = defaultdict(lambda: {"overdue": 0, "due_soon": 0})
    for item in own:
        by_rule[titles.get(item["rule_id"], item["rule_id"])][item["status"]] += item["n"]
    teams = Team.objects.filter(pk__in=list(team_ids)).order_by("name")
    team_counts = {
        c["team_id"]: c
        for c in deadlines_in(deadline_set).filter(team__in=teams).values("team_id").annotate(**_status_counts())
    }
    return {
        "deadline_set": deadline_set,
        "by_rule": sorted(by_rule.items()),
        "overdue": sum(v["overdue"] for v in by_rule.values()),
        "due_soon": sum(v["due_soon"] for v in by_rule.values()),
        "teams": [(team, _counts(team_counts.get(team.pk, {}))) for team in teams],
    }


def child_deadlines(deadline_set: DeadlineSet | None, child_id: str) -> list[Deadline]:
    """One child's open deadlines (overdue first, then by due date), each with its rule's title."""
    order = {DeadlineStatus.OVERDUE: 0, DeadlineStatus.DUE_SOON: 1, DeadlineStatus.DUE_LATER: 2}
    found = list(deadlines_in(deadline_set).filter(child_id=child_id, status__in=list(order)).select_related("staff"))
    titles = rule_titles()
    for deadline in found:
        deadline.rule_title = titles.get(deadline.rule_id, deadline.rule_id)  # type: ignore[attr-defined]
    return sorted(found, key=lambda d: (order[DeadlineStatus(d.status)], d.due_date, d.rule_id))
