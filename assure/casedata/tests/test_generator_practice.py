"""The generator's practice records: deterministic, apart from the other tables, mostly on time."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from assure.casedata.generator import generate_authority, iros_from_demo, managers_from_demo, workers_from_demo
from assure.casedata.generator.workdays import working_days_between
from assure.organisation.demo import generate as demo_authority

START, END = dt.date(2022, 4, 1), dt.date(2025, 3, 31)
PRACTICE = ("supervisions", "cin_reviews", "core_groups", "health_assessments", "peps", "pathway_plans",
            "iro_allocations")  # fmt: skip


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    demo = demo_authority()
    return generate_authority(
        7, start=START, end=END, children_in_need_per_year=800, workers=workers_from_demo(demo),
        managers=managers_from_demo(demo), iros=iros_from_demo(demo),
    )  # fmt: skip


def test_practice_records_are_deterministic_and_leave_the_other_tables_alone(tables: dict[str, pl.DataFrame]) -> None:
    demo = demo_authority()
    plain = generate_authority(7, start=START, end=END, children_in_need_per_year=800, workers=workers_from_demo(demo))
    for name, frame in tables.items():
        if name not in {"supervisions", "iro_allocations"}:
            assert frame.equals(plain[name]), name  # the same seed, with or without the staff lists
    assert plain["iro_allocations"].is_empty() and plain["supervisions"]["supervisor_id"].null_count() > 0
    assert all(tables[name].height > 0 for name in PRACTICE)


def test_most_records_are_on_time_and_some_are_late_or_missing(tables: dict[str, pl.DataFrame]) -> None:
    plans = tables["cp_plans"].filter(pl.col("start_date") >= START + dt.timedelta(days=90))
    first = tables["core_groups"].group_by("plan_id").agg(pl.col("meeting_date").min())
    joined = plans.join(first, on="plan_id", how="left")
    on_time = [
        meeting is not None and working_days_between(start, meeting) <= 10
        for start, meeting in joined.select("start_date", "meeting_date").iter_rows()
    ]
    share = sum(on_time) / len(on_time)
    assert 0.75 < share < 0.97, share
    missing = joined["meeting_date"].null_count() - joined.filter(pl.col("end_date") <= pl.col("start_date")).height
    assert missing > 0


def test_oversight_is_signed_by_the_team_manager_and_iros_are_reviewing_officers(
    tables: dict[str, pl.DataFrame],
) -> None:
    demo = demo_authority()
    assert set(tables["supervisions"]["supervisor_id"].drop_nulls()) <= set(managers_from_demo(demo).values())
    assert set(tables["iro_allocations"]["iro_id"]) <= set(iros_from_demo(demo))
    in_care = tables["cla_episodes"].filter(pl.col("end_date").is_null() & ~pl.col("legal_status").is_in(["V3", "V4"]))
    with_iro = in_care.join(tables["iro_allocations"], on="child_id", how="semi")
    assert with_iro.height == in_care.height
