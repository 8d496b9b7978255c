"""Time of the deadline engine at authority and regional scale, against a row-by-row baseline.

    .venv/bin/python benchmarks/bench_deadlines.py

The engine works out every rule in `assure/alerts/timescales.yaml` over generated canonical tables.
The baseline is the way one would write two of the rules (ICPC within 15 working days; looked-after
reviews per period of care) with a loop over children in plain Python; both are timed on the same
tables in the same run, their results checked equal, and the speed-up printed. Times are the best of
three. No goal is asserted: the figures are for the issue note.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assure.alerts.engine import RuleSet, compute_deadlines, load_rules
from assure.casedata.generator.many import generate_many
from assure.core.workdays import add_working_days

AS_AT = dt.date(2026, 10, 31)
START = dt.date(2023, 11, 1)
RUNS = 3
KEY = ["rule_id", "child_id", "ref", "due_date", "met_date", "status"]


def best(func: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return min(times), result


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def status(due: dt.date, met: dt.date | None, soon: dt.date) -> str:
    if met is not None:
        return "met_on_time" if met <= due else "met_late"
    return "overdue" if due < AS_AT else "due_soon" if due <= soon else "due_later"


def keep(row: tuple[Any, ...], rules: RuleSet) -> bool:
    met, due = row[4], row[3]
    if met is not None:
        return met >= AS_AT - dt.timedelta(days=rules.recent_days)
    return due >= AS_AT - dt.timedelta(days=rules.stale_after_days)


def baseline(tables: dict[str, pl.DataFrame], rules: RuleSet) -> set[tuple[Any, ...]]:
    """ICPC and looked-after reviews, a child at a time, as a straightforward script would."""
    soon = add_working_days(AS_AT, rules.due_soon_working_days)
    out: set[tuple[Any, ...]] = set()
    for s in tables["section47"].iter_rows(named=True):
        if s["icpc_not_required"] or s["strategy_date"] is None or s["strategy_date"] > AS_AT:
            continue
        due = add_working_days(s["strategy_date"], 15)
        met = s["icpc_date"] if s["icpc_date"] and s["icpc_date"] <= AS_AT else None
        out.add(("icpc_15wd", s["child_id"], s["s47_id"], due, met, status(due, met, soon)))
    episodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in tables["cla_episodes"].iter_rows(named=True):
        if e["legal_status"] not in ("V3", "V4") and e["start_date"] <= AS_AT:
            episodes[e["child_id"]].append(e)
    reviews: dict[str, list[dt.date]] = defaultdict(list)
    for r in tables["cla_reviews"].iter_rows(named=True):
        if r["review_date"] is not None and r["review_date"] <= AS_AT:
            reviews[r["child_id"]].append(r["review_date"])
    for child, rows in episodes.items():
        for start, end in _periods(sorted(rows, key=lambda e: e["start_date"])):
            held = sorted({d for d in reviews[child] if d >= start and (end is None or d <= end)})
            last, n = start, 0
            for day in held:
                due = _review_due(last, n)
                out.add(("cla_review", child, start.isoformat(), due, day, status(due, day, soon)))
                last, n = day, n + 1
            if end is None or end > AS_AT:
                due = _review_due(last, n)
                out.add(("cla_review", child, start.isoformat(), due, None, status(due, None, soon)))
    return {row for row in out if keep(row, rules)}


def _review_due(last: dt.date, n: int) -> dt.date:
    return add_working_days(last, 20) if n == 0 else add_months(last, 3 if n == 1 else 6)


def _periods(rows: list[dict[str, Any]]) -> list[tuple[dt.date, dt.date | None]]:
    periods: list[list[Any]] = []
    previous_end: dt.date | None = None
    for e in rows:
        if not periods or previous_end is None or previous_end != e["start_date"] or e["reason_new"] == "S":
            periods.append([e["start_date"], e["end_date"]])
        else:
            periods[-1][1] = e["end_date"]
        previous_end = e["end_date"]
    return [(p[0], p[1]) for p in periods]


def combined(authorities: dict[str, dict[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    names = next(iter(authorities.values())).keys()
    return {name: pl.concat([tables[name] for tables in authorities.values()]) for name in names}


def run(label: str, tables: dict[str, pl.DataFrame], rules: RuleSet) -> None:
    two = dataclasses.replace(rules, rules=tuple(r for r in rules.rules if r.id in {"icpc_15wd", "cla_review"}))
    children = tables["children"].height
    all_seconds, everything = best(lambda: compute_deadlines(tables, rules, AS_AT))
    engine_seconds, engine = best(lambda: compute_deadlines(tables, two, AS_AT))
    base_seconds, expected = best(lambda: baseline(tables, rules))
    found = set(engine.select(KEY).iter_rows())
    same = "equal" if found == expected else f"DIFFERENT ({len(found ^ expected)} rows differ)"
    print(f"{label}: {children:,} children, {everything.height:,} deadlines under {len(rules.rules)} rules")
    print(f"  engine, every rule:           {all_seconds:7.3f} s")
    print(f"  engine, ICPC and CLA reviews: {engine_seconds:7.3f} s ({engine.height:,} deadlines)")
    print(f"  row-by-row baseline, same:    {base_seconds:7.3f} s; results {same}")
    print(f"  speed-up: {base_seconds / engine_seconds:.1f}x")


def main() -> None:
    rules = load_rules()
    authority = generate_many(2026, 1, start=START, end=AS_AT, children_in_need_per_year=[5_000])
    run("Authority (5,000 children in need a year)", combined(authority), rules)
    region = generate_many(2027, 10, start=START, end=AS_AT, processes=2)
    run("Region (10 authorities)", combined(region), rules)


if __name__ == "__main__":
    main()
