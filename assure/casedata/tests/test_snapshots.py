"""Snapshots store only what changed, yet each reads back whole; the same files are not stored twice."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from assure.casedata.models import CaseRecord, Snapshot
from assure.casedata.schema import conform
from assure.casedata.selectors import snapshot_compare, snapshot_tables
from assure.casedata.services import snapshot_store

pytestmark = pytest.mark.django_db
MARCH, APRIL, MAY = dt.date(2025, 3, 31), dt.date(2025, 4, 30), dt.date(2025, 5, 31)


def children(*rows: tuple[str, str]) -> pl.DataFrame:
    return conform("children", pl.DataFrame(rows, schema=["child_id", "sex"], orient="row"))


def episodes(*rows: tuple[str, dt.date, dt.date | None]) -> pl.DataFrame:
    return conform("cla_episodes", pl.DataFrame(rows, schema=["child_id", "start_date", "end_date"], orient="row"))


def source(name: str) -> list[dict[str, str]]:
    return [{"name": name, "sha256": name * 4, "format": "test"}]


def test_a_snapshot_reads_back_whole_and_unchanged_records_are_not_copied() -> None:
    first, created = snapshot_store(
        tables={"children": children(("1", "M"), ("2", "F")), "cla_episodes": episodes(("1", MARCH, None))},
        as_at=MARCH,
        sources=source("a"),
    )
    assert created and CaseRecord.objects.count() == 3
    second, _ = snapshot_store(
        tables={
            "children": children(("1", "M"), ("2", "M"), ("3", "F")),  # 2 changed, 3 new
            "cla_episodes": episodes(("1", MARCH, APRIL)),  # the episode ended
        },
        as_at=APRIL,
        sources=source("b"),
    )
    # Child 1 did not change: still one stored version.
    assert CaseRecord.objects.filter(table="children", key="1").count() == 1
    assert CaseRecord.objects.count() == 3 + 3  # child 2 (new version), child 3, the episode's new version
    assert second.summary["children"] == {"added": 1, "changed": 1, "removed": 0, "unchanged": 1}

    old = snapshot_tables(first)
    assert sorted(old["children"].rows()) == sorted(children(("1", "M"), ("2", "F")).rows())
    assert old["cla_episodes"]["end_date"].to_list() == [None]
    new = snapshot_tables(second)
    assert dict(new["children"].select("child_id", "sex").rows()) == {"1": "M", "2": "M", "3": "F"}
    assert new["cla_episodes"]["end_date"].to_list() == [APRIL]


def test_tables_missing_from_an_import_carry_over() -> None:
    snapshot_store(
        tables={"children": children(("1", "M")), "cla_episodes": episodes(("1", MARCH, None))},
        as_at=MARCH,
        sources=source("a"),
    )
    later, _ = snapshot_store(tables={"children": children(("1", "M"))}, as_at=APRIL, sources=source("b"))
    assert snapshot_tables(later)["cla_episodes"].height == 1
    assert later.tables == ["children"]


def test_the_same_files_again_are_recognised() -> None:
    tables = {"children": children(("1", "M"))}
    first, _ = snapshot_store(tables=tables, as_at=MARCH, sources=source("a"))
    again, created = snapshot_store(tables=tables, as_at=MARCH, sources=source("a"))
    assert again == first and not created
    assert Snapshot.objects.count() == 1 and CaseRecord.objects.count() == 1


def test_comparing_snapshots_names_children_added_removed_and_changed() -> None:
    march, _ = snapshot_store(
        tables={"children": children(("1", "M"), ("2", "F"), ("4", "U")), "cla_episodes": episodes(("4", MARCH, None))},
        as_at=MARCH,
        sources=source("a"),
    )
    snapshot_store(
        tables={"children": children(("1", "M"), ("2", "F"), ("4", "U"), ("5", "M"))}, as_at=APRIL, sources=source("b")
    )
    may, _ = snapshot_store(
        tables={
            "children": children(("2", "M"), ("3", "F"), ("4", "U"), ("5", "M")),
            "cla_episodes": episodes(("4", MARCH, MAY)),
        },
        as_at=MAY,
        sources=source("c"),
    )
    comparison = snapshot_compare(march, may)
    assert comparison.added == ["3", "5"]
    assert comparison.removed == ["1"]
    assert comparison.changed == ["2", "4"]


def test_an_import_that_fails_part_way_leaves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from assure.casedata import services

    calls = {"n": 0}
    real = services._store_table

    def fail_on_second(table: str, frame: pl.DataFrame, seq: int) -> dict[str, int]:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(table, frame, seq)

    monkeypatch.setattr(services, "_store_table", fail_on_second)
    with pytest.raises(RuntimeError):
        snapshot_store(
            tables={"children": children(("1", "M")), "cla_episodes": episodes(("1", MARCH, None))},
            as_at=MARCH,
            sources=source("a"),
        )
    assert Snapshot.objects.count() == 0 and CaseRecord.objects.count() == 0
