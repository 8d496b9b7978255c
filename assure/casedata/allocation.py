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
    out), cut so that no two of a child's spans overlap.

    Allocations that follow one another are kept as they are. Where a child's allocations overlap (a
    handover day, a day's duty cover, a fortnight's cover inside a longer allocation) they are cut
    at every start and every day after an end, and each piece goes to the allocation `allocation_on`
    picks on that day: of those covering it, the latest started, then the largest worker_id. So the
    as-of join finds, for any day, the one allocation that held the case.
    """
    ordered = (
        allocations.select("start_date", "end_date", "worker_id", "team")
        .with_columns(_child=child)
        .drop_nulls("_child")
        .sort("_child", "start_date", "worker_id")
    )
    if ordered.is_empty():
        return ordered.select("start_date", "end_date", "worker_id", "team", _key=pl.lit(0, dtype=pl.Int64))
    kid = ordered["_child"].to_numpy().astype(np.int64)
    reach = ordered["end_date"].cast(pl.Int32).fill_null(_OPEN).to_numpy()
    key = kid * _DAYS + ordered["start_date"].cast(pl.Int32).to_numpy() + _DAY_BIAS
    points = _change_points(key, kid, reach)
    holder, covered = _holders(key, kid, reach, points)
    day = (points % _DAYS - _DAY_BIAS).astype(np.int32)
    same_child = points[1:] // _DAYS == points[:-1] // _DAYS
    until = np.append(np.where(same_child, day[1:] - 1, _OPEN), _OPEN)
    start, end, holder = _merged(
        points[covered], day[covered], np.minimum(reach[holder], until)[covered], holder[covered]
    )
    del points, day, until, covered
    return (
        ordered.select("worker_id", "team")[holder]
        .with_columns(
            start_date=pl.Series(start, dtype=pl.Int32).cast(pl.Date),
            end_date=pl.Series(end, dtype=pl.Int32).replace(_OPEN, None).cast(pl.Date),
            _key=pl.Series(start.astype(np.int64) + (kid[holder] * _DAYS + _DAY_BIAS), dtype=pl.Int64),
        )
        .select("start_date", "end_date", "worker_id", "team", "_key")
    )


_OPEN = np.iinfo(np.int32).max  # the reach of an allocation with no end


def _change_points(key: np.ndarray, kid: np.ndarray, reach: np.ndarray) -> np.ndarray:
    """Each child's days on which the holder may change (packed like `key`), in order, once each:
    every start, and the day after every end."""
    ended = reach < _OPEN
    points = np.sort(np.concatenate([key, kid[ended] * _DAYS + reach[ended] + 1 + _DAY_BIAS]))
    return points[np.concatenate([[True], points[1:] != points[:-1]])]  # np.unique hashes: slower here


def _holders(key: np.ndarray, kid: np.ndarray, reach: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each point (a packed child and day), the index of the allocation holding the case that
    day, and whether any does. `key` is sorted, so the candidate is the last allocation started on or
    before the day; while it ended before the day, the one started before it is tried, which stops at
    the first covering one (the running furthest reach says whether there is one at all)."""
    holder = np.searchsorted(key, points, side="right") - 1  # the child's own start is always found
    apart = kid << 32  # children's reaches kept apart, so the running maximum starts again per child
    furthest = np.maximum.accumulate(apart + reach) - apart
    day = points % _DAYS - _DAY_BIAS
    covered = furthest[holder] >= day
    todo = np.flatnonzero(covered & (reach[holder] < day))
    while todo.size:
        holder[todo] -= 1
        todo = todo[reach[holder[todo]] < day[todo]]
    return holder, covered


def _merged(
    points: np.ndarray, start: np.ndarray, end: np.ndarray, holder: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Consecutive pieces of one child held by one allocation, joined back into one span."""
    continues = (
        (points[1:] // _DAYS == points[:-1] // _DAYS) & (holder[1:] == holder[:-1]) & (start[1:] == end[:-1] + 1)
    )
    first = np.flatnonzero(np.concatenate([[True], ~continues]))
    last = np.append(first[1:] - 1, len(points) - 1)
    return start[first], end[last], holder[first]


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
