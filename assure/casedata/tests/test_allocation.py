"""Who held a child's case on a date, for one day and for each event."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

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


@pytest.mark.xfail(
    strict=True,
    reason="Known defect: the as-of join sees one allocation per child and start day, and the latest started "
    "one, so an allocation that ends inside another (same-day duty cover, a fortnight's cover) hides the one "
    "still open after it ends. Fix: cut each child's allocations into non-overlapping spans first.",
)
def test_overlapping_allocations_agree_with_allocation_on() -> None:
    """A child allocated to two workers on one day: the later worker id wins that day (as
    `allocation_on` picks), and once one of them has ended, the other still holds the case."""
    rows = [
        ("C1", "m@x", "Team M", D(2024, 5, 1), None),
        ("C1", "z@x", "Team Z", D(2024, 5, 1), D(2024, 5, 1)),  # a duty allocation for the day only
        ("C2", "b@x", "Team B", D(2024, 5, 1), D(2024, 5, 31)),
        ("C2", "a@x", "Team A", D(2024, 5, 1), D(2024, 5, 31)),
        ("C3", "a@x", "Team A", D(2024, 1, 1), None),
        ("C3", "c@x", "Team C", D(2024, 5, 1), D(2024, 5, 2)),  # a few days' cover inside a longer allocation
    ]
    columns = ("child_id", "worker_id", "team", "start_date", "end_date")
    allocations = pl.DataFrame(
        [dict(zip(columns, r, strict=True)) for r in rows], schema={k: SCHEMA["allocations"][k] for k in columns}
    )
    days = [D(2024, 4, 30), D(2024, 5, 1), D(2024, 5, 2), D(2024, 5, 31), D(2024, 6, 1)]
    events = pl.DataFrame({"child_id": [c for c in ("C1", "C2", "C3") for _ in days], "when": days * 3})
    result = allocation_at_events(allocations, events, date_column="when")
    expected = []
    for child, day in events.rows():
        held = allocation_on(allocations, day).filter(pl.col("child_id") == child)
        expected.append(held.select("worker_id", "team").row(0) if held.height else (None, None))
    assert result.select("worker_id", "team").rows() == expected
    assert expected[1] == ("z@x", "Team Z") and expected[2] == ("m@x", "Team M")
    assert expected[6] == ("b@x", "Team B") and expected[13] == ("a@x", "Team A")
