"""Who held a child's case on a date, for one day and for each event."""

from __future__ import annotations

import datetime as dt
import random

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


def test_random_overlapping_allocations_agree_with_allocation_on_every_day() -> None:
    """Many children with allocations drawn at random (gaps, handovers, cover inside cover, open
    ones, same-day starts): on every day of the year the events agree with `allocation_on`."""
    rng = random.Random(20261201)  # noqa: S311 - test data, not secrets
    first = D(2024, 1, 1)
    rows = []
    for child in range(60):
        for _ in range(rng.randint(1, 5)):
            start = first + dt.timedelta(days=7 * rng.randint(0, 43))  # weekly, so some start on one day
            end = None if rng.random() < 0.3 else start + dt.timedelta(days=rng.randint(-3, 90))  # a few end too soon
            worker = rng.choice("abcdef")
            rows.append(
                {
                    "child_id": f"C{child}",
                    "worker_id": f"{worker}@x",
                    "team": f"Team {worker.upper()}",
                    "start_date": start,
                    "end_date": end,
                }
            )
    schema = {k: SCHEMA["allocations"][k] for k in ("child_id", "worker_id", "team", "start_date", "end_date")}
    allocations = pl.DataFrame(rows, schema=schema)
    days = [first + dt.timedelta(days=n) for n in range(0, 420, 3)]
    events = pl.DataFrame({"child_id": [f"C{c}" for c in range(60) for _ in days], "when": days * 60})
    result = allocation_at_events(allocations, events, date_column="when").select("child_id", "when", "worker_id")
    expected = pl.concat(
        [allocation_on(allocations, day).select("child_id", "worker_id").with_columns(when=pl.lit(day)) for day in days]
    )
    merged = result.join(expected, on=["child_id", "when"], how="left", suffix="_on")
    assert merged.height == events.height
    assert merged.filter(pl.col("worker_id").ne_missing(pl.col("worker_id_on"))).is_empty()
    assert merged["worker_id"].null_count() < merged.height  # most days have a holder: the check bites


def test_no_allocations_leave_every_event_unallocated() -> None:
    events = pl.DataFrame({"child_id": ["C1", "C2"], "when": [D(2024, 5, 1), D(2024, 6, 1)]})
    result = allocation_at_events(_allocations().clear(), events, date_column="when")
    assert result.rows() == [("C1", D(2024, 5, 1), None, None), ("C2", D(2024, 6, 1), None, None)]


def test_allocations_that_cover_no_day_leave_the_child_unallocated() -> None:
    """Two allocations, each ending before it starts (a data error the import lists): no day is
    covered, so nobody holds the case, and nothing fails."""
    columns = ("child_id", "worker_id", "team", "start_date", "end_date")
    rows = [
        ("C1", "a@x", "Team A", D(2024, 5, 5), D(2024, 5, 3)),
        ("C1", "b@x", "Team B", D(2024, 5, 6), D(2024, 5, 2)),
    ]
    allocations = pl.DataFrame(
        [dict(zip(columns, r, strict=True)) for r in rows], schema={k: SCHEMA["allocations"][k] for k in columns}
    )
    events = pl.DataFrame({"child_id": ["C1", "C1"], "when": [D(2024, 5, 4), D(2024, 5, 6)]})
    result = allocation_at_events(allocations, events, date_column="when")
    assert result["worker_id"].to_list() == [None, None]
