"""Who held a child's case on a date, for one day and for each event."""

from __future__ import annotations

import datetime as dt

import polars as pl

from assure.casedata.allocation import allocation_at_events, allocation_on
from assure.casedata.schema import SCHEMA

D = dt.date


def _allocations() -> pl.DataFrame:
    rows = [
        ("C1", "a@x", "Team A", D(2024, 1, 1), D(2024, 3, 31)),
        ("C1", "b@x", "Team B", D(2024, 3, 31), None),  # handover day: both allocations cover it
        ("C2", "a@x", "Team A", D(2024, 2, 1), D(2024, 2, 29)),
    ]
    return pl.DataFrame(
        [dict(zip(("child_id", "worker_id", "team", "start_date", "end_date"), r, strict=True)) for r in rows],
        schema={k: SCHEMA["allocations"][k] for k in ("child_id", "worker_id", "team", "start_date", "end_date")},
    )


def test_allocation_on_a_day() -> None:
    frame = allocation_on(_allocations(), D(2024, 2, 29))
    assert sorted(frame.rows()) == [("C1", "a@x", "Team A"), ("C2", "a@x", "Team A")]
    handover = allocation_on(_allocations(), D(2024, 3, 31))
    assert handover.rows() == [("C1", "b@x", "Team B")]  # the later allocation wins
    assert allocation_on(_allocations(), D(2023, 12, 31)).is_empty()


def test_allocation_at_each_event_keeps_every_event_in_order() -> None:
    events = pl.DataFrame(
        {
            "child_id": ["C2", "C1", "C1", "C2", "C3", "C1"],
            "when": [D(2024, 3, 1), D(2024, 1, 15), D(2024, 4, 2), D(2024, 2, 29), D(2024, 1, 1), None],
        }
    )
    result = allocation_at_events(_allocations(), events, date_column="when")
    assert result["child_id"].to_list() == events["child_id"].to_list()
    assert result.select("worker_id", "team").rows() == [
        (None, None),  # C2's allocation ended on 29 February
        ("a@x", "Team A"),
        ("b@x", "Team B"),
        ("a@x", "Team A"),  # 29 February itself is covered
        (None, None),  # never allocated
        (None, None),  # no date
    ]
