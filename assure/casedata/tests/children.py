"""Two monthly snapshots of a few hand-made children, held by the personas' teams
(`assure.core.testing.build_personas`), for the child's record pages.

- A1 (team A, worker A): contact, referral, assessment, section 47, conference, CP plan and review,
  a CIN plan, visits; deadlines worked out for the later snapshot.
- B1 (team B, worker B): in care under a full care order, fostered, missing once, a review.
- E1 (team A): who the child is, and nothing else.
- OLD1 (team A): in the earlier snapshot only.
- ODD: a child whose ID has characters that need escaping in a web address.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from assure.alerts.services import deadline_set_compute
from assure.casedata.models import Snapshot
from assure.casedata.schema import conform
from assure.casedata.services import snapshot_store

D = dt.date
EARLIER = D(2026, 9, 30)
LATER = D(2026, 10, 30)
ODD_ID = "X/1 ?#&%+é"
TEAM_A = "Family Support North"
TEAM_B = "Children in Care 1"


def _child(child_id: str, **values: Any) -> dict[str, Any]:
    return {"child_id": child_id, "sex": "F", "dob": D(2015, 2, 1), "ethnicity": "WBRI", "uasc": False, **values}


def _allocation(child_id: str, worker: str, team: str) -> dict[str, Any]:
    return {"child_id": child_id, "worker_id": worker, "team": team, "start_date": D(2026, 1, 10)}


def case_rows(*, with_old: bool) -> dict[str, list[dict[str, Any]]]:
    children = [_child("A1"), _child("B1", sex="M", dob=D(2012, 6, 15), ethnicity="BAFR", uasc=True),
                _child("E1", sex="U", dob=D(2020, 11, 30)), _child(ODD_ID)]  # fmt: skip
    allocations = [
        _allocation("A1", "worker.a@test.example", TEAM_A),
        _allocation("B1", "worker.b@test.example", TEAM_B),
        _allocation("E1", "someone.else@test.example", TEAM_A),
        _allocation(ODD_ID, "worker.a@test.example", TEAM_A),
    ]
    if with_old:
        children.append(_child("OLD1"))
        allocations.append(_allocation("OLD1", "worker.a@test.example", TEAM_A))
    return {
        "children": children,
        "disabilities": [{"child_id": "A1", "disability": "LD"}],
        "contacts": [
            {
                "child_id": "A1",
                "contact_id": "A1/C",
                "contact_date": D(2026, 1, 8),
                "source": "2A",
                "decision_date": D(2026, 1, 9),
                "outcome": "REFERRAL",
            }
        ],
        "cin_episodes": [
            {
                "child_id": "A1",
                "episode_id": "A1/E",
                "referral_date": D(2026, 1, 10),
                "referral_source": "2A",
                "primary_need": "N1",
                "referral_nfa": False,
            }
        ],
        "assessments": [
            {
                "child_id": "A1",
                "episode_id": "A1/E",
                "assessment_id": "A1/AS",
                "start_date": D(2026, 1, 10),
                "child_seen_date": D(2026, 1, 12),
                "authorisation_date": D(2026, 2, 20),
                "factors": ["2B", "3A"],
            }
        ],
        "section47": [
            {
                "child_id": "A1",
                "episode_id": "A1/E",
                "s47_id": "A1/S",
                "strategy_date": D(2026, 2, 2),
                "start_date": D(2026, 2, 2),
                "icpc_date": D(2026, 2, 19),
                "icpc_outcome_cp": True,
            }
        ],
        "cp_plans": [
            {
                "child_id": "A1",
                "episode_id": "A1/E",
                "plan_id": "A1/CP",
                "start_date": D(2026, 2, 19),
                "initial_category": "NEG",
                "latest_category": "NEG",
                "previous_plans": 0,
            }
        ],
        "cp_reviews": [{"child_id": "A1", "plan_id": "A1/CP", "review_date": D(2026, 5, 14)}],
        "cin_plans": [
            {
                "child_id": "A1",
                "episode_id": "A1/E",
                "plan_id": "A1/CIN",
                "start_date": D(2026, 1, 30),
                "end_date": D(2026, 2, 19),
            }
        ],
        "visits": [{"child_id": "A1", "visit_date": D(2026, 9, 1), "seen": True, "seen_alone": True, "kind": "CP"}],
        "cla_episodes": [
            {
                "child_id": "B1",
                "start_date": D(2026, 3, 2),
                "reason_new": "S",
                "legal_status": "C2",
                "need_code": "N1",
                "placement": "U4",
                "provider": "PR1",
            }
        ],
        "cla_reviews": [{"child_id": "B1", "review_date": D(2026, 3, 27), "participation": "PN1"}],
        "missing": [
            {
                "child_id": "B1",
                "kind": "M",
                "start_date": D(2026, 6, 3),
                "end_date": D(2026, 6, 4),
                "return_interview_offered": True,
                "return_interview_accepted": False,
            }
        ],
        "allocations": allocations,
    }


def _tables(with_old: bool) -> dict[str, pl.DataFrame]:
    return {name: conform(name, pl.DataFrame(rows)) for name, rows in case_rows(with_old=with_old).items()}


def snapshots_load() -> tuple[Snapshot, Snapshot]:
    """The earlier snapshot (with OLD1) and the later one (without), with the later one's deadlines."""
    earlier, _ = snapshot_store(tables=_tables(True), as_at=EARLIER, sources=[_source("a")])
    later, _ = snapshot_store(tables=_tables(False), as_at=LATER, sources=[_source("b")])
    deadline_set_compute(snapshot=later)
    return earlier, later


def _source(letter: str) -> dict[str, Any]:
    return {"name": f"hand-made {letter}", "format": "test", "sha256": letter * 64, "size": 0}
