"""Reads of case data: a snapshot as whole canonical tables, and what changed between two."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl
from django.db.models import Q

from assure.casedata.models import CaseRecord, Snapshot
from assure.casedata.schema import SCHEMA, from_records


def snapshot_latest() -> Snapshot | None:
    return Snapshot.objects.order_by("-seq").first()


def snapshot_tables(snapshot: Snapshot, tables: list[str] | None = None) -> dict[str, pl.DataFrame]:
    """Every record valid in the snapshot, as canonical tables (whole, though stored as changes)."""
    wanted = tables or list(SCHEMA)
    rows: dict[str, list[dict[str, object]]] = defaultdict(list)
    records = CaseRecord.objects.in_snapshot(snapshot.seq).filter(table__in=wanted).order_by("id")
    for table, data in records.values_list("table", "data").iterator(chunk_size=5000):
        rows[table].append(data)
    return {table: from_records(table, rows.get(table, [])) for table in wanted}


@dataclass
class SnapshotComparison:
    added: list[str] = field(default_factory=list)  # child ids new in the later snapshot
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)  # records that differ, per table


def snapshot_compare(earlier: Snapshot, later: Snapshot) -> SnapshotComparison:
    """Children added, removed and changed between two snapshots (`earlier` imported first)."""
    a, b = sorted([earlier.seq, later.seq])
    gained = CaseRecord.objects.in_snapshot(b).filter(first_seq__gt=a)
    lost = CaseRecord.objects.in_snapshot(a).filter(Q(last_seq__lt=b))
    result = SnapshotComparison()
    children_gained = set(gained.filter(table="children").values_list("key", flat=True))
    children_lost = set(lost.filter(table="children").values_list("key", flat=True))
    result.added = sorted(children_gained - children_lost)
    result.removed = sorted(children_lost - children_gained)
    touched: set[str] = set()
    for table, child_id in gained.values_list("table", "child_id").union(
        lost.values_list("table", "child_id"), all=True
    ):
        touched.add(child_id)
        result.tables[table] = result.tables.get(table, 0) + 1
    result.changed = sorted(touched - set(result.added) - set(result.removed))
    return result


def snapshot_previous(snapshot: Snapshot) -> Snapshot | None:
    return Snapshot.objects.filter(seq__lt=snapshot.seq).order_by("-seq").first()
