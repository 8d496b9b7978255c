"""Who held each child's case on a date: the allocation that figures and deadlines roll up by.

Framework-free. `allocations` is the canonical table (child, worker, team, start, end). A child
allocated to nobody on the date gets nulls, so "unallocated" can be counted rather than lost.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

_SHIFT = 20  # a key packs (child number, day): 2**19 days either side of 1970 is plenty
_DAYS = 1 << _SHIFT
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

    Each day goes to the allocation `allocation_on` picks: of those covering it, the latest started,
    then the largest worker_id. Where a child's allocations end in the order they start (one after
    another, or handed over on a shared day) each is cut short where the next begins; where one ends
    inside another (a fortnight's cover inside a longer allocation) they are cut at every start and
    every day after an end. So the as-of join finds, for any day, the one allocation that held it.
    """
    order, key = _in_order(allocations, child)
    if not order.size:
        empty = allocations.select("start_date", "end_date", "worker_id", "team").clear()
        return empty.with_columns(_key=pl.Series([], dtype=pl.Int64))
    reach = allocations["end_date"].cast(pl.Int32).fill_null(_OPEN).to_numpy()[order]
    tangled = _tangled(key, reach)
    plain = np.flatnonzero(~tangled)
    parts = [_clipped(key[plain], reach[plain], plain)]
    if tangled.any():
        rows = np.flatnonzero(tangled)
        parts.append(_cut(key[rows], reach[rows], rows))
    packed, end, row = (np.concatenate(column) for column in zip(*parts, strict=True))
    if len(parts) > 1:  # two runs, each in order: a stable sort merges them
        merge = np.argsort(packed, kind="stable")
        packed, end, row = packed[merge], end[merge], row[merge]
    return (
        allocations.select("worker_id", "team")[order[row]]
        .with_columns(
            start_date=pl.Series((packed & (_DAYS - 1)) - _DAY_BIAS, dtype=pl.Int32).cast(pl.Date),
            end_date=pl.Series(end, dtype=pl.Int32).replace(_OPEN, None).cast(pl.Date),
            _key=pl.Series(packed, dtype=pl.Int64),
        )
        .select("start_date", "end_date", "worker_id", "team", "_key")
    )


def _tangled(key: np.ndarray, reach: np.ndarray) -> np.ndarray:
    """For each allocation (in `_in_order`'s order), whether its child has one that started later
    but ends sooner (cover inside a longer allocation): only those children need cutting up."""
    kid = key >> _SHIFT
    later_ends_sooner = (kid[1:] == kid[:-1]) & (reach[1:] < reach[:-1])
    children = np.zeros(kid[-1] + 1, dtype=bool)
    children[kid[1:][later_ends_sooner]] = True
    return children[kid]


def _clipped(key: np.ndarray, reach: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spans of children whose allocations end in the order they start: each runs from its start to
    its end or the day before the next one starts, whichever is sooner (gone when that is before its
    start: a same-day start ranked higher, or an end before the start). Keys, ends and rows."""
    kid, day = key >> _SHIFT, (key & (_DAYS - 1)) - _DAY_BIAS
    until = np.append(np.where(kid[1:] == kid[:-1], day[1:] - 1, _OPEN), _OPEN)
    end = np.minimum(reach, until)
    kept = end >= day
    return key[kept], end[kept], rows[kept]


def _cut(key: np.ndarray, reach: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spans of children with overlapping allocations, cut at every start and every day after an
    end; each piece held by the allocation `allocation_on` picks that day. Keys, ends and rows."""
    points, holder = _change_points(key, reach)
    kid, day = points >> _SHIFT, (points & (_DAYS - 1)) - _DAY_BIAS
    covered = _step_back(holder, kid, day, key, reach)
    until = np.append(np.where(kid[1:] == kid[:-1], day[1:] - 1, _OPEN), _OPEN)
    end = np.minimum(reach[holder], until)
    kid, start, end, holder = _merged(kid[covered], day[covered], end[covered], holder[covered])
    return (kid << _SHIFT) + start + _DAY_BIAS, end, rows[holder]


_OPEN = np.iinfo(np.int32).max  # the reach of an allocation with no end


def _in_order(allocations: pl.DataFrame, child: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """The rows with a child number in the order `allocation_on` ranks them (child, start date, then
    worker_id), and their packed (child, start) keys. Only rows sharing a key are compared by worker."""
    keys = pl.DataFrame({"_child": child, "start_date": allocations["start_date"]})
    packed = keys.select(_key(pl.col("_child"), pl.col("start_date"))).to_series()
    order = packed.arg_sort(nulls_last=True).to_numpy()[: packed.len() - packed.null_count()].astype(np.int64)
    key = packed.to_numpy()[order].astype(np.int64)
    tied = np.flatnonzero(key[1:] == key[:-1])
    if tied.size:
        at = np.unique(np.concatenate([tied, tied + 1]))
        workers = pl.DataFrame({"_key": key[at], "worker_id": allocations["worker_id"].gather(order[at])})
        order[at] = order[at][workers.select(pl.arg_sort_by("_key", "worker_id")).to_series().to_numpy()]
    return order, key


def _change_points(key: np.ndarray, reach: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each child's days on which the holder may change (packed like `key`), in order, once each:
    every start and the day after every end; and for each, the last allocation started on or before
    it (the candidate holder). One sort of starts and ends together, a start's low bit 0 and an end's
    1, so a running count of starts gives the candidate."""
    ended = reach < _OPEN
    ends = (key[ended] >> _SHIFT << _SHIFT) + reach[ended] + 1 + _DAY_BIAS
    both = np.concatenate([key << 1, (ends << 1) | 1])
    both.sort()
    started = np.cumsum((both & 1) == 0) - 1
    value = both >> 1
    last = np.append(value[1:] != value[:-1], True)
    return value[last], started[last]


def _step_back(holder: np.ndarray, kid: np.ndarray, day: np.ndarray, key: np.ndarray, reach: np.ndarray) -> np.ndarray:
    """Move each candidate holder back (in place) to the latest allocation covering its day, and say
    which days any allocation covers. While the candidate ended before the day, the one started
    before it is tried; the child's running furthest reach says whether any covers at all, so the
    steps never leave the child."""
    apart = key >> _SHIFT << 32  # children's reaches kept apart, so the running maximum starts again per child
    furthest = np.maximum.accumulate(apart + reach) - apart
    mine = (holder >= 0) & (key[holder] >> _SHIFT == kid)  # an end before every start of its child has none
    covered = mine & (furthest[holder] >= day)
    todo = np.flatnonzero(covered & (reach[holder] < day))
    while todo.size:
        holder[todo] -= 1
        todo = todo[reach[holder[todo]] < day[todo]]
    return covered


def _merged(
    kid: np.ndarray, start: np.ndarray, end: np.ndarray, holder: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Consecutive pieces of one child held by one allocation, joined back into one span."""
    if not kid.size:  # no day covered at all (allocations that end before they start)
        return kid, start, end, holder
    continues = (kid[1:] == kid[:-1]) & (holder[1:] == holder[:-1]) & (start[1:] == end[:-1] + 1)
    first = np.flatnonzero(np.concatenate([[True], ~continues]))
    last = np.append(first[1:] - 1, len(kid) - 1)
    return kid[first], start[first], end[last], holder[first]


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
