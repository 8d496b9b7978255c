"""The engine over a generated authority: the statuses hold together and every rule with data finds deadlines."""

from __future__ import annotations

import datetime as dt

import polars as pl

from assure.alerts.engine import compute_deadlines, load_rules
from assure.casedata.generator import generate_authority
from assure.casedata.generator.staff import synthetic_workers
from assure.core.workdays import add_working_days

AS_AT = dt.date(2026, 10, 30)


def test_deadlines_of_a_generated_authority_hold_together() -> None:
    rules = load_rules()
    tables = generate_authority(
        7,
        start=dt.date(2024, 10, 30),
        end=AS_AT,
        children_in_need_per_year=400,
        workers=synthetic_workers("gen.example", 400),
    )
    found = compute_deadlines(tables, rules, AS_AT)
    soon = add_working_days(AS_AT, rules.due_soon_working_days)
    status, met, due = pl.col("status"), pl.col("met_date"), pl.col("due_date")
    checks = {
        "met on time": (status == "met_on_time") == (met.is_not_null() & (met <= due)),
        "met late": (status == "met_late") == (met > due).fill_null(False),
        "overdue": (status == "overdue") == (met.is_null() & (due < AS_AT)),
        "due soon": (status == "due_soon") == (met.is_null() & due.is_between(AS_AT, soon)),
        "met by the as-at date": met.is_null() | (met <= AS_AT),
        "started by the as-at date": pl.col("trigger_date") <= AS_AT,
    }
    for name, rule in checks.items():
        assert found.filter(~rule).is_empty(), name
    assert set(found["rule_id"].unique()) == {r.id for r in rules.rules if r.has_data}
    workers = set(tables["allocations"]["worker_id"].unique())
    assert set(found["worker_id"].drop_nulls().unique()) <= workers
    assert found["worker_id"].is_not_null().mean() > 0.9  # open cases are nearly all allocated
