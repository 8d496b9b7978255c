"""The canonical tables as they stood on a day, and the collection years of the statutory returns.

`as_at(table, frame, day)` drops records that had not started by `day` and blanks dates after it,
with what depends on them (an episode that ended later was still open, with no reason ended).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

# table: (the date it starts, {later date: the columns that depend on it})
TIMING: dict[str, tuple[str, dict[str, list[str]]]] = {
    "contacts": ("contact_date", {"decision_date": ["outcome"]}),
    "cin_episodes": ("referral_date", {"closure_date": ["closure_reason"], "initial_cpc_date": []}),
    "assessments": ("start_date", {"child_seen_date": [], "review_date": [], "authorisation_date": ["factors"]}),
    "cin_plans": ("start_date", {"end_date": []}),
    "section47": ("start_date", {"icpc_date": ["icpc_outcome_cp"]}),
    "cp_plans": ("start_date", {"end_date": []}),
    "cp_reviews": ("review_date", {}),
    "pre_proceedings": (
        "start_date",
        {
            "letter_sent_date": [],
            "initial_meeting_date": [],
            "decision_date": ["outcome"],
            "court_application_date": [],
            "letter_initial_cp_date": [],
        },
    ),
    "care_proceedings": ("issue_date", {"final_order_date": ["order"]}),
    "cla_episodes": ("start_date", {"end_date": ["reason_ceased", "reason_place_change"]}),
    "cla_reviews": ("review_date", {}),
    "missing": ("start_date", {"end_date": []}),
    "health": ("year_ending", {}),
    "care_leavers": ("year_ending", {}),
    "adoptions": ("match_date", {}),
    "placed_for_adoption": ("decision_date", {"ceased_date": ["ceased_reason"]}),
    "deprivation_of_liberty": ("start_date", {"end_date": []}),
    "allocations": ("start_date", {"end_date": ["reason"]}),
    "visits": ("visit_date", {}),
    "supervisions": ("supervision_date", {}),
    "cin_reviews": ("review_date", {}),
    "core_groups": ("meeting_date", {}),
    "health_assessments": ("assessment_date", {}),
    "peps": ("pep_date", {}),
    "pathway_plans": ("plan_date", {"end_date": []}),
    "iro_allocations": ("start_date", {"end_date": []}),
}


def year_bounds(collection_year: int) -> tuple[dt.date, dt.date]:
    """The reporting year of a collection: 1 April of the year before to 31 March of `collection_year`."""
    return dt.date(collection_year - 1, 4, 1), dt.date(collection_year, 3, 31)


def as_at(table: str, frame: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    if table == "children":  # not born yet: no date of birth, and no sex recorded
        unborn = pl.col("dob") > day
        return frame.with_columns(
            pl.when(unborn).then(pl.lit("U")).otherwise(pl.col("sex")).alias("sex"),
            pl.when(unborn).then(None).otherwise(pl.col("dob")).alias("dob"),
            pl.when(pl.col("death_date") > day).then(None).otherwise(pl.col("death_date")).alias("death_date"),
        )
    if table not in TIMING:
        return frame
    began, later = TIMING[table]
    frame = frame.filter(pl.col(began) <= day)
    after = {column: pl.col(column) > day for column in later}
    return frame.with_columns(
        [pl.when(after[column]).then(None).otherwise(pl.col(column)).alias(column) for column in later]
        + [
            pl.when(after[column]).then(None).otherwise(pl.col(dependent)).alias(dependent)
            for column, dependents in later.items()
            for dependent in dependents
        ]
    )


def open_during(frame: pl.DataFrame, start: str, end: str, first: dt.date, last: dt.date) -> pl.DataFrame:
    """Rows whose span from `start` to `end` (null: still open) overlaps first..last."""
    return frame.filter((pl.col(start) <= last) & (pl.col(end).is_null() | (pl.col(end) >= first)))


def of_children(frame: pl.DataFrame, children: pl.Series | pl.DataFrame) -> pl.DataFrame:
    ids = children if isinstance(children, pl.DataFrame) else children.to_frame("child_id")
    return frame.join(ids.select("child_id").unique(), on="child_id", how="semi")
