"""The engine's roll-up by authority, service area, team, worker and breakdowns, and the drill-down."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import polars as pl
import pytest

from assure.casedata.generator import generate_authority
from assure.casedata.generator.staff import synthetic_workers
from assure.casedata.schema import conform
from assure.indicators.engine import REGISTRY, CaseData, Period, PeriodKind, children_behind, compute, periods_for
from assure.indicators.tests.factories import tables, year

AS_AT = dt.date(2025, 3, 31)


def data() -> CaseData:
    return tables(
        children=[
            {"child_id": "A", "dob": "2010-01-01", "sex": "F", "ethnicity": "WBRI"},
            {"child_id": "B", "dob": "2024-06-01", "sex": "M", "ethnicity": "BAFR"},
            {"child_id": "C", "dob": "2012-01-01", "sex": "M", "ethnicity": "REFU"},
        ],
        disabilities=[{"child_id": "A", "disability": "AUT"}, {"child_id": "B", "disability": "NONE"}],
        cin_episodes=[
            {"child_id": "A", "episode_id": "A/1", "referral_date": "2024-05-01"},
            {"child_id": "B", "episode_id": "B/1", "referral_date": "2024-07-01"},
            {"child_id": "B", "episode_id": "B/2", "referral_date": "2024-09-01"},
            {"child_id": "C", "episode_id": "C/1", "referral_date": "2024-10-01"},
        ],
        allocations=[
            {"child_id": "A", "worker_id": "w1@x", "team": "North", "start_date": "2024-04-01"},
            {"child_id": "B", "worker_id": "w2@x", "team": "South", "start_date": "2024-06-01",
             "end_date": "2024-08-01"},
            {"child_id": "B", "worker_id": "w3@x", "team": "South", "start_date": "2024-08-02"},
        ],
    )  # fmt: skip


def test_rolls_up_by_level_with_the_allocation_on_each_units_date() -> None:
    result = compute(
        data().tables, as_at=AS_AT, la_code="931", populations={"931": 40_000},
        team_areas={"North": "Area 1", "South": "Area 1"},
        indicators=["referrals_rereferral_12m", "cin_rate_per_10k", "caseload_per_worker"],
    )  # fmt: skip
    rows = result.filter(pl.col("indicator_id") == "referrals_rereferral_12m", pl.col("period_end") == AS_AT)
    by = {(r["level"], r["org_unit"]): (r["numerator"], r["denominator"]) for r in rows.iter_rows(named=True)}
    assert by[("authority", "931")] == (1, 4)
    assert by[("service_area", "Area 1")] == (1, 3)  # C had no allocation
    assert by[("team", "South")] == (1, 2)
    assert by[("worker", "w2@x")] == (0, 1) and by[("worker", "w3@x")] == (1, 1)
    assert by[("age_band", "Under 1")] == (1, 2) and by[("age_band", "10 to 15")] == (0, 2)
    assert by[("ethnicity", "Refused")] == (0, 1) and by[("disability", "Disabled")] == (0, 1)
    rate = result.filter(pl.col("indicator_id") == "cin_rate_per_10k", pl.col("period_end") == AS_AT)
    assert rate["level"].to_list() == ["authority"]  # a rate needs a population: the authority's only
    assert rate["value"].to_list() == [pytest.approx(10_000 * 3 / 40_000)]
    caseload = result.filter(pl.col("indicator_id") == "caseload_per_worker", pl.col("period_end") == AS_AT)
    by_caseload = {(r["level"], r["org_unit"]): r["value"] for r in caseload.iter_rows(named=True)}
    assert by_caseload[("authority", "931")] == 1.0 and by_caseload[("worker", "w3@x")] == 1.0


def test_every_period_has_an_authority_row_even_with_nothing_counted() -> None:
    result = compute(tables(), as_at=AS_AT, la_code="931", indicators=["cla_count_31mar", "icpc_within_15wd"])
    authority = result.filter(pl.col("level") == "authority")
    assert authority.filter(pl.col("indicator_id") == "cla_count_31mar")["value"].to_list() == [0.0, 0.0, 0.0]
    assert authority.filter(pl.col("indicator_id") == "icpc_within_15wd")["value"].null_count() == 3


def test_many_authorities_are_computed_at_once_by_la_code() -> None:
    one = data()
    children = one["children"].with_columns(
        la_code=pl.when(pl.col("child_id") == "C").then(pl.lit("202")).otherwise(pl.lit("201"))
    )
    result = compute({**one.tables, "children": children}, as_at=AS_AT, indicators=["referrals_rereferral_12m"])
    rows = result.filter(pl.col("level") == "authority", pl.col("period_end") == AS_AT)
    assert dict(zip(rows["org_unit"], rows["denominator"], strict=True)) == {"201": 3.0, "202": 1.0}


@pytest.mark.parametrize("codes", [{}, {"C": "202"}], ids=["one authority", "two authorities"])
def test_figures_by_authority_alone_are_the_full_roll_ups_authority_rows(codes: dict[str, str]) -> None:
    # Asked for by authority alone, the engine skips the allocations and the characteristics (and, for
    # one authority, the look-up of each unit's child): the figures must not change.
    one = data()
    la_code = pl.col("child_id").replace_strict(codes, default="931")
    # An assessment without a start date has no numerator value: it counts as 0 either way.
    assessments = pl.DataFrame(
        {"child_id": ["A", "C"], "assessment_id": ["a1", "c1"], "start_date": [dt.date(2024, 6, 3), None],
         "authorisation_date": [dt.date(2024, 6, 10), dt.date(2024, 7, 1)]},
    )  # fmt: skip
    tables = {**one.tables, "children": one["children"].with_columns(la_code=la_code),
              "assessments": conform("assessments", assessments)}  # fmt: skip
    wanted = ["referrals_rereferral_12m", "cin_rate_per_10k", "cla_count_31mar", "cp_open_2yrs_plus",
              "assessments_within_45wd"]  # fmt: skip
    kwargs = {"as_at": AS_AT, "la_code": "931", "populations": {"931": 40_000, "202": 9_000}, "indicators": wanted}
    alone = compute(tables, levels=("authority",), breakdowns=(), **kwargs)  # type: ignore[arg-type]
    everything = compute(tables, **kwargs)  # type: ignore[arg-type]
    assert alone.equals(everything.filter(pl.col("level") == "authority"))
    assert alone.height == len(wanted) * 3 * (1 + len(codes))  # every period, every authority
    referrals = alone.filter(pl.col("indicator_id") == "referrals_rereferral_12m", pl.col("period_end") == AS_AT)
    assert referrals["denominator"].sum() == 4  # each referral counted once, for its child's authority
    on_time = alone.filter(pl.col("indicator_id") == "assessments_within_45wd", pl.col("period_end") == AS_AT)
    assert (on_time["numerator"].sum(), on_time["denominator"].sum()) == (1, 2)


def test_children_behind_a_figure() -> None:
    behind = children_behind(data(), indicator_id="referrals_rereferral_12m", period=year(2025), level="team",
                             org_unit="South")  # fmt: skip
    assert behind["child_id"].to_list() == ["B", "B"]
    assert behind["counted"].to_list() == [False, True]
    assert behind["worker_id"].to_list() == ["w2@x", "w3@x"]


def test_periods_end_on_or_before_the_date_oldest_first() -> None:
    as_at = dt.date(2026, 10, 31)
    years = periods_for(PeriodKind.YEAR, as_at)
    assert [p.end for p in years] == [dt.date(2024, 3, 31), dt.date(2025, 3, 31), dt.date(2026, 3, 31), as_at]
    assert years[-1].start == dt.date(2026, 4, 1)
    months = periods_for(PeriodKind.MONTH, as_at)
    assert months[0] == Period(dt.date(2025, 11, 1), dt.date(2025, 11, 30)) and months[-1].end == as_at
    assert periods_for(PeriodKind.THREE_YEARS, dt.date(2025, 3, 31))[-1] == Period(dt.date(2022, 4, 1), AS_AT)


def test_every_indicator_is_documented() -> None:
    for ind in REGISTRY.values():
        assert ind.title and ind.plain and ind.source and ind.numerator and ind.denominator, ind.id
        assert len(ind.published) > 60, f"{ind.id} needs its published definition as a docstring"


def test_derived_frames_are_let_go_after_counting_and_worked_out_again_when_asked() -> None:
    one = data()
    wanted = ["referrals_rereferral_12m", "cla_long_term_stability"]  # the second asks for dates of birth
    first = compute(one, as_at=AS_AT, la_code="931", indicators=wanted)
    kept = set(vars(one))
    assert {"people", "authorities"} <= kept  # kept: what follows the counting needs them
    assert not {"referrals", "cla"} & kept and not [name for name in kept if name.startswith("dob_for:")]
    again = compute(one, as_at=AS_AT, la_code="931", indicators=wanted)
    assert again.equals(first) and first.height > 0


@pytest.fixture(scope="module")
def generated() -> dict[str, pl.DataFrame]:
    return generate_authority(11, start=dt.date(2022, 4, 1), end=dt.date(2025, 11, 30), children_in_need_per_year=500,
                              workers=synthetic_workers("split.example", 500))  # fmt: skip


def _per_period(data: CaseData, indicator_id: str, periods: list[Period]) -> pl.DataFrame:
    ind = REGISTRY[indicator_id]
    frames = [ind.units(data, p.start, p.end).with_columns(period_end=pl.lit(p.end)) for p in periods]
    return pl.concat(frames).sort(pl.all())


def _split(data: CaseData, indicator_id: str, periods: list[Period]) -> pl.DataFrame:
    """What counting the periods' whole span at once and splitting the units by date gives."""
    units = REGISTRY[indicator_id].units(data, periods[0].start, periods[-1].end)
    ends = pl.Series([p.end for p in periods])
    return units.with_columns(period_end=ends.gather(ends.search_sorted(units["event_date"], side="left"))).sort(
        pl.all()
    )


@pytest.mark.parametrize("as_at", [dt.date(2025, 3, 31), dt.date(2025, 11, 30)], ids=["31 March", "mid-year"])
def test_indicators_split_by_date_count_the_same_as_period_by_period(
    generated: dict[str, pl.DataFrame], as_at: dt.date
) -> None:
    # An indicator marked split_by_date is counted over several adjoining periods in one call, its
    # units shared out by event_date: that must give exactly the units of each period counted alone.
    data = CaseData(generated)
    split = [i for i in REGISTRY.values() if i.split_by_date]
    assert len(split) >= 15 and all(i.period in (PeriodKind.YEAR, PeriodKind.MONTH) for i in split)
    for ind in split:
        periods = periods_for(ind.period, as_at)
        by_period = _per_period(data, ind.id, periods)
        assert by_period.height > 0, f"{ind.id}: the generated authority should give it something to count"
        assert _split(data, ind.id, periods).equals(by_period), ind.id
    # The check can tell: a child in care for more than a year is counted in each year by cla_missing,
    # but once by a count over the whole span, so that indicator is not split by date.
    periods = periods_for(PeriodKind.YEAR, as_at)
    assert not _split(data, "cla_missing", periods).equals(_per_period(data, "cla_missing", periods))


def test_the_engine_counts_split_periods_as_it_counts_them_one_by_one(
    generated: dict[str, pl.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_at = dt.date(2025, 11, 30)
    wanted = ["visits_on_time", "assessments_within_45wd", "care_leavers_eet_17_18", "cla_missing"]
    together = compute(generated, as_at=as_at, indicators=wanted)
    for indicator_id in wanted:
        monkeypatch.setitem(REGISTRY, indicator_id, replace(REGISTRY[indicator_id], split_by_date=False))
    one_by_one = compute(generated, as_at=as_at, indicators=wanted)
    assert together.height > 500 and together.equals(one_by_one)


def test_counters_give_the_same_figures_side_by_side_as_one_by_one(
    generated: dict[str, pl.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    compute_module = sys.modules["assure.indicators.engine.compute"]  # the package's `compute` is the function
    pools: list[int] = []
    real = compute_module.ThreadPoolExecutor

    def counted_pool(*args: object, **kwargs: object) -> ThreadPoolExecutor:
        pools.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(compute_module, "ThreadPoolExecutor", counted_pool)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    side_by_side = compute(generated, as_at=AS_AT)  # counted in two threads
    assert pools == [1]
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # a machine with one core: one by one
    one_by_one = compute(generated, as_at=AS_AT)
    assert pools == [1]
    assert side_by_side.height > 3_000 and side_by_side.equals(one_by_one)


def test_a_derived_frame_asked_for_by_two_threads_at_once_is_made_once() -> None:
    one = data()
    made: list[int] = []
    both_asking = threading.Barrier(2)

    def make() -> int:
        made.append(1)
        time.sleep(0.05)  # long enough for the other thread to ask while this one works
        return len(made)

    def ask() -> int:
        both_asking.wait()
        return one.once("slow", make)

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: ask(), range(2)))
    assert made == [1] and answers == [1, 1]


def test_figures_without_breakdowns_are_the_full_roll_ups_organisation_rows(generated: dict[str, pl.DataFrame]) -> None:
    # Without breakdowns the characteristics are not looked up (the allocation look-up runs alone).
    organisation = compute(generated, as_at=AS_AT, breakdowns=())
    everything = compute(generated, as_at=AS_AT)
    assert set(organisation["level"]) == {"authority", "team", "worker"}  # no service areas without team_areas
    assert organisation.equals(everything.filter(pl.col("level").is_in(list(organisation["level"].unique()))))
