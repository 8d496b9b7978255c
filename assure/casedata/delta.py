"""What changed between two pictures of one table: framework-free and vectorised.

Each record is identified by its natural key (schema.KEYS) and fingerprinted by a hash of all its
values. Comparing the stored (key, hash) pairs with an incoming table gives the records to add
(new keys, and new versions of changed ones) and the stored versions to close (removed or changed).
Unchanged records are neither read nor written, which is what keeps monthly imports small.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from assure.casedata.schema import KEYS, SCHEMA

KEY_SEPARATOR = "\x1f"


def with_key_and_hash(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Add `_key` (the natural key as text) and `_hash` (a fingerprint of every value)."""
    key_columns = KEYS[table]
    as_text = [pl.col(c).cast(pl.String).fill_null("") for c in key_columns]
    values = [
        (pl.col(c).list.join(",") if isinstance(dtype, pl.List) else pl.col(c).cast(pl.String)).fill_null("\x00")
        for c, dtype in SCHEMA[table].items()
    ]
    return frame.with_columns(
        pl.concat_str(as_text, separator=KEY_SEPARATOR).alias("_key"),
        pl.concat_str(values, separator=KEY_SEPARATOR).hash(seed=903).cast(pl.String).alias("_hash"),
    )


@dataclass(frozen=True)
class TableDelta:
    add: pl.DataFrame  # incoming rows to store (with _key and _hash)
    close_keys: list[str]  # keys whose stored version ends here (removed or changed)
    added: int  # new keys
    changed: int
    removed: int
    unchanged: int


def table_delta(table: str, stored: pl.DataFrame, incoming: pl.DataFrame) -> TableDelta:
    """Compare `stored` (columns _key, _hash) with an incoming canonical table."""
    incoming = with_key_and_hash(table, incoming).unique(subset="_key", keep="last", maintain_order=True)
    stored = stored.select("_key", pl.col("_hash").alias("_stored_hash"))
    joined = incoming.join(stored, on="_key", how="left")
    new = joined.filter(pl.col("_stored_hash").is_null())
    changed = joined.filter(pl.col("_stored_hash").is_not_null() & (pl.col("_hash") != pl.col("_stored_hash")))
    removed = stored.join(incoming.select("_key"), on="_key", how="anti")
    return TableDelta(
        add=pl.concat([new, changed]).drop("_stored_hash"),
        close_keys=changed["_key"].to_list() + removed["_key"].to_list(),
        added=new.height,
        changed=changed.height,
        removed=removed.height,
        unchanged=incoming.height - new.height - changed.height,
    )
