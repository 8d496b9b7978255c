"""The monthly random, stratified draw of cases for audit. Framework-free.

Eligible cases are the children open to each team on the first of the month, less those audited in
the last N months. Within each team the cases are grouped by kind of case (child in need, child
protection, child in care) and dealt out in turn from shuffled groups, so a sample of four covers the
kinds of case a team holds rather than whichever is most common. The same inputs and seed always give
the same draw, so a draw can be reproduced and checked.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assure.audits.tooldefs import TOOLS_DIR


@dataclass(frozen=True)
class Quota:
    role: str
    tool: str
    per: str  # "team" or "person"
    count: int
    outside_own_service: bool = False
    team_types: tuple[str, ...] = ()  # per-team quotas apply to teams of these types (empty: all)


@dataclass(frozen=True)
class QuotaPlan:
    quotas: tuple[Quota, ...]
    exclude_audited_within_months: int


@dataclass(frozen=True)
class OpenCase:
    child_id: str
    team: str
    service: str
    case_kind: str
    worker: str = ""


@dataclass(frozen=True)
class Auditor:
    staff_id: int
    name: str
    role: str
    teams: tuple[str, ...] = ()  # the teams they manage
    services: tuple[str, ...] = ()  # their own service areas


@dataclass(frozen=True)
class Drawn:
    child_id: str
    team: str
    case_kind: str
    worker: str
    auditor_id: int
    tool: str
    role: str


@dataclass
class DrawResult:
    seed: int
    drawn: list[Drawn] = field(default_factory=list)
    shortfalls: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        per_auditor: dict[int, int] = defaultdict(int)
        per_team: dict[str, int] = defaultdict(int)
        for d in self.drawn:
            per_auditor[d.auditor_id] += 1
            per_team[d.team] += 1
        return {
            "seed": self.seed,
            "allocated": len(self.drawn),
            "per_auditor": dict(sorted(per_auditor.items())),
            "per_team": dict(sorted(per_team.items())),
            "shortfalls": list(self.shortfalls),
        }


def load_quotas(path: Path | None = None) -> QuotaPlan:
    data = yaml.safe_load((path or TOOLS_DIR / "quotas.yaml").read_text(encoding="utf-8"))
    quotas = tuple(
        Quota(
            q["role"],
            q["tool"],
            q["per"],
            int(q["count"]),
            bool(q.get("outside_own_service", False)),
            tuple(q.get("team_types") or ()),
        )
        for q in data["quotas"]
    )
    bad = [q for q in quotas if q.per not in ("team", "person") or q.count < 1]
    if bad:
        raise ValueError(f"quotas.yaml: each quota needs per 'team' or 'person' and a count of 1 or more ({bad})")
    return QuotaPlan(quotas, int(data.get("exclude_audited_within_months", 6)))


def _stratified(cases: Iterable[OpenCase], rng: random.Random, key: str) -> list[OpenCase]:
    groups: dict[str, list[OpenCase]] = defaultdict(list)
    for case in sorted(cases, key=lambda c: c.child_id):
        groups[getattr(case, key)].append(case)
    for name in sorted(groups):
        rng.shuffle(groups[name])
    order = sorted(groups, key=lambda g: (-len(groups[g]), g))
    dealt = []
    while any(groups[g] for g in order):
        for g in order:
            if groups[g]:
                dealt.append(groups[g].pop())
    return dealt


def draw(
    *,
    open_cases: Sequence[OpenCase],
    auditors: Sequence[Auditor],
    plan: QuotaPlan,
    excluded: set[str],
    seed: int,
) -> DrawResult:
    """Allocate cases to auditors by the quotas; each child is drawn at most once a month."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    result = DrawResult(seed=seed)
    taken: set[str] = set(excluded)
    by_team: dict[str, list[OpenCase]] = defaultdict(list)
    for case in open_cases:
        by_team[case.team].append(case)
    for quota in plan.quotas:
        holders = sorted((a for a in auditors if a.role == quota.role), key=lambda a: a.staff_id)
        if not holders:
            result.shortfalls.append(f"No one holds the role '{quota.role}' to carry out {quota.tool} audits.")
        for auditor in holders:
            if quota.per == "team":
                if not auditor.teams:
                    result.shortfalls.append(f"{auditor.name} manages no team, so has no {quota.tool} audits.")
                for team in auditor.teams:
                    pool = [c for c in by_team.get(team, []) if c.child_id not in taken]
                    _take(result, rng, pool, quota, auditor, taken, where=f"in team {team}", key="case_kind")
            else:
                pool = [
                    c
                    for c in open_cases
                    if c.child_id not in taken and not (quota.outside_own_service and c.service in auditor.services)
                ]
                where = "outside their own service" if quota.outside_own_service else "in the authority"
                _take(result, rng, pool, quota, auditor, taken, where=where, key="service")
    return result


def _take(
    result: DrawResult,
    rng: random.Random,
    pool: list[OpenCase],
    quota: Quota,
    auditor: Auditor,
    taken: set[str],
    *,
    where: str,
    key: str,
) -> None:
    chosen = _stratified(pool, rng, key)[: quota.count]
    for case in chosen:
        taken.add(case.child_id)
        result.drawn.append(
            Drawn(case.child_id, case.team, case.case_kind, case.worker, auditor.staff_id, quota.tool, quota.role)
        )
    if len(chosen) < quota.count:
        result.shortfalls.append(
            f"{auditor.name} needs {quota.count} {quota.tool} audits {where}, but only {len(chosen)} "
            f"eligible cases were open there on the first of the month (after excluding recent audits)."
        )
