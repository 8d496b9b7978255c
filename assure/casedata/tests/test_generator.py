"""The synthetic data generator: deterministic, schema-true, valid codes, and England-like rates."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from assure.casedata.generator import (
    SUITABLE_TEAM_TYPES,
    WorkerRef,
    generate_authority,
    generate_many,
    iros_from_demo,
    managers_from_demo,
    population,
    workers_from_demo,
)
from assure.casedata.generator import codes as c
from assure.casedata.generator.workdays import add_working_days, bank_holidays, is_working_day, working_days_between
from assure.casedata.schema import SCHEMA
from assure.organisation.demo import generate as demo_authority

START, END = dt.date(2022, 4, 1), dt.date(2025, 3, 31)
SIZE = 2_500  # children in need a year: big enough for steady rates, small enough to be quick


@pytest.fixture(scope="module")
def workers() -> list[WorkerRef]:
    return workers_from_demo(demo_authority())


@pytest.fixture(scope="module")
def tables(workers: list[WorkerRef]) -> dict[str, pl.DataFrame]:
    demo = demo_authority()
    return generate_authority(
        11,
        start=START,
        end=END,
        children_in_need_per_year=SIZE,
        workers=workers,
        managers=managers_from_demo(demo),
        iros=iros_from_demo(demo),
    )


def small(seed: int, workers: list[WorkerRef]) -> dict[str, pl.DataFrame]:
    return generate_authority(seed, start=START, end=END, children_in_need_per_year=300, workers=workers)


def test_the_same_seed_gives_the_same_tables_and_another_seed_others(workers: list[WorkerRef]) -> None:
    first, again, other = small(5, workers), small(5, workers), small(6, workers)
    assert all(first[name].equals(again[name]) for name in SCHEMA)
    assert not first["cin_episodes"].equals(other["cin_episodes"])


def test_every_table_has_exactly_the_canonical_columns(tables: dict[str, pl.DataFrame]) -> None:
    assert set(tables) == set(SCHEMA)
    for name, frame in tables.items():
        assert frame.schema == pl.Schema(dict(SCHEMA[name])), name
    assert all(tables[name].height for name in SCHEMA if name != "deprivation_of_liberty")


CODES = [
    ("children", "sex", c.SEX_CODES),
    ("children", "ethnicity", c.ETHNIC_CODES),
    ("children", "upn_unknown", c.UPN_UNKNOWN_CODES),
    ("disabilities", "disability", c.DISABILITY_CODES),
    ("contacts", "source", c.REFERRAL_SOURCE_CODES),
    ("contacts", "outcome", c.CONTACT_OUTCOME_CODES),
    ("cin_episodes", "referral_source", c.REFERRAL_SOURCE_CODES),
    ("cin_episodes", "primary_need", c.PRIMARY_NEED_CODES),
    ("cin_episodes", "closure_reason", c.CLOSURE_CODES),
    ("cp_plans", "initial_category", c.CATEGORY_CODES),
    ("cp_plans", "latest_category", c.CATEGORY_CODES),
    ("pre_proceedings", "outcome", c.PP_OUTCOME_CODES),
    ("care_proceedings", "order", c.ORDER_CODES),
    ("cla_episodes", "reason_new", c.RNE_CODES),
    ("cla_episodes", "legal_status", c.LS_CODES),
    ("cla_episodes", "need_code", c.PRIMARY_NEED_CODES - {"N0", "N9"}),
    ("cla_episodes", "placement", c.PLACE_CODES),
    ("cla_episodes", "provider", c.PROVIDER_CODES),
    ("cla_episodes", "reason_ceased", c.REC_CODES),
    ("cla_episodes", "reason_place_change", c.PLACE_CHANGE_CODES),
    ("cla_reviews", "participation", c.REVIEW_CODES),
    ("missing", "kind", c.MISSING_CODES),
    ("health", "sdq_reason", c.SDQ_REASON_CODES),
    ("care_leavers", "in_touch", c.IN_TOUCH_CODES),
    ("care_leavers", "activity", c.ACTIVITY_CODES),
    ("previous_permanence", "previous_permanence", c.PREV_PERM_CODES),
    ("placed_for_adoption", "ceased_reason", c.RD_CODES),
    ("adoptions", "adopters_sex", c.ADOPTER_SEX_CODES),
    ("adoptions", "adopters_legal_status", c.ADOPTER_LS_CODES),
    ("allocations", "reason", c.SW_REASON_CODES),
    ("visits", "kind", c.VISIT_KINDS),
]


@pytest.mark.parametrize(("table", "column", "valid"), CODES, ids=[f"{t}.{col}" for t, col, _ in CODES])
def test_codes_are_valid(tables: dict[str, pl.DataFrame], table: str, column: str, valid: frozenset[str]) -> None:
    used = set(tables[table][column].drop_nulls().unique())
    assert used, f"{table}.{column} is never filled"
    assert used <= valid, used - valid


def test_other_values_are_well_formed(tables: dict[str, pl.DataFrame]) -> None:
    factors = set(tables["assessments"]["factors"].explode().drop_nulls())
    assert factors <= c.ASSESSMENT_FACTOR_CODES
    accommodation = tables["care_leavers"]["accommodation"]
    assert all(a == "0" or (a[0] in c.ACCOMMODATION_LETTERS and a[1] in "12") for a in accommodation)
    ids = tables["children"]["child_id"]
    assert ids.is_unique().all() and all(i.isalnum() and len(i) <= 20 for i in ids)
    upns = tables["children"]["upn"].drop_nulls()
    assert all(len(u) == 13 and u[0].isalpha() and u[1:].isdigit() for u in upns)
    unborn = tables["children"].filter(pl.col("dob").is_null())
    assert unborn["expected_dob"].is_not_null().all() and (unborn["sex"] == "U").all()


SPANS = [
    ("contacts", "contact_date", "decision_date"),
    ("cin_episodes", "referral_date", "closure_date"),
    ("assessments", "start_date", "authorisation_date"),
    ("assessments", "start_date", "child_seen_date"),
    ("cin_plans", "start_date", "end_date"),
    ("section47", "strategy_date", "icpc_date"),
    ("cp_plans", "start_date", "end_date"),
    ("pre_proceedings", "start_date", "decision_date"),
    ("care_proceedings", "issue_date", "final_order_date"),
    ("cla_episodes", "start_date", "end_date"),
    ("missing", "start_date", "end_date"),
    ("placed_for_adoption", "decision_date", "ceased_date"),
    ("deprivation_of_liberty", "start_date", "end_date"),
    ("allocations", "start_date", "end_date"),
]


@pytest.mark.parametrize(("table", "begins", "ends"), SPANS, ids=[f"{t}.{e}" for t, _, e in SPANS])
def test_nothing_ends_before_it_starts(tables: dict[str, pl.DataFrame], table: str, begins: str, ends: str) -> None:
    assert tables[table].filter(pl.col(ends) < pl.col(begins)).height == 0


def test_nothing_happens_after_the_extract_date(tables: dict[str, pl.DataFrame]) -> None:
    future = {"due_date", "icpc_target_date", "expected_dob"}  # dates planned ahead
    for name, frame in tables.items():
        for column, dtype in frame.schema.items():
            if dtype == pl.Date and column not in future:
                assert frame.filter(pl.col(column) > END).height == 0, f"{name}.{column}"


def test_care_episodes_of_a_child_never_overlap(tables: dict[str, pl.DataFrame]) -> None:
    episodes = tables["cla_episodes"].sort("child_id", "start_date")
    following = episodes.with_columns(next_start=pl.col("start_date").shift(-1).over("child_id"))
    overlapping = following.filter(
        pl.col("next_start").is_not_null()
        & (pl.col("end_date").is_null() | (pl.col("end_date") > pl.col("next_start")))
    )
    assert overlapping.height == 0
    # An episode that ends with X1 is followed by one starting the same day.
    chained = following.filter(pl.col("reason_ceased") == "X1")
    assert (chained["end_date"] == chained["next_start"]).all()


def test_allocations_go_to_workers_of_suitable_teams(tables: dict[str, pl.DataFrame], workers: list[WorkerRef]) -> None:
    kinds = {(w.worker_id, w.team): w.team_type for w in workers}
    allocations = tables["allocations"]
    pairs = set(allocations.select("worker_id", "team").iter_rows())
    assert pairs <= set(kinds), "every worker is one of the demo authority's, in their own team"
    assert {kinds[p] for p in pairs} <= SUITABLE_TEAM_TYPES
    typed = allocations.with_columns(
        kind=pl.struct("worker_id", "team").map_elements(lambda r: kinds[(r["worker_id"], r["team"])], pl.String)
    )
    in_care = tables["cla_episodes"].filter(~pl.col("legal_status").is_in(["V3", "V4"]))
    periods = in_care.group_by("child_id").agg(pl.col("start_date").min(), pl.col("end_date").max())
    during_care = typed.join(periods, on="child_id", suffix="_care").filter(
        (pl.col("start_date") > pl.col("start_date_care"))
        & (pl.col("end_date_care").is_null() | (pl.col("start_date") < pl.col("end_date_care")))
        & (pl.col("start_date") >= START)
    )
    assert during_care.height
    share = during_care["kind"].is_in(["children_in_care", "care_leavers"]).mean()
    assert share is not None and float(share) > 0.9  # the rest: help after a return home in between
    referrals = tables["cin_episodes"].filter(pl.col("referral_date") >= START).select("child_id", "referral_date")
    front = typed.filter(pl.col("kind").is_in(["front_door", "assessment"]))
    covered = referrals.join(front, on="child_id").filter(
        (pl.col("start_date") <= pl.col("referral_date"))
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col("referral_date")))
    )
    assert covered.select("child_id", "referral_date").unique().height == referrals.unique().height


def _percent(part: int, whole: int) -> float:
    return 100 * part / whole


def rereferral_rate(tables: dict[str, pl.DataFrame], first: dt.date, last: dt.date) -> float:
    referrals = tables["cin_episodes"].sort("child_id", "referral_date")
    referrals = referrals.with_columns(previous=pl.col("referral_date").shift(1).over("child_id"))
    in_period = referrals.filter(pl.col("referral_date").is_between(first, last))
    within = in_period.filter((pl.col("referral_date") - pl.col("previous")).dt.total_days() <= 365)
    return _percent(within.height, in_period.height)


def assessments_on_time(tables: dict[str, pl.DataFrame], first: dt.date, last: dt.date) -> float:
    done = tables["assessments"].filter(pl.col("authorisation_date").is_between(first, last))
    days = [working_days_between(a, b) for a, b in done.select("start_date", "authorisation_date").iter_rows()]
    return _percent(sum(d <= 45 for d in days), len(days))


def conferences_on_time(tables: dict[str, pl.DataFrame], first: dt.date, last: dt.date) -> float:
    held = tables["section47"].filter(pl.col("icpc_date").is_between(first, last))
    days = [working_days_between(a, b) for a, b in held.select("strategy_date", "icpc_date").iter_rows()]
    return _percent(sum(d <= 15 for d in days), len(days))


def repeat_plans(tables: dict[str, pl.DataFrame], first: dt.date, last: dt.date) -> float:
    started = tables["cp_plans"].filter(pl.col("start_date").is_between(first, last))
    return _percent(started.filter(pl.col("previous_plans") > 0).height, started.height)


def looked_after_per_10k(tables: dict[str, pl.DataFrame], day: dt.date) -> float:
    episodes = tables["cla_episodes"].filter(~pl.col("legal_status").is_in(["V3", "V4"]))
    on_day = episodes.filter(
        (pl.col("start_date") <= day) & (pl.col("end_date").is_null() | (pl.col("end_date") > day))
    )
    return on_day["child_id"].n_unique() / population(SIZE) * 10_000


def test_headline_rates_are_near_englands(tables: dict[str, pl.DataFrame]) -> None:
    """England 2025: re-referrals 22.6%, assessments in 45 working days 85.7%, ICPCs in 15 working days
    81.4%, repeat CP plans 24.5%, 67 children looked after per 10,000 aged 0–17. Rates are over the
    three years (a year of a small authority is noisy); the population is the generator's assumption,
    England's 578 children in need per 10,000 (see `population`)."""
    assert 15 <= rereferral_rate(tables, START, END) <= 30
    assert 75 <= assessments_on_time(tables, START, END) <= 95
    assert 65 <= conferences_on_time(tables, START, END) <= 92
    assert 15 <= repeat_plans(tables, START, END) <= 30
    for year in (2023, 2024, 2025):
        assert 45 <= looked_after_per_10k(tables, dt.date(year, 3, 31)) <= 95


def test_the_extract_covers_every_part_of_the_journey(tables: dict[str, pl.DataFrame]) -> None:
    episodes = tables["cla_episodes"]
    assert {"V3", "V4", "C1", "C2", "E1", "V2"} <= set(episodes["legal_status"])
    assert episodes.filter(pl.col("reason_ceased").is_in(["E11", "E12"])).height  # adoptions
    assert episodes.filter(pl.col("reason_ceased").is_in(["E4A", "E4B"])).height  # returns home
    starts = episodes.filter(pl.col("reason_new") == "S", ~pl.col("legal_status").is_in(["V3", "V4"]))
    assert starts.group_by("child_id").len().filter(pl.col("len") > 1).height  # some come back into care
    assert set(tables["visits"]["kind"]) == {"CIN", "CP", "CLA"}
    assert tables["visits"]["seen_alone"].any() and not tables["visits"]["seen"].all()


def test_working_days_skip_weekends_and_bank_holidays() -> None:
    assert {dt.date(2022, 6, 2), dt.date(2022, 6, 3), dt.date(2022, 9, 19), dt.date(2023, 5, 8)} <= bank_holidays()
    assert dt.date(2020, 5, 4) not in bank_holidays() and dt.date(2020, 5, 8) in bank_holidays()
    assert {d for d in bank_holidays() if d.year == 2026} == {
        dt.date(2026, 1, 1), dt.date(2026, 4, 3), dt.date(2026, 4, 6), dt.date(2026, 5, 4), dt.date(2026, 5, 25),
        dt.date(2026, 8, 31), dt.date(2026, 12, 25), dt.date(2026, 12, 28),
    }  # fmt: skip
    assert not is_working_day(dt.date(2025, 12, 25)) and is_working_day(dt.date(2025, 12, 24))
    assert add_working_days(dt.date(2025, 4, 17), 1) == dt.date(2025, 4, 22)  # over Easter
    assert working_days_between(dt.date(2025, 4, 17), dt.date(2025, 4, 22)) == 1
    assert working_days_between(dt.date(2025, 3, 3), dt.date(2025, 3, 3)) == 0
    assert {dt.date(2012, 6, 4), dt.date(2012, 6, 5)} <= bank_holidays()  # the Diamond Jubilee (core's calendar)


def test_the_generator_counts_as_core_does_and_puts_events_on_working_days() -> None:
    from assure.core import workdays as core

    saturday, monday = dt.date(2025, 3, 1), dt.date(2025, 3, 3)
    assert working_days_between(saturday, monday) == core.working_days_between(saturday, monday) == 1
    assert add_working_days(saturday, 0) == monday  # an event moved onto the next working day
    assert add_working_days(dt.date(2025, 4, 18), 0) == dt.date(2025, 4, 22)  # Good Friday, Easter Monday
    for day in (dt.date(2025, 3, 4) + dt.timedelta(days=n) for n in range(60)):
        if is_working_day(day):
            assert add_working_days(day, 15) == core.add_working_days(day, 15)


def test_many_authorities_have_their_own_children() -> None:
    result = generate_many(3, 2, start=START, end=END, children_in_need_per_year=[200, 300])
    assert list(result) == ["001", "002"]
    for code, tables in result.items():
        assert tables["children"]["child_id"].str.starts_with(f"L{code}").all()
        assert tables["allocations"]["worker_id"].str.ends_with(f"@la{code}.example").all()
    assert result["002"]["cin_episodes"].height > result["001"]["cin_episodes"].height
