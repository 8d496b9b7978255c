"""Who held each child's case on a date: the allocation that figures and deadlines roll up by.

Framework-free. `allocations` is the canonical table (child, worker, team, start, end). A child
allocated to nobody on the date gets nulls, so "unallocated" can be counted rather than lost.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

_DAYS = 1 << 20  # a key packs (child number, day): 2**19 days either side of 1970 is plenty
_DAY_BIAS = _DAYS // 2


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


def _key(child: pl.Expr | pl.Series, day: pl.Expr) -> pl.Expr:
    """One sortable integer per (child number, day), so an as-of join needs no grouping by child."""
    return child.cast(pl.Int64) * _DAYS + day.cast(pl.Int32).cast(pl.Int64) + _DAY_BIAS


def allocation_spans(allocations: pl.DataFrame, child: pl.Series) -> pl.DataFrame:
    """The allocations keyed for `allocation_rows`, `child` numbering each row's child (null: left
    out). Of two allocations of a child starting on the same day, the later worker_id is kept (the
    one `allocation_on` picks), so the as-of join has one candidate per child and day."""
    keyed = (
        allocations.select("start_date", "end_date", "worker_id", "team")
        .with_columns(_key(child, pl.col("start_date")).alias("_key"))
        .drop_nulls("_key")
        .sort("_key")
    )
    repeated = (pl.col("_key") == pl.col("_key").shift(1)) | (pl.col("_key") == pl.col("_key").shift(-1))
    marked = keyed.with_columns(repeated.fill_null(False).alias("_repeated"))
    chosen = marked.filter("_repeated").sort("_key", "worker_id").unique("_key", keep="last")
    if chosen.is_empty():
        return keyed
    return pl.concat([marked.filter(~pl.col("_repeated")), chosen]).sort("_key").drop("_repeated")


def allocation_rows(spans: pl.DataFrame, child: pl.Series, day: pl.Series) -> pl.Series:
    """For each (child number, day), the row of `spans` (from `allocation_spans`) that held the
    child's case on the day, or null: the latest allocation that started on or before the day, if it
    had not ended before it. Vectorised: one as-of join on a packed key; the result is in input order."""
    events = pl.DataFrame({"_child": child, "_day": day}).with_row_index("_event")
    keyed = events.select("_event", _key(pl.col("_child"), pl.col("_day")).alias("_key")).drop_nulls("_key")
    found = keyed.sort("_key").join_asof(
        spans.select("_key", "end_date").with_row_index("_span").with_columns(_span_key=pl.col("_key")),
        on="_key",
        strategy="backward",
    )
    day_of = (pl.col("_key") % _DAYS - _DAY_BIAS).cast(pl.Int32).cast(pl.Date)
    same_child = pl.col("_span_key") // _DAYS == pl.col("_key") // _DAYS
    held = found.filter(same_child & (pl.col("end_date").is_null() | (pl.col("end_date") >= day_of)))
    rows = np.full(events.height, -1, dtype=np.int64)
    rows[held["_event"].to_numpy()] = held["_span"].to_numpy()
    return pl.Series("_span", rows).replace(-1, None).cast(pl.UInt32)


def _numbered(frame: pl.DataFrame, numbers: pl.DataFrame) -> pl.Series:
    return frame.select("child_id").join(numbers, on="child_id", how="left", maintain_order="left")["_child"]


def allocation_at_events(allocations: pl.DataFrame, events: pl.DataFrame, *, date_column: str) -> pl.DataFrame:
    """`events` with the worker and team who held each child's case on each event's date.

    Vectorised (an as-of join): for each event, the latest allocation that started on or before the
    event's date and had not ended before it. Events with no allocation get nulls.
    """
    numbers = allocations.select("child_id").unique().with_row_index("_child")
    spans = allocation_spans(allocations, _numbered(allocations, numbers))
    rows = allocation_rows(spans, _numbered(events, numbers), events[date_column])
    return events.with_columns(spans.select(pl.col("worker_id", "team").gather(rows)))
