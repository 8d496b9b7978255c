"""A small snapshot whose deadlines fall to the personas' teams (see `assure.core.testing.build_personas`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from assure.alerts.models import DeadlineSet
from assure.alerts.services import deadline_set_compute
from assure.casedata.schema import conform
from assure.casedata.services import snapshot_store

AS_AT = dt.date(2026, 10, 30)
D = dt.date


def _allocation(child: str, worker: str, team: str) -> dict[str, Any]:
    return {"child_id": child, "worker_id": worker, "team": team, "start_date": D(2026, 9, 1)}


def case_tables() -> dict[str, pl.DataFrame]:
    rows: dict[str, list[dict[str, Any]]] = {
        "section47": [  # A1 (team A): ICPC due 22 October, not held: overdue. U1: nobody holds the case.
            {"child_id": "A1", "episode_id": "A1/E", "s47_id": "A1/S", "strategy_date": D(2026, 10, 1)},
            {"child_id": "U1", "episode_id": "U1/E", "s47_id": "U1/S", "strategy_date": D(2026, 10, 1)},
        ],
        "cp_plans": [  # A2 (team A): a visit due within 10 working days, on 3 November: due soon.
            {"child_id": "A2", "episode_id": "A2/E", "plan_id": "A2/CP", "start_date": D(2026, 10, 20)}
        ],
        "cla_episodes": [  # B1 (team B): first review and first visit overdue.
            {"child_id": "B1", "start_date": D(2026, 10, 1), "reason_new": "S", "legal_status": "C2"}
        ],
        "allocations": [
            _allocation("A1", "worker.a@test.example", "Family Support North"),
            _allocation("A2", "Worker.A@test.example", "Family Support North"),  # matched whatever its case
            _allocation("B1", "worker.b@test.example", "Children in Care 1"),
        ],
        # Met on time, so that only the deadlines above are open: oversight, the core group and the health assessment.
        "supervisions": [
            {"child_id": c, "supervision_date": D(2026, 10, 15), "kind": "OVERSIGHT"} for c in ("A1", "A2", "B1")
        ],
        "core_groups": [{"child_id": "A2", "plan_id": "A2/CP", "meeting_date": D(2026, 10, 22)}],
        "health_assessments": [{"child_id": "B1", "assessment_date": D(2026, 10, 20), "kind": "IHA"}],
    }  # fmt: skip
    return {name: conform(name, pl.DataFrame(records)) for name, records in rows.items()}


def deadline_set_load() -> DeadlineSet:
    """Store the hand-made snapshot and work out its deadlines."""
    source = {"name": "hand-made", "format": "test", "sha256": "a" * 64, "size": 0}
    snapshot, _ = snapshot_store(tables=case_tables(), as_at=AS_AT, sources=[source])
    return deadline_set_compute(snapshot=snapshot)
