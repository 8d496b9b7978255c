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


def contacts(*ids: str) -> pl.DataFrame:
    frame = pl.DataFrame({"child_id": list(ids), "contact_id": [f"{i}/c" for i in ids]})
    return conform("contacts", frame.with_columns(contact_date=pl.lit(dt.date(2025, 9, 1))))


def test_carried_over_records_of_children_no_longer_imported_are_dropped_and_reported() -> None:
    october = store(OCTOBER, "oct", children=children("1", "2", "3"), contacts=contacts("1", "2", "3", "3"))
    november = store(NOVEMBER, "nov", children=children("1", "4"))

    assert sorted(snapshot_tables(november)["contacts"]["child_id"]) == ["1"]
    assert sorted(snapshot_tables(october)["contacts"]["child_id"]) == ["1", "2", "3"]  # history is kept
    [finding] = november.findings
    assert (finding["code"], finding["severity"], finding["field"], finding["value"]) == (
        "carried-over-dropped",
        "warning",
        "contacts",
        "2",
    )
    assert "2 contacts records of 2 children not in this import's children were dropped" in finding["message"]
    assert snapshot_compare(october, november).removed == ["2", "3"]
    # An import that does not bring children (a generic-layout file, say) drops nothing.
    december = store(dt.date(2025, 12, 31), "dec", contacts=contacts("1", "4"))
    assert december.findings == [] and sorted(snapshot_tables(december)["contacts"]["child_id"]) == ["1", "4"]


def test_an_older_month_imported_late_keeps_only_its_own_childrens_carried_records() -> None:
    store(MARCH, "mar", children=children("1", "2"), contacts=contacts("1", "2"))
    store(NOVEMBER, "nov", children=children("1", "2", "3"), contacts=contacts("1", "2", "3"))
    october = store(OCTOBER, "oct", children=children("2", "3"))  # contacts carry over from March

    assert sorted(snapshot_tables(october)["contacts"]["child_id"]) == ["2"]
    assert [f["value"] for f in october.findings] == ["1"]
    assert sorted(snapshot_tables(snapshot_latest())["contacts"]["child_id"]) == ["1", "2", "3"]  # untouched


def test_annex_a_list_1_has_no_rows_without_a_child_after_a_new_picture_replaces_the_children() -> None:
    from assure.casedata.exporters.annex_a_lists import annex_lists
    from assure.casedata.generator import generate_authority, synthetic_workers
    from assure.casedata.importing import ReturnFile
    from assure.casedata.tests.test_import import DATA

    generated = generate_authority(
        5, start=dt.date(2022, 4, 1), end=MARCH, children_in_need_per_year=150, workers=synthetic_workers("x.org", 40)
    )
    demo = store(MARCH, "demo", **generated)
    before = annex_lists(snapshot_tables(demo), MARCH)[1]
    assert before.height > 0 and before["sex"].null_count() == 0

    samples = [ReturnFile(p.name, p.read_bytes()) for p in sorted((DATA / "ssda903").glob("*.csv"))]
    samples += [ReturnFile(p.name, p.read_bytes()) for p in sorted((DATA / "cin").glob("*.xml"))]
    replaced, _ = returns_import(files=samples, as_at=MARCH)
    after = annex_lists(snapshot_tables(replaced), MARCH)[1]
    assert after.filter(pl.col("sex").is_null() | pl.col("dob").is_null()).height == 0
    dropped = {f["field"]: int(f["value"]) for f in replaced.findings if f["code"] == "carried-over-dropped"}
    assert dropped["contacts"] == generated["contacts"].height - snapshot_tables(replaced)["contacts"].height


def test_the_import_job_says_what_was_dropped(client: Any, personas: Any) -> None:
    from assure.casedata.tests.test_import import upload

    store(dt.date(2025, 2, 28), "feb", children=children("A1", "Z9"), contacts=contacts("A1", "Z9"))
    client.force_login(personas.performance_qa)
    job = upload(client, *((f.name, f.content) for f in small_903(GOOD_HEADER, GOOD_EPISODES)))
    assert "1 carried-over record of children not in these files was dropped" in job.result["summary"]
    page = client.get(reverse("core:job-detail", args=[job.pk])).content.decode()
    assert "was dropped: see the data-quality findings" in page
