"""Writes for deadlines: compute a snapshot's deadlines and store them, on the worker after each import."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse

from assure.alerts.engine import RuleFileError, compute_deadlines, load_rules
from assure.alerts.engine.rules import DEFAULT_FILE
from assure.alerts.models import Deadline, DeadlineSet
from assure.casedata.models import Snapshot
from assure.casedata.selectors import snapshot_latest, snapshot_tables
from assure.core.models import Job
from assure.core.services import JobInputError, Progress, job_create, job_handler
from assure.organisation.selectors import staff_by_email, team_managers_on, teams_by_name

RECOMPUTE_JOB = "alerts.recompute"
DIGEST_JOB = "alerts.digest"
_TABLES = [
    "children",
    "cin_episodes",
    "assessments",
    "cin_plans",
    "section47",
    "cp_plans",
    "cp_reviews",
    "care_proceedings",
    "cla_episodes",
    "cla_reviews",
    "care_leavers",
    "visits",
    "allocations",
    "supervisions",
    "cin_reviews",
    "core_groups",
    "health_assessments",
    "peps",
    "pathway_plans",
]


def _no_progress(percent: float, message: str) -> None:
    return None


def deadline_set_compute(*, snapshot: Snapshot, progress: Callable[[float, str], None] = _no_progress) -> DeadlineSet:
    """Work out a snapshot's deadlines and store them, replacing any computed before (all or nothing)."""

    rules = load_rules()
    progress(10, "Reading the snapshot's case data")
    tables = snapshot_tables(snapshot, _TABLES)
    progress(50, f"Working out deadlines under {len(rules.rules)} rules")
    found = compute_deadlines(tables, rules, snapshot.as_at)
    progress(70, f"Saving {found.height:,} deadlines")
    staff = {email: person.pk for email, person in staff_by_email().items()}
    teams = {name: team.pk for name, team in teams_by_name().items()}
    managers = team_managers_on(snapshot.as_at)
    managed = {rule.id for rule in rules.rules if rule.owner == "team_manager"}
    counts = Counter(f"{rule}:{status}" for rule, status in found.select("rule_id", "status").iter_rows())
    with transaction.atomic():
        DeadlineSet.objects.filter(snapshot=snapshot).delete()
        deadline_set = DeadlineSet.objects.create(
            snapshot=snapshot,
            as_at=snapshot.as_at,
            rules_version=hashlib.sha256(DEFAULT_FILE.read_bytes()).hexdigest(),
            counts=dict(sorted(counts.items())),
            no_data_rules=[r.id for r in rules.rules if not r.has_data],
        )
        owners = _Owners(staff, teams, managers, managed)
        Deadline.objects.bulk_create(
            (_deadline(deadline_set, row, owners) for row in found.iter_rows(named=True)), batch_size=2000
        )
    return deadline_set


@dataclass(frozen=True)
class _Owners:
    """Who a deadline belongs to: staff ids by e-mail, team ids by name, each team's manager, and the
    rules a team manager owns (their deadlines go on the manager's tray; with no manager, the worker's)."""

    staff: dict[str, int]
    teams: dict[str, int]
    managers: dict[int, int]
    managed_rules: set[str]

    def staff_id(self, rule_id: str, worker: str, team_id: int | None) -> int | None:
        if rule_id in self.managed_rules and team_id in self.managers:
            return self.managers[team_id]
        return self.staff.get(worker.lower())


def _deadline(deadline_set: DeadlineSet, row: dict[str, Any], owners: _Owners) -> Deadline:
    worker, team = row["worker_id"] or "", row["team"] or ""
    team_id = owners.teams.get(team)
    return Deadline(
        deadline_set=deadline_set,
        rule_id=row["rule_id"],
        child_id=row["child_id"],
        ref=row["ref"][:300],
        trigger_date=row["trigger_date"],
        due_date=row["due_date"],
        met_date=row["met_date"],
        status=row["status"],
        worker_id=worker[:254],
        team_name=team[:200],
        staff_id=owners.staff_id(row["rule_id"], worker, team_id),
        team_id=team_id,
    )


def deadline_set_ensure_latest() -> DeadlineSet | None:
    """Compute the latest snapshot's deadlines now if they have not been (the demo loader uses this)."""
    snapshot = snapshot_latest()
    if snapshot is None:
        return None
    existing = DeadlineSet.objects.filter(snapshot=snapshot).first()
    return existing or deadline_set_compute(snapshot=snapshot)


def deadlines_recompute_start(*, snapshot: Snapshot, user: Any = None) -> Job:
    """Queue the recomputation of a snapshot's deadlines on the worker."""
    return job_create(
        kind=RECOMPUTE_JOB,
        title=f"Work out deadlines as at {snapshot.as_at:%d/%m/%Y}",
        user=user,
        params={"snapshot_id": snapshot.pk},
    )


@job_handler(RECOMPUTE_JOB)
def _recompute_job(job: Job, progress: Progress) -> dict[str, Any]:
    snapshot = Snapshot.objects.get(pk=job.params["snapshot_id"])
    try:
        deadline_set = deadline_set_compute(snapshot=snapshot, progress=progress)
    except RuleFileError as refused:
        raise JobInputError(refused.errors) from None
    total = sum(deadline_set.counts.values())
    return {
        "summary": f"{total:,} deadlines worked out as at {snapshot.as_at:%d/%m/%Y}.",
        "next_url": reverse("alerts:summary"),
        "next_label": "See deadlines by team",
    }


@job_handler(DIGEST_JOB)
def _digest_job(job: Job, progress: Progress) -> dict[str, Any]:
    from assure.alerts.digest import digests_send

    progress(10, "Sending the daily digests")
    result = digests_send()
    return {"summary": f"{result.sent} digests sent; {result.skipped} people had nothing due."}
