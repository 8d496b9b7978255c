"""Who held each child's case on a date: the allocation that figures and deadlines roll up by.

Framework-free. `allocations` is the canonical table (child, worker, team, start, end). A child
allocated to nobody on the date gets nulls, so "unallocated" can be counted rather than lost.
"""

from __future__ import annotations

import datetime as dt

import polars as pl


def allocation_on(allocations: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """One row per child allocated on `day`: child_id, worker_id, team.

    An allocation covers its start date through its end date (open when the end is empty). Where a
    child has two allocations on the day (a handover), the one that started last wins.
    """
    current = allocations.filter(
        (pl.col("start_date") <= day) & (pl.col("end_date").is_null() | (pl.col("end_date") >= day))
    )
    return (
        current.sort(["child_id", "start_date", "worker_id"])
        .group_by("child_id", maintain_order=True)
        .last()
        .select("child_id", "worker_id", "team")
    )


def allocation_at_events(allocations: pl.DataFrame, events: pl.DataFrame, *, date_column: str) -> pl.DataFrame:
    """`events` with the worker and team who held each child's case on each event's date.

    Vectorised (an as-of join per child): for each event, the latest allocation that started on or
    before the event's date and had not ended before it. Events with no allocation get nulls.
    """
    spans = allocations.select(
        "child_id",
        pl.col("start_date").alias("_alloc_start"),
        pl.col("end_date").alias("_alloc_end"),
        "worker_id",
        "team",
    ).sort(["_alloc_start", "worker_id"])
    indexed = events.with_row_index("_event_row")
    dated = indexed.filter(pl.col(date_column).is_not_null()).sort(date_column)
    joined = dated.join_asof(
        spans, left_on=date_column, right_on="_alloc_start", by="child_id", strategy="backward", check_sortedness=False
    ).with_columns(
        pl.when(pl.col("_alloc_end").is_null() | (pl.col("_alloc_end") >= pl.col(date_column)))
        .then(pl.col(name))
        .otherwise(None)
        .alias(name)
        for name in ("worker_id", "team")
    )
    matched = joined.select("_event_row", "worker_id", "team")
    return indexed.join(matched, on="_event_row", how="left").sort("_event_row").drop("_event_row")
