"""The workers cases are allocated to, and how a phase of a child's journey is split between them."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assure.casedata.generator.codes import SW_REASON

if TYPE_CHECKING:
    from assure.organisation.demo import DemoAuthority

# The team types that hold each phase of a journey, in order of preference.
PHASE_TEAMS: dict[str, tuple[str, ...]] = {
    "front_door": ("front_door", "assessment"),
    "assessment": ("assessment", "front_door"),
    "cin_cp": ("cin_cp",),
    "disabilities": ("disabilities", "cin_cp"),
    "children_in_care": ("children_in_care", "cin_cp"),
    "care_leavers": ("care_leavers", "children_in_care"),
}
SUITABLE_TEAM_TYPES = frozenset(t for types in PHASE_TEAMS.values() for t in types)
MEAN_SPELL_DAYS = 260  # how long a worker keeps a case, on average, before it moves to a colleague


@dataclass(frozen=True)
class WorkerRef:
    """A practitioner who can hold cases: `worker_id` is their e-mail address."""

    worker_id: str
    team: str
    team_type: str
    start: dt.date | None = None  # in the team from; None: always
    end: dt.date | None = None

    def active(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def workers_from_demo(authority: DemoAuthority) -> list[WorkerRef]:
    """Practitioners of a demo authority in the teams that hold cases, with their team memberships."""
    team_types = {name: kind for name, kind, _ in authority.teams}
    refs = []
    for member in authority.staff:
        if member.job_title.startswith("Team Manager"):
            continue
        for team, start, end in member.memberships:
            if team_types.get(team) in SUITABLE_TEAM_TYPES:
                refs.append(WorkerRef(member.email, team, team_types[team], start, end))
    return refs


def managers_from_demo(authority: DemoAuthority) -> dict[str, str]:
    """Each team's manager (the e-mail of the person whose title is "Team Manager, <team>")."""
    return {
        member.job_title.removeprefix("Team Manager, "): member.email
        for member in authority.staff
        if member.job_title.startswith("Team Manager, ")
    }


def iros_from_demo(authority: DemoAuthority) -> list[str]:
    """The demo authority's independent reviewing officers (not their team manager)."""
    return [member.email for member in authority.staff if member.job_title == "Independent Reviewing Officer"]


def synthetic_workers(domain: str, children_in_need_per_year: int) -> list[WorkerRef]:
    """A workforce sized to the authority (about one practitioner per 25 children in need a year)."""
    shares = {"front_door": 0.1, "assessment": 0.25, "cin_cp": 0.3, "disabilities": 0.07, "children_in_care": 0.18,
              "care_leavers": 0.1}  # fmt: skip
    total = max(len(shares) * 2, children_in_need_per_year // 25)
    refs = []
    for team_type, share in shares.items():
        count = max(2, round(total * share))
        teams = max(1, count // 10)
        for n in range(count):
            team = f"{team_type.replace('_', ' ').title()} {n % teams + 1}"
            refs.append(WorkerRef(f"{team_type}.{n + 1}@{domain}", team, team_type))
    return refs


class Allocator:
    """Chooses workers for phases of a child's journey and splits each phase into worker spells."""

    def __init__(self, workers: Sequence[WorkerRef], rng: random.Random):
        if not workers:
            raise ValueError("At least one worker is needed to allocate cases to.")
        self.rng = rng
        by_type: dict[str, dict[str, list[WorkerRef]]] = defaultdict(lambda: defaultdict(list))
        for worker in workers:
            by_type[worker.team_type][worker.team].append(worker)
        self.teams: dict[str, list[list[WorkerRef]]] = {}
        for phase, types in PHASE_TEAMS.items():
            found = next((by_type[t] for t in types if by_type.get(t)), None)
            self.teams[phase] = [found[name] for name in sorted(found)] if found else []
        self.fallback = [list(workers)]

    def spells(
        self,
        child_number: int,
        phase: str,
        start: dt.date,
        end: dt.date | None,
        horizon: dt.date,
        last_reason: str | None,
    ) -> list[tuple[str, str, dt.date, dt.date | None, str | None]]:
        """(worker, team, start, end, reason the spell ended) for one phase; the team follows the child's area."""
        teams = self.teams[phase] or self.fallback
        team = teams[child_number % len(teams)]
        stop = min(end, horizon) if end else horizon
        spells = []
        day = start
        previous = None
        while True:
            length = int(self.rng.expovariate(1 / MEAN_SPELL_DAYS)) + 14
            worker = self._choose(team, day, previous)
            previous = worker.worker_id
            if day + dt.timedelta(days=length) >= stop:
                spells.append((worker.worker_id, worker.team, day, end, last_reason if end else None))
                return spells
            change = day + dt.timedelta(days=length)
            spells.append((worker.worker_id, worker.team, day, change, SW_REASON(self.rng)))
            day = change

    def _choose(self, team: list[WorkerRef], day: dt.date, previous: str | None) -> WorkerRef:
        active = [w for w in team if w.active(day)] or team
        chosen = self.rng.choice(active)
        if chosen.worker_id == previous and len(active) > 1:
            chosen = self.rng.choice([w for w in active if w.worker_id != previous])
        return chosen
