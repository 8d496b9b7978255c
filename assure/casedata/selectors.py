"""Reads of case data: a snapshot as whole canonical tables, and what changed between two."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl
from django.db.models import Q

from assure.casedata.models import CaseRecord, ColumnMapping, Snapshot
from assure.casedata.parsers.generic_spec import LAYOUTS, closest, normalise, suggest_mapping
from assure.casedata.record import Holder, RecordVersion, case_holder, rows_in, seqs_with_child
from assure.casedata.schema import SCHEMA, from_records
from assure.organisation.models import Staff, Team
from assure.organisation.selectors import staff_with_email, team_named

# Snapshots are read in the order of the dates they describe, not the order they were imported: an
# older month imported late (back-filling history) takes its place in the history and never becomes
# the latest picture. Two imports for the same date: the later import is the newer picture.
NEWEST_FIRST = ("-as_at", "-seq")


def newest_snapshot_first(via: str) -> tuple[str, ...]:
    """`NEWEST_FIRST` for a model that points at its snapshot through `via` (e.g. "snapshot")."""
    return tuple(f"-{via}__{field.lstrip('-')}" for field in NEWEST_FIRST)


def snapshot_latest() -> Snapshot | None:
    """The newest picture: the snapshot with the latest as-at date (the last import of that date)."""
    return Snapshot.objects.defer("findings").order_by(*NEWEST_FIRST).first()


def snapshot_previous(snapshot: Snapshot) -> Snapshot | None:
    """The snapshot just before this one by as-at date, whenever it was imported."""
    earlier = Q(as_at__lt=snapshot.as_at) | Q(as_at=snapshot.as_at, seq__lt=snapshot.seq)
    return Snapshot.objects.filter(earlier).order_by(*NEWEST_FIRST).first()


def snapshot_history_note(snapshot: Snapshot) -> str:
    """Empty for the newest picture; otherwise says the snapshot is history, not the latest picture."""
    latest = snapshot_latest()
    if latest is None or latest.pk == snapshot.pk:
        return ""
    return (
        f"As at {snapshot.as_at:%d/%m/%Y}, this is earlier than the latest snapshot ({latest.seq}, as at "
        f"{latest.as_at:%d/%m/%Y}). It is kept in the history by its date; the latest snapshot is still "
        "the current picture."
    )


def snapshot_tables(
    snapshot: Snapshot, tables: list[str] | None = None, *, child_id: str | None = None
) -> dict[str, pl.DataFrame]:
    """Every record valid in the snapshot (only one child's, given `child_id`), as canonical tables
    (whole, though stored as changes)."""
    wanted = tables or list(SCHEMA)
    rows: dict[str, list[dict[str, object]]] = defaultdict(list)
    records = CaseRecord.objects.in_snapshot(snapshot.seq).filter(table__in=wanted).order_by("id")
    if child_id is not None:
        records = records.filter(child_id=child_id)
    for table, data in records.values_list("table", "data").iterator(chunk_size=5000):
        rows[table].append(data)
    return {table: from_records(table, rows.get(table, [])) for table in wanted}


def child_iro(child_id: str, on: dt.date, snapshot: Snapshot | None = None) -> Staff | None:
    """The child's independent reviewing officer on `on`, as the member of staff with that e-mail address.

    Read from the latest snapshot's `iro_allocations` (or `snapshot`'s): the allocation covering the day
    (start on or before it, end empty or on or after it), the one that started last where two overlap.
    None when no IRO is recorded for the day, or the IRO recorded is not on the staff list.
    """
    snapshot = snapshot or snapshot_latest()
    if snapshot is None or not child_id:
        return None
    records = CaseRecord.objects.in_snapshot(snapshot.seq).filter(table="iro_allocations", child_id=child_id)
    covering = [
        data
        for data in records.values_list("data", flat=True)
        if data["start_date"] <= on.isoformat() and (data["end_date"] is None or data["end_date"] >= on.isoformat())
    ]
    if not covering:
        return None
    latest = max(covering, key=lambda data: (data["start_date"], data["iro_id"]))
    return staff_with_email(str(latest["iro_id"]))


@dataclass
class SnapshotComparison:
    added: list[str] = field(default_factory=list)  # child ids new in the later snapshot
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)  # records that differ, per table


Version = tuple[str, str, str, str]  # table, key, hash, child id


def _versions_only_in(seq: int, other: int) -> set[Version]:
    """Record versions valid in snapshot `seq` whose stored row is not valid in snapshot `other`.

    A stored row is valid over an unbroken range of sequence numbers, so a row valid in `seq` and
    not in `other` began after `other` (when `seq` is later) or ended before it (when earlier).
    """
    if seq == other:
        return set()
    records = CaseRecord.objects.in_snapshot(seq)
    records = records.filter(first_seq__gt=other) if seq > other else records.filter(last_seq__lt=other)
    return set(records.values_list("table", "key", "hash", "child_id").iterator(chunk_size=5000))


def snapshot_compare(earlier: Snapshot, later: Snapshot) -> SnapshotComparison:
    """Children added, removed and changed from the `earlier` picture to the `later` one.

    Works whichever was imported first: the same values stored twice (an older month imported late
    re-stores what the newer one had changed) are recognised by their hash and are not a change.
    """
    gained = _versions_only_in(later.seq, earlier.seq)
    lost = _versions_only_in(earlier.seq, later.seq)
    same = gained & lost
    gained -= same
    lost -= same
    result = SnapshotComparison()
    children_gained = {key for table, key, _, _ in gained if table == "children"}
    children_lost = {key for table, key, _, _ in lost if table == "children"}
    result.added = sorted(children_gained - children_lost)
    result.removed = sorted(children_lost - children_gained)
    touched: set[str] = set()
    for table, _, _, child_id in [*gained, *lost]:
        touched.add(child_id)
        result.tables[table] = result.tables.get(table, 0) + 1
    result.changed = sorted(touched - set(result.added) - set(result.removed))
    return result


def column_mappings_fitting(headers: list[str]) -> list[ColumnMapping]:
    """Saved mappings whose every header is in this file (case and punctuation aside)."""
    have = {normalise(header) for header in headers}
    return [m for m in ColumnMapping.objects.all() if {normalise(h) for h in m.columns.values()} <= have]


def columns_proposed(headers: list[str], table: str, saved: ColumnMapping | None = None) -> dict[str, str | None]:
    """For each column of the layout, the file's header to propose: as saved, or as guessed."""
    if saved is None:
        return suggest_mapping(headers, table)
    by_name = {normalise(header): header for header in headers}
    saved_columns: dict[str, str] = saved.columns
    return {
        ours: by_name.get(normalise(saved_columns[ours])) if saved_columns.get(ours) else None
        for ours in LAYOUTS[table].names
    }


def layout_guessed(headers: list[str]) -> str:
    return closest(headers)


@dataclass
class ChildHistory:
    """Every stored version of one child's records, the snapshots that hold the child (newest picture
    first), and who held the case in the newest of them: what access to the child's record follows."""

    child_id: str
    versions: list[RecordVersion]
    snapshots: list[Snapshot]
    holder: Holder | None
    team: Team | None  # the holder's team and worker, where they match the organisation
    worker: Staff | None
    newest: Snapshot  # the newest snapshot of all, whether or not it has the child

    @property
    def latest(self) -> Snapshot:
        return self.snapshots[0]


def child_history(child_id: str) -> ChildHistory | None:
    """One child across every snapshot, read in one query (None if no snapshot has the child)."""
    rows = CaseRecord.objects.filter(child_id=child_id).values_list("table", "data", "first_seq", "last_seq")
    versions = [RecordVersion(*row) for row in rows]
    if not versions:
        return None
    every = list(Snapshot.objects.only("pk", "seq", "as_at").order_by(*NEWEST_FIRST))
    holding = set(seqs_with_child(versions, [s.seq for s in every]))
    snapshots = [s for s in every if s.seq in holding]
    if not snapshots:
        return None
    latest = snapshots[0]
    holder = case_holder(rows_in(versions, latest.seq).get("allocations", []), latest.as_at)
    team = team_named(holder.team) if holder else None
    worker = staff_with_email(holder.worker_id) if holder else None
    return ChildHistory(child_id, versions, snapshots, holder, team, worker, every[0])
