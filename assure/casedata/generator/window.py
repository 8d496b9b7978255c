"""From simulated rows to the extract a case management system would give on the end date.

Nothing after the end date exists yet: records that start after it are dropped, and dates after it
(with what depends on them, such as the reason an episode ended) become null, so those records are
open. Children are kept when something about them happens on or after the start date; their
earlier history comes with them.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from assure.casedata.exporters.period import as_at
from assure.casedata.generator.model import Book
from assure.casedata.schema import SCHEMA, conform

# Where a child's activity shows: (table, the date that must be on or after the start, or null).
ACTIVITY = (
    ("contacts", "contact_date"),
    ("cin_episodes", "closure_date"),
    ("cla_episodes", "end_date"),
    ("care_leavers", "year_ending"),
    ("allocations", "end_date"),
)


def frames(book: Book, start: dt.date, end: dt.date) -> dict[str, pl.DataFrame]:
    tables = {
        table: as_at(table, conform(table, pl.DataFrame(rows, schema=dict(SCHEMA[table]), orient="row")), end)
        for table, rows in book.rows.items()
    }
    tables["cin_episodes"] = _with_initial_cpc(tables["cin_episodes"], tables["section47"])
    active = pl.concat(
        [
            tables[table].filter(pl.col(column).is_null() | (pl.col(column) >= start)).select("child_id")
            for table, column in ACTIVITY
        ]
    ).unique()
    return {
        table: frame.join(active, on="child_id", how="semi").sort("child_id", maintain_order=True)
        for table, frame in tables.items()
    }


def _with_initial_cpc(episodes: pl.DataFrame, section47: pl.DataFrame) -> pl.DataFrame:
    """Each episode's DateOfInitialCPC: the first initial conference held in it."""
    first = section47.group_by("episode_id").agg(pl.col("icpc_date").min().alias("_first"))
    joined = episodes.join(first, on="episode_id", how="left", maintain_order="left")
    return joined.with_columns(initial_cpc_date=pl.col("_first")).drop("_first")
