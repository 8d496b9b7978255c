"""The compliance board: quota audits due, done and overdue this month, by auditor, team and
service, with additional audits (started beyond the quota) counted apart; and overdue actions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from assure.audits.models import AllocationMethod, Audit, AuditAction
from assure.audits.selectors import DONE_STATUSES, OPEN_STATUSES
from assure.organisation.models import Staff, Team
from assure.organisation.selectors import Scope


@dataclass
class Tally:
    """Quota audits (drawn at random, or hand-picked where allowed) due, done and overdue; and the
    additional audits started beyond the quota, counted apart so no quota is met by picking cases."""

    name: str
    due: int = 0
    done: int = 0
    overdue: int = 0
    hand_picked: int = 0
    additional: int = 0
    additional_done: int = 0
    link: str = ""

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.due) if self.due else 0

    def add(self, *, quota: bool, hand_picked: int, n: int, done: int, overdue: int) -> None:
        if quota:
            self.due += n
            self.done += done
            self.overdue += overdue
            self.hand_picked += hand_picked
        else:
            self.additional += n
            self.additional_done += done


@dataclass
class Board:
    month: dt.date
    by_auditor: list[Tally] = field(default_factory=list)
    by_team: list[Tally] = field(default_factory=list)
    by_service: list[Tally] = field(default_factory=list)
    total: Tally = field(default_factory=lambda: Tally("All"))
    overdue_actions: list[AuditAction] = field(default_factory=list)  # the oldest 200
    overdue_action_count: int = 0


def scoped(audits: QuerySet[Audit], scope: Scope) -> QuerySet[Audit]:
    if scope.authority_wide:
        return audits
    return audits.filter(team_id__in=scope.team_ids)


def _groups(audits: QuerySet[Audit], on: dt.date) -> list[dict[str, Any]]:
    """Counts per auditor, team and kind of allocation, added up by the database."""
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in audits.order_by()
        .values("auditor_id", "team_id", "counts_toward_quota")
        .annotate(
            n=Count("id"),
            done=Count("id", filter=Q(status__in=DONE_STATUSES)),
            overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_date__lt=on)),
            hand_picked=Count("id", filter=Q(allocation_method=AllocationMethod.HAND_PICKED)),
        )
    ]
    return rows


def compliance_board(*, scope: Scope, month: dt.date, on: dt.date) -> Board:
    groups = _groups(scoped(Audit.objects.filter(month=month, is_current=True), scope), on)
    auditors = {s.pk: str(s) for s in Staff.objects.filter(pk__in={g["auditor_id"] for g in groups})}
    teams = {t.pk: t for t in Team.objects.filter(pk__in={g["team_id"] for g in groups}).select_related("service_area")}
    board = Board(month=month)
    tallies: dict[str, dict[Any, Tally]] = defaultdict(dict)
    for g in groups:
        team = teams[g["team_id"]]
        keys = {
            "auditor": (g["auditor_id"], auditors[g["auditor_id"]]),
            "team": (team.pk, team.name),
            "service": (team.service_area_id, team.service_area.name),
        }
        counts = {"quota": g["counts_toward_quota"], "hand_picked": g["hand_picked"]}
        counts |= {"n": g["n"], "done": g["done"], "overdue": g["overdue"]}
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
