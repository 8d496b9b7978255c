"""Snapshots take their place by the date they describe, whatever order they were imported in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core.management import call_command
from django.urls import reverse

from assure.casedata.models import Snapshot
from assure.casedata.schema import conform
from assure.casedata.selectors import (
    snapshot_compare,
    snapshot_history_note,
    snapshot_latest,
    snapshot_previous,
    snapshot_tables,
)
from assure.casedata.services import returns_import, snapshot_store
from assure.casedata.tests.test_import import GOOD_EPISODES, GOOD_HEADER, small_903

pytestmark = pytest.mark.django_db
MARCH, OCTOBER, NOVEMBER = dt.date(2025, 3, 31), dt.date(2025, 10, 31), dt.date(2025, 11, 30)


def children(*ids: str) -> pl.DataFrame:
    return conform("children", pl.DataFrame({"child_id": list(ids), "sex": ["F"] * len(ids)}))


def episodes(*ids: str) -> pl.DataFrame:
    frame = pl.DataFrame({"child_id": list(ids), "start_date": [dt.date(2025, 1, 6)] * len(ids), "legal_status": "C2"})
    return conform("cla_episodes", frame)


def store(as_at: dt.date, name: str, **tables: pl.DataFrame) -> Snapshot:
    snapshot, created = snapshot_store(
        tables=tables, as_at=as_at, sources=[{"name": name, "sha256": name * 8, "format": "test"}]
    )
    assert created
    return snapshot


def test_an_older_month_imported_late_is_history_not_the_latest_picture() -> None:
    october = store(OCTOBER, "oct", children=children("1", "2", "3"), cla_episodes=episodes("2", "3"))
    march = store(MARCH, "mar", children=children("1"))  # imported second, describes an earlier date

    assert snapshot_latest() == october
    assert snapshot_previous(october) == march and snapshot_previous(march) is None
    assert list(Snapshot.objects.all()) == [october, march]  # newest picture first
    # Read from March to October: two children came, none went (not "two removed").
    comparison = snapshot_compare(march, october)
    assert (comparison.added, comparison.removed, comparison.changed) == (["2", "3"], [], [])
    # The March import did not bring episodes, and nothing earlier had any: March has none, and
    # October still reads back exactly as it was imported.
    assert snapshot_tables(march)["cla_episodes"].height == 0
    assert sorted(snapshot_tables(october)["children"]["child_id"]) == ["1", "2", "3"]
    assert sorted(snapshot_tables(october)["cla_episodes"]["child_id"]) == ["2", "3"]
    assert "earlier than the latest snapshot (1, as at 31/10/2025)" in snapshot_history_note(march)
    assert snapshot_history_note(october) == ""


def test_the_next_month_carries_over_from_the_month_before_it_not_from_the_last_import() -> None:
    october = store(OCTOBER, "oct", children=children("1", "2", "3"), cla_episodes=episodes("2", "3"))
    store(MARCH, "mar", children=children("1"))
    november = store(NOVEMBER, "nov", children=children("1", "2", "3", "4"))

    assert snapshot_latest() == november and snapshot_previous(november) == october
    assert sorted(snapshot_tables(november)["cla_episodes"]["child_id"]) == ["2", "3"]  # October's, carried
    comparison = snapshot_compare(october, november)
    # Episodes stored again with the same values are not a change.
    assert (comparison.added, comparison.removed, comparison.changed) == (["4"], [], [])
    assert comparison.tables == {"children": 1}


def test_a_second_import_for_the_same_date_is_the_newer_picture() -> None:
    first = store(OCTOBER, "oct", children=children("1"))
    correction = store(OCTOBER, "oct-fixed", children=children("1", "2"))
    assert snapshot_latest() == correction and snapshot_previous(correction) == first


def test_the_command_and_the_pages_say_an_older_import_is_history(
    client: Any, personas: Any, tmp_path: Path, capsys: Any
) -> None:
    newer, _ = returns_import(files=small_903(GOOD_HEADER, GOOD_EPISODES), as_at=OCTOBER)
    for file in small_903(GOOD_HEADER.splitlines(keepends=True)[0], GOOD_EPISODES):  # A1 only
        (tmp_path / file.name).write_bytes(file.content)
    call_command(
        "import_returns", "--as-at", "2025-03-31", str(tmp_path / "header.csv"), str(tmp_path / "episodes.csv")
    )
    output = capsys.readouterr()
    older = Snapshot.objects.get(pk=int(output.out))
    assert "It is kept in the history by its date" in output.err

    client.force_login(personas.performance_qa)
    listing = client.get(reverse("casedata:snapshot-list")).content.decode()
    assert listing.index("Snapshot 1</a>") < listing.index("Snapshot 2</a>")  # October above March
    page = client.get(reverse("casedata:snapshot-detail", args=[older.pk])).content.decode()
    assert "It is kept in the history by its date" in page and "No snapshot is dated before this one" in page
    page = client.get(reverse("casedata:snapshot-detail", args=[newer.pk])).content.decode()
    assert "kept in the history" not in page
    assert "1 child added, 0 removed" in page  # A2 is in October's header, not March's
