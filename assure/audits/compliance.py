"""The compliance board: audits due, done and overdue this month, by auditor, team and service,
and the actions that are overdue."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from assure.audits.models import Audit, AuditAction
from assure.audits.selectors import DONE_STATUSES
from assure.organisation.selectors import Scope


@dataclass
class Tally:
    name: str
    due: int = 0
    done: int = 0
    overdue: int = 0
    link: str = ""

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.due) if self.due else 0


@dataclass
class Board:
    month: dt.date
    by_auditor: list[Tally] = field(default_factory=list)
    by_team: list[Tally] = field(default_factory=list)
    by_service: list[Tally] = field(default_factory=list)
    total: Tally = field(default_factory=lambda: Tally("All"))
    overdue_actions: list[AuditAction] = field(default_factory=list)


def scoped(audits: QuerySet[Audit], scope: Scope) -> QuerySet[Audit]:
    if scope.authority_wide:
        return audits
    return audits.filter(team_id__in=scope.team_ids)


def compliance_board(*, scope: Scope, month: dt.date, on: dt.date) -> Board:
    audits = scoped(Audit.objects.filter(month=month, is_current=True), scope).select_related(
        "auditor", "team", "team__service_area"
    )
    board = Board(month=month)
    tallies: dict[str, dict[Any, Tally]] = defaultdict(dict)
    for audit in audits:
        done = audit.status in DONE_STATUSES
        overdue = not done and audit.due_date < on
        keys = {
            "auditor": (audit.auditor_id, str(audit.auditor)),
            "team": (audit.team_id, audit.team.name),
            "service": (audit.team.service_area_id, audit.team.service_area.name),
        }
        for kind, (key, name) in keys.items():
            tally = tallies[kind].setdefault(key, Tally(name))
            for t in (tally,) if kind != "service" else (tally, board.total):
                t.due += 1
                t.done += done
                t.overdue += overdue
    board.by_auditor = sorted(tallies["auditor"].values(), key=lambda t: (-t.overdue, t.name))
    board.by_team = sorted(tallies["team"].values(), key=lambda t: t.name)
    board.by_service = sorted(tallies["service"].values(), key=lambda t: t.name)
    actions = AuditAction.objects.filter(audit__is_current=True, completed_on__isnull=True, due_date__lt=on)
    if not scope.authority_wide:
        actions = actions.filter(audit__team_id__in=scope.team_ids)
    board.overdue_actions = list(actions.select_related("audit", "audit__team", "owner").order_by("due_date")[:200])
    return board
