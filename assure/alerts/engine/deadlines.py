"""The deadline engine: every open and recently met deadline per child, from canonical tables.

Framework-free and vectorised with Polars (no loop over children or rows; the only Python loop is
over rules and the few offsets of a schedule). For an as-at date it gives, per rule and child, the
due date, the date it was met (if it was), a status, and the worker and team holding the case.

Statuses: `overdue` (not met and the due date has passed), `due_soon` (not met, due within the
set number of working days), `due_later`, `met_on_time` and `met_late` (kept for `recent_days`
after being met). A deadline whose case closed before it was met is dropped: nobody can meet it now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import polars as pl

from assure.alerts.engine.rules import Close, Offset, Rule, RuleSet
from assure.casedata.allocation import allocation_at_events
from assure.casedata.schema import KEYS, empty
from assure.core.workdays import add_working_days, add_working_days_expr

OVERDUE, DUE_SOON, DUE_LATER, MET_ON_TIME, MET_LATE = "overdue", "due_soon", "due_later", "met_on_time", "met_late"
STATUSES = (OVERDUE, DUE_SOON, DUE_LATER, MET_ON_TIME, MET_LATE)
OPEN_STATUSES = (OVERDUE, DUE_SOON, DUE_LATER)

RESULT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "rule_id": pl.String,
    "child_id": pl.String,
    "ref": pl.String,
    "trigger_date": pl.Date,
    "due_date": pl.Date,
    "met_date": pl.Date,
    "status": pl.String,
    "worker_id": pl.String,
    "team": pl.String,
}

Tables = Mapping[str, pl.DataFrame]


def compute_deadlines(tables: Tables, rules: RuleSet, as_at: dt.date) -> pl.DataFrame:
    """Every open and recently met deadline under `rules` as at `as_at` (RESULT_SCHEMA columns)."""
    recent = as_at - dt.timedelta(days=rules.recent_days)
    frames = [_rule_deadlines(tables, rule, as_at, recent) for rule in rules.rules if rule.has_data]
    found = pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=RESULT_SCHEMA)
    found = _with_status(found, as_at, rules)
    stale = as_at - dt.timedelta(days=rules.stale_after_days)
    met_recently = pl.col("met_date").is_not_null() & (pl.col("met_date") >= recent)
    kept = found.filter(met_recently | (pl.col("met_date").is_null() & (pl.col("due_date") >= stale)))
    return _with_allocation(kept, _table(tables, "allocations"), as_at).select(list(RESULT_SCHEMA))


def _table(tables: Tables, name: str) -> pl.DataFrame:
    return tables[name] if name in tables else empty(name)


def _rule_deadlines(tables: Tables, rule: Rule, as_at: dt.date, recent: dt.date) -> pl.DataFrame:
    """The rule's deadlines: open ones, and those met since `recent` (older ones are not listed)."""
    frame = _triggers(tables, rule, as_at)
    if rule.kind == "once":
        result = _once(tables, rule, frame, as_at).filter(pl.col("met_date").is_null() | (pl.col("met_date") >= recent))
    else:
        result = _recurring(tables, rule, frame, as_at, recent)
    return result.with_columns(pl.lit(rule.id).alias("rule_id")).select(
        "rule_id", "child_id", "ref", "trigger_date", "due_date", "met_date"
    )


def _triggers(tables: Tables, rule: Rule, as_at: dt.date) -> pl.DataFrame:
    """The trigger table's rows that start a clock on or before the as-at date, after the rule's filters.
    A `once` rule counted per period of care has one row per period (its start and end)."""
    frame = _filtered(_table(tables, rule.table), rule.only_values, rule.exclude_values, (), rule.exclude_if_true)
    if rule.periods_of_care and rule.kind == "once":
        periods = _periods_of_care(frame.with_columns(pl.col(rule.column).alias("trigger_date")))
        frame = periods.drop("_period", "ref").with_columns(pl.col("trigger_date").alias(rule.column))
    if rule.min_age_years is not None:
        dob = _table(tables, "children").select("child_id", pl.col("dob").alias("_dob"))
        frame = frame.join(dob, on="child_id", how="left")
        oldest_dob = pl.col(rule.column).dt.offset_by(f"-{rule.min_age_years}y")
        frame = frame.filter(pl.col("_dob").is_not_null() & (pl.col("_dob") <= oldest_dob)).drop("_dob")
    keys = [k for k in KEYS[rule.table] if k != "child_id"] or ["child_id"]
    ref = pl.concat_str([pl.col(k).cast(pl.String) for k in keys], separator="/")
    frame = frame.with_columns(ref.alias("ref"), pl.col(rule.column).alias("trigger_date"))
    return frame.filter(pl.col("trigger_date").is_not_null() & (pl.col("trigger_date") <= as_at))


def _filtered(
    frame: pl.DataFrame,
    only_values: Mapping[str, tuple[str, ...]],
    exclude_values: Mapping[str, tuple[str, ...]],
    only_if_true: tuple[str, ...],
    exclude_if_true: tuple[str, ...],
) -> pl.DataFrame:
    condition = pl.lit(True)
    for column, codes in only_values.items():
        condition &= pl.col(column).is_in(list(codes))
    for column, codes in exclude_values.items():
        condition &= ~pl.col(column).is_in(list(codes)).fill_null(False)
    for column in only_if_true:
        condition &= pl.col(column).fill_null(False)
    for column in exclude_if_true:
        condition &= ~pl.col(column).fill_null(False)
    return frame.filter(condition)


def _shift(start: pl.Expr, offset: Offset) -> pl.Expr:
    if offset.unit == "working_days":
        return add_working_days_expr(start, offset.amount)
    if offset.unit == "days":
        return start + pl.duration(days=offset.amount)
    if offset.unit == "weeks":
        return start + pl.duration(weeks=offset.amount)
    return start.dt.offset_by(f"{offset.amount}mo")  # 31 January + 1 month is 28 (or 29) February


def _scheduled(start: pl.Expr, index: pl.Expr, schedule: tuple[Offset, ...]) -> pl.Expr:
    """The due date `schedule[index]` after `start`, the last offset repeating for later indexes."""
    expr = _shift(start, schedule[-1])
    for position in range(len(schedule) - 2, -1, -1):
        expr = pl.when(index == position).then(_shift(start, schedule[position])).otherwise(expr)
    return expr


def _events(tables: Tables, close: Close, as_at: dt.date) -> pl.DataFrame:
    frame = _filtered(_table(tables, close.table), close.only_values, {}, close.only_if_true, ())
    return frame.select(*close.match_on, pl.col(close.column).alias("_event")).filter(
        pl.col("_event").is_not_null() & (pl.col("_event") <= as_at)
    )


def _once(tables: Tables, rule: Rule, frame: pl.DataFrame, as_at: dt.date) -> pl.DataFrame:
    frame = frame.with_columns(_shift(pl.col("trigger_date"), rule.schedule[0]).alias("due_date"))
    close = rule.close
    assert close is not None
    if close.table == rule.table and not close.match_on:
        met = pl.when(pl.col(close.column) <= as_at).then(pl.col(close.column))
        frame = frame.with_columns(met.alias("met_date"))
    else:
        indexed = frame.with_row_index("_row")
        events = _events(tables, close, as_at)
        # An event from the trigger's own table and column meets the next deadline, never its own.
        itself = close.table == rule.table and close.column == rule.column
        after = pl.col("_event") > pl.col("trigger_date") if itself else pl.col("_event") >= pl.col("trigger_date")
        firsts = (
            indexed.select("_row", "trigger_date", *close.match_on)
            .join(events, on=list(close.match_on), how="inner")
            .filter(after)
            .group_by("_row")
            .agg(pl.col("_event").min().alias("met_date"))
        )
        frame = indexed.join(firsts, on="_row", how="left").drop("_row")
    if rule.ends:
        stopped = pl.col(rule.ends).is_not_null() & (pl.col(rule.ends) <= as_at) & pl.col("met_date").is_null()
        frame = frame.filter(~stopped)
    return frame


def _periods_of_care(frame: pl.DataFrame) -> pl.DataFrame:
    """Episodes joined into periods of care: a new period starts when an episode does not follow on
    from the previous one (a gap, or the previous one still open) or is marked a new period (S)."""
    ordered = frame.sort("child_id", "trigger_date")
    previous_end = pl.col("end_date").shift(1).over("child_id")
    new = previous_end.is_null() | (previous_end != pl.col("trigger_date")) | (pl.col("reason_new") == "S")
    grouped = ordered.with_columns(new.cast(pl.Int32).cum_sum().over("child_id").alias("_period"))
    return grouped.group_by("child_id", "_period").agg(
        pl.col("trigger_date").first(),
        pl.col("end_date").last(),
        pl.col("trigger_date").first().cast(pl.String).alias("ref"),
    )


def _recurring(tables: Tables, rule: Rule, frame: pl.DataFrame, as_at: dt.date, recent: dt.date) -> pl.DataFrame:
    close = rule.close
    assert close is not None and rule.open_until is not None
    if rule.periods_of_care:
        frame = _periods_of_care(frame)
        until = "end_date"
    else:
        until = rule.open_until
    anchors = frame.with_row_index("_anchor").select(
        "_anchor",
        "child_id",
        "ref",
        "trigger_date",
        pl.col(until).alias("_until"),
        *sorted(set(close.match_on) - {"child_id"}),
    )
    # A plan or period that ended before `recent` has no open deadline and none met recently.
    anchors = anchors.filter(pl.col("_until").is_null() | (pl.col("_until") >= recent))
    events = (
        anchors.join(_events(tables, close, as_at), on=list(close.match_on), how="inner")
        .filter(
            (pl.col("_event") >= pl.col("trigger_date"))
            & (pl.col("_until").is_null() | (pl.col("_event") <= pl.col("_until")))
        )
        .unique(["_anchor", "_event"])
        .sort("_anchor", "_event")
        .with_columns(pl.col("_event").cum_count().over("_anchor").alias("_n"))
        .with_columns(pl.col("_event").shift(1).over("_anchor").fill_null(pl.col("trigger_date")).alias("_from"))
    )
    met = events.filter(pl.col("_event") >= recent).select(
        "child_id",
        "ref",
        "trigger_date",
        _scheduled(pl.col("_from"), pl.col("_n") - 1, rule.schedule).alias("due_date"),
        pl.col("_event").alias("met_date"),
    )
    last = events.group_by("_anchor").agg(pl.col("_event").max().alias("_last"), pl.len().alias("_count"))
    still_open = pl.col("_until").is_null() | (pl.col("_until") > as_at)
    pending = (
        anchors.filter(still_open)
        .join(last, on="_anchor", how="left")
        .with_columns(pl.col("_count").fill_null(0))
        .select(
            "child_id",
            "ref",
            "trigger_date",
            _scheduled(pl.col("_last").fill_null(pl.col("trigger_date")), pl.col("_count"), rule.schedule).alias(
                "due_date"
            ),
            pl.lit(None, dtype=pl.Date).alias("met_date"),
        )
    )
    return pl.concat([met, pending], how="vertical")


def _with_status(frame: pl.DataFrame, as_at: dt.date, rules: RuleSet) -> pl.DataFrame:
    soon = add_working_days(as_at, rules.due_soon_working_days)
    status = (
        pl.when(pl.col("met_date").is_not_null() & (pl.col("met_date") <= pl.col("due_date")))
        .then(pl.lit(MET_ON_TIME))
        .when(pl.col("met_date").is_not_null())
        .then(pl.lit(MET_LATE))
        .when(pl.col("due_date") < as_at)
        .then(pl.lit(OVERDUE))
        .when(pl.col("due_date") <= soon)
        .then(pl.lit(DUE_SOON))
        .otherwise(pl.lit(DUE_LATER))
    )
    return frame.with_columns(status.alias("status"))


def _with_allocation(frame: pl.DataFrame, allocations: pl.DataFrame, as_at: dt.date) -> pl.DataFrame:
    """The worker and team holding the case: today for open deadlines, on the day for met ones."""
    dated = frame.with_columns(pl.col("met_date").fill_null(pl.lit(as_at)).alias("_held_on"))
    if dated.is_empty():
        return dated.with_columns(
            pl.lit(None, pl.String).alias("worker_id"), pl.lit(None, pl.String).alias("team")
        ).drop("_held_on")
    # Only the allocations that can cover a listed deadline: its child's, and not ended before the earliest date.
    earliest = dated["_held_on"].min()
    relevant = allocations.filter(
        pl.col("child_id").is_in(dated["child_id"].unique().implode())
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= earliest))
    )
    return allocation_at_events(relevant, dated, date_column="_held_on").drop("_held_on")
