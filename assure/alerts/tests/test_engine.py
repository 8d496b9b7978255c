"""The deadline engine on small hand-made tables: bank holidays, 29 February, weekends, closed cases,
a child who leaves care and comes back, short breaks, the age limit and the worker holding the case."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import polars as pl

from assure.alerts.engine import RuleSet, compute_deadlines, load_rules
from assure.casedata.schema import conform
from assure.core.workdays import add_working_days

D = dt.date
RULES = load_rules()


def tables(**rows: list[dict[str, Any]]) -> dict[str, pl.DataFrame]:
    return {name: conform(name, pl.DataFrame(records)) for name, records in rows.items()}


def deadlines(
    rule_id: str, as_at: dt.date, rules: RuleSet = RULES, **rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    found = compute_deadlines(tables(**rows), rules, as_at)
    return found.filter(pl.col("rule_id") == rule_id).sort("child_id", "due_date").to_dicts()


def only(rule_id: str, as_at: dt.date, **rows: list[dict[str, Any]]) -> dict[str, Any]:
    found = deadlines(rule_id, as_at, **rows)
    assert len(found) == 1, found
    return found[0]


def s47(child: str, strategy: dt.date, icpc: dt.date | None = None, **extra: Any) -> dict[str, Any]:
    row = {"child_id": child, "episode_id": f"{child}/E", "s47_id": f"{child}/S", "strategy_date": strategy}
    return {**row, "icpc_date": icpc, "icpc_not_required": False, **extra}


def test_icpc_counts_working_days_over_easter() -> None:
    # 15 working days from Wednesday 20 March 2024 skip Good Friday and Easter Monday: Friday 12 April.
    assert only("icpc_15wd", D(2024, 4, 10), section47=[s47("A", D(2024, 3, 20))])["due_date"] == D(2024, 4, 12)
    assert only("icpc_15wd", D(2024, 4, 10), section47=[s47("A", D(2024, 3, 20))])["status"] == "due_soon"
    on_time = only("icpc_15wd", D(2024, 4, 20), section47=[s47("A", D(2024, 3, 20), D(2024, 4, 12))])
    assert (on_time["status"], on_time["met_date"]) == ("met_on_time", D(2024, 4, 12))
    late = only("icpc_15wd", D(2024, 4, 20), section47=[s47("A", D(2024, 3, 20), D(2024, 4, 15))])
    assert late["status"] == "met_late"


def test_icpc_not_required_and_future_dates() -> None:
    assert deadlines("icpc_15wd", D(2024, 4, 10), section47=[s47("A", D(2024, 3, 20), icpc_not_required=True)]) == []
    # An ICPC dated after the as-at date has not happened yet as far as this snapshot knows.
    later = only("icpc_15wd", D(2024, 4, 16), section47=[s47("A", D(2024, 3, 20), D(2024, 4, 18))])
    assert (later["status"], later["met_date"]) == ("overdue", None)
    # A strategy discussion after the as-at date starts no clock yet.
    assert deadlines("icpc_15wd", D(2024, 3, 19), section47=[s47("A", D(2024, 3, 20))]) == []


def episode(child: str, referral: dt.date, **extra: Any) -> dict[str, Any]:
    return {"child_id": child, "episode_id": f"{child}/E", "referral_date": referral, "referral_nfa": False, **extra}


def assessment(child: str, authorised: dt.date) -> dict[str, Any]:
    return {
        "child_id": child,
        "episode_id": f"{child}/E",
        "assessment_id": f"{child}/A",
        "authorisation_date": authorised,
    }


def test_assessment_from_a_referral_on_29_february() -> None:
    due = add_working_days(D(2024, 2, 29), 45)
    assert due == D(2024, 5, 7)  # past Good Friday, Easter Monday and the early May bank holiday
    row = only("assessment_45wd", D(2024, 5, 9), cin_episodes=[episode("A", D(2024, 2, 29))])
    assert (row["due_date"], row["status"]) == (due, "overdue")
    met = only(
        "assessment_45wd",
        D(2024, 5, 20),
        cin_episodes=[episode("A", D(2024, 2, 29))],
        assessments=[assessment("A", D(2024, 5, 7))],
    )
    assert met["status"] == "met_on_time"


def test_assessment_clock_stops_when_the_case_closes_or_no_further_action() -> None:
    closed = episode("A", D(2024, 1, 8), closure_date=D(2024, 1, 20))
    nfa = episode("B", D(2024, 1, 8), referral_nfa=True)
    assert deadlines("assessment_45wd", D(2024, 6, 1), cin_episodes=[closed, nfa]) == []


def test_met_deadlines_leave_the_list_after_the_recent_window() -> None:
    rows = {"cin_episodes": [episode("A", D(2024, 1, 8))], "assessments": [assessment("A", D(2024, 2, 1))]}
    assert deadlines("assessment_45wd", D(2024, 2, 1) + dt.timedelta(days=RULES.recent_days), **rows)
    assert not deadlines("assessment_45wd", D(2024, 2, 2) + dt.timedelta(days=RULES.recent_days), **rows)


def cp_plan(child: str, start: dt.date, end: dt.date | None = None) -> dict[str, Any]:
    return {
        "child_id": child,
        "episode_id": f"{child}/E",
        "plan_id": f"{child}/CP",
        "start_date": start,
        "end_date": end,
    }


def test_cp_reviews_three_months_then_six_months_from_the_last_review() -> None:
    # 30 November + 3 months is 29 February 2024; the next is 6 months after the review was held.
    reviews = [{"child_id": "A", "plan_id": "A/CP", "review_date": D(2024, 2, 29)}]
    found = deadlines("cp_review", D(2024, 3, 1), cp_plans=[cp_plan("A", D(2023, 11, 30))], cp_reviews=reviews)
    assert [(r["due_date"], r["status"]) for r in found] == [
        (D(2024, 2, 29), "met_on_time"),
        (D(2024, 8, 29), "due_later"),
    ]
    # On Tuesday 27 August (after the summer bank holiday) the review two days later is due soon.
    soon = deadlines("cp_review", D(2024, 8, 27), cp_plans=[cp_plan("A", D(2023, 11, 30))], cp_reviews=reviews)
    assert [r["status"] for r in soon] == ["due_soon"]


def test_an_ended_plan_has_no_open_review() -> None:
    ended = cp_plan("A", D(2023, 11, 30), D(2024, 1, 15))
    assert deadlines("cp_review", D(2024, 3, 1), cp_plans=[ended]) == []


def cla(child: str, start: dt.date, end: dt.date | None, reason_new: str = "S", ls: str = "C2") -> dict[str, Any]:
    return {"child_id": child, "start_date": start, "end_date": end, "reason_new": reason_new, "legal_status": ls}


def test_cla_reviews_restart_when_a_child_comes_back_into_care() -> None:
    episodes = [
        cla("A", D(2024, 1, 8), D(2024, 2, 1)),
        cla("A", D(2024, 2, 1), D(2024, 3, 1), reason_new="P"),  # a new placement: the same period
        cla("A", D(2024, 6, 3), None),  # back in care: a new period
    ]
    reviews = [{"child_id": "A", "review_date": D(2024, 1, 30)}]
    long_memory = dataclasses.replace(RULES, recent_days=400)  # keep the January review on the list
    found = deadlines("cla_review", D(2024, 7, 3), long_memory, cla_episodes=episodes, cla_reviews=reviews)
    # The first period's review was met; its next (3 months on) is not open, since the period ended.
    assert [(r["ref"], r["due_date"], r["status"]) for r in found] == [
        ("2024-01-08", D(2024, 2, 5), "met_on_time"),
        ("2024-06-03", D(2024, 7, 1), "overdue"),
    ]


def test_cla_reviews_leave_out_short_breaks() -> None:
    assert deadlines("cla_review", D(2024, 7, 3), cla_episodes=[cla("A", D(2024, 6, 3), None, ls="V3")]) == []


def test_cla_visit_within_a_calendar_week_then_every_six_weeks() -> None:
    # Coming into care on Friday 5 January 2024: the first visit is due within 7 calendar days.
    visits = [{"child_id": "A", "visit_date": D(2024, 1, 12), "seen": True, "kind": "CLA"}]
    found = deadlines("cla_visit", D(2024, 1, 15), cla_episodes=[cla("A", D(2024, 1, 5), None)], visits=visits)
    assert [(r["due_date"], r["status"]) for r in found] == [
        (D(2024, 1, 12), "met_on_time"),
        (D(2024, 2, 23), "due_later"),
    ]
    # A visit of another kind (a CP visit) does not count as a statutory visit to a looked-after child.
    other = [{**visits[0], "kind": "CP"}]
    found = deadlines("cla_visit", D(2024, 1, 15), cla_episodes=[cla("A", D(2024, 1, 5), None)], visits=other)
    assert [r["status"] for r in found] == ["overdue"]


def test_seen_alone_applies_from_age_four() -> None:
    children = [{"child_id": "A", "dob": D(2020, 6, 1)}, {"child_id": "B", "dob": D(2021, 6, 1)}]
    plans = [cp_plan("A", D(2024, 6, 3)), cp_plan("B", D(2024, 6, 3))]
    found = deadlines("cp_seen_alone_5wd", D(2024, 6, 20), children=children, cp_plans=plans)
    assert [(r["child_id"], r["status"]) for r in found] == [("A", "overdue")]


def test_open_deadlines_go_to_the_worker_holding_the_case_today() -> None:
    allocations = [
        {
            "child_id": "A",
            "worker_id": "old@x.example",
            "team": "T1",
            "start_date": D(2024, 1, 1),
            "end_date": D(2024, 3, 31),
        },
        {"child_id": "A", "worker_id": "new@x.example", "team": "T2", "start_date": D(2024, 4, 1)},
    ]
    row = only("icpc_15wd", D(2024, 4, 10), section47=[s47("A", D(2024, 3, 20))], allocations=allocations)
    assert (row["worker_id"], row["team"]) == ("new@x.example", "T2")
    unallocated = only("icpc_15wd", D(2024, 4, 10), section47=[s47("A", D(2024, 3, 20))])
    assert unallocated["worker_id"] is None


def test_rules_without_data_produce_nothing() -> None:
    assert {r.id for r in RULES.rules if not r.has_data} == set()  # every shipped rule has its data now
    icpc = RULES.get("icpc_15wd")
    assert icpc is not None
    no_data = dataclasses.replace(RULES, rules=(dataclasses.replace(icpc, has_data=False),))
    found = compute_deadlines(tables(section47=[s47("A", D(2024, 3, 20), D(2024, 4, 12))]), no_data, D(2024, 4, 20))
    assert found.is_empty()


def test_a_clock_started_at_the_weekend_counts_from_the_next_working_day() -> None:
    # A strategy discussion recorded on Saturday 6 January 2024: day 1 is Monday 8 January, so day 15 is
    # Friday 26 January, the same as for one held on the Friday before.
    saturday = only("icpc_15wd", D(2024, 1, 10), section47=[s47("A", D(2024, 1, 6))])
    friday = only("icpc_15wd", D(2024, 1, 10), section47=[s47("A", D(2024, 1, 5))])
    assert saturday["due_date"] == friday["due_date"] == D(2024, 1, 26) == add_working_days(D(2024, 1, 6), 15)


def test_the_second_cla_review_is_three_months_after_the_first_then_six() -> None:
    reviews = [{"child_id": "A", "review_date": D(2024, 1, 31)}, {"child_id": "A", "review_date": D(2024, 4, 30)}]
    long_memory = dataclasses.replace(RULES, recent_days=400)
    found = deadlines(
        "cla_review", D(2024, 5, 1), long_memory, cla_episodes=[cla("A", D(2024, 1, 8), None)], cla_reviews=reviews
    )
    assert [(r["due_date"], r["status"]) for r in found] == [
        (D(2024, 2, 5), "met_on_time"),
        (D(2024, 4, 30), "met_on_time"),  # 31 January + 3 months is 30 April
        (D(2024, 10, 30), "due_later"),
    ]


def test_a_new_placement_needs_its_own_visit_within_a_week() -> None:
    episodes = [cla("A", D(2024, 1, 8), D(2024, 3, 1)), cla("A", D(2024, 3, 1), None, reason_new="P")]
    visits = [{"child_id": "A", "visit_date": D(2024, 3, 11), "seen": True, "kind": "CLA"}]
    row = only("cla_visit_new_placement", D(2024, 3, 12), cla_episodes=episodes, visits=visits)
    assert (row["due_date"], row["met_date"], row["status"]) == (D(2024, 3, 8), D(2024, 3, 11), "met_late")


def test_care_proceedings_against_26_weeks() -> None:
    proceedings = [{"child_id": "A", "proceedings_id": "A/P", "issue_date": D(2024, 1, 3)}]
    row = only("care_proceedings_26wk", D(2024, 7, 4), care_proceedings=proceedings)
    assert (row["due_date"], row["status"]) == (D(2024, 7, 3), "overdue")


def test_long_overdue_deadlines_are_left_to_data_quality() -> None:
    old = episode("A", D(2022, 1, 10))
    assert deadlines("assessment_45wd", D(2024, 1, 10), cin_episodes=[old]) == []
    assert deadlines("assessment_45wd", D(2022, 6, 1), cin_episodes=[old])[0]["status"] == "overdue"


def test_first_core_group_counts_10_working_days_over_christmas_and_matches_the_plan() -> None:
    def plan(child: str, plan_id: str, start: dt.date, end: dt.date | None = None) -> dict[str, Any]:
        return {"child_id": child, "plan_id": plan_id, "start_date": start, "end_date": end}

    plans = [plan("A", "A/CP/1", D(2024, 12, 20)), plan("B", "B/CP/1", D(2024, 12, 20), D(2025, 1, 3))]
    meetings = [
        {"child_id": "A", "plan_id": "A/CP/0", "meeting_date": D(2024, 12, 19)},  # before the plan: an earlier one's
        {"child_id": "A", "plan_id": "CG-4471", "meeting_date": D(2025, 1, 9)},  # the council's own plan id
    ]
    # Friday 20 December 2024 + 10 working days, skipping 25 and 26 December and 1 January: Wednesday 8 January.
    row = only("first_core_group_10wd", D(2025, 1, 10), cp_plans=plans, core_groups=meetings)
    assert (row["child_id"], row["due_date"], row["met_date"], row["status"]) == (
        "A",
        D(2025, 1, 8),
        D(2025, 1, 9),
        "met_late",
    )  # B's plan ended without a core group: nobody can meet it now


def test_initial_health_assessment_is_per_period_of_care_and_ignores_earlier_ones() -> None:
    episodes = [
        cla("A", D(2024, 1, 8), D(2024, 1, 22)),
        cla("A", D(2024, 1, 22), None, reason_new="P"),  # a new placement in the same period: one deadline
        cla("B", D(2024, 1, 8), None, ls="V3"),  # short breaks: no initial health assessment deadline
        cla("C", D(2024, 1, 8), None),
    ]
    assessments = [
        {"child_id": "A", "assessment_date": D(2024, 2, 5), "kind": "IHA"},
        {"child_id": "C", "assessment_date": D(2023, 12, 1), "kind": "RHA"},  # before care: does not count
    ]
    found = deadlines("initial_health_assessment", D(2024, 2, 20), cla_episodes=episodes,
                      health_assessments=assessments)  # fmt: skip
    # 20 working days from Monday 8 January 2024 is Monday 5 February.
    assert [(r["child_id"], r["due_date"], r["status"]) for r in found] == [
        ("A", D(2024, 2, 5), "met_on_time"),
        ("C", D(2024, 2, 5), "overdue"),
    ]


def test_a_pep_is_due_within_20_working_days_for_children_of_school_age() -> None:
    children = [{"child_id": "A", "dob": D(2019, 6, 1)}, {"child_id": "B", "dob": D(2014, 6, 1)}]
    episodes = [cla("A", D(2024, 3, 4), None), cla("B", D(2024, 3, 4), None)]
    peps = [{"child_id": "B", "pep_date": D(2024, 4, 2)}]
    # Monday 4 March 2024 + 20 working days, skipping Good Friday and Easter Monday: Wednesday 3 April.
    row = only("pep", D(2024, 4, 10), children=children, cla_episodes=episodes, peps=peps)
    assert (row["child_id"], row["due_date"], row["status"]) == ("B", D(2024, 4, 3), "met_on_time")  # A is 4


def test_each_pathway_plan_is_due_for_review_within_6_months_and_stops_when_support_ends() -> None:
    plans = [
        {"child_id": "A", "plan_date": D(2024, 1, 31)},
        {"child_id": "A", "plan_date": D(2024, 8, 2)},
        {"child_id": "B", "plan_date": D(2024, 1, 31), "end_date": D(2024, 6, 30)},  # support ended
    ]
    found = deadlines("pathway_plan_review", D(2024, 8, 20), pathway_plans=plans)
    # 31 January + 6 months is 31 July; the review on 2 August met it late, and is itself due by 2 February.
    assert [(r["child_id"], r["due_date"], r["met_date"], r["status"]) for r in found] == [
        ("A", D(2024, 7, 31), D(2024, 8, 2), "met_late"),
        ("A", D(2025, 2, 2), None, "due_later"),
    ]


def test_child_in_need_reviews_are_due_at_3_months_then_every_6() -> None:
    plans = [{"child_id": "A", "plan_id": "A/CIN/1", "start_date": D(2024, 1, 31)}]
    reviews = [
        {"child_id": "A", "plan_id": "A/CIN/0", "review_date": D(2024, 1, 15)},  # before the plan started
        {"child_id": "A", "plan_id": "R-8812", "review_date": D(2024, 4, 29)},  # the council's own plan id
        {"child_id": "B", "plan_id": "A/CIN/1", "review_date": D(2024, 11, 1)},  # another child's
    ]
    long_memory = dataclasses.replace(RULES, recent_days=400)
    found = deadlines("cin_review", D(2024, 11, 4), long_memory, cin_plans=plans, cin_reviews=reviews)
    assert [(r["due_date"], r["status"]) for r in found] == [
        (D(2024, 4, 30), "met_on_time"),  # 31 January + 3 months
        (D(2024, 10, 29), "overdue"),  # 6 months after the review
    ]


def test_management_oversight_is_due_8_weeks_after_allocation_and_after_each_oversight() -> None:
    allocations = [
        {"child_id": "A", "worker_id": "w@x.example", "team": "T", "start_date": D(2024, 1, 1)},
        {"child_id": "B", "worker_id": "w@x.example", "team": "T", "start_date": D(2024, 1, 1),
         "end_date": D(2024, 2, 1)},  # closed: nothing is due
    ]  # fmt: skip
    oversight = [{"child_id": "A", "supervision_date": D(2024, 2, 20), "kind": "OVERSIGHT"}]
    found = deadlines("management_oversight_8wk", D(2024, 4, 17), allocations=allocations, supervisions=oversight)
    assert [(r["child_id"], r["due_date"], r["status"], r["worker_id"]) for r in found] == [
        ("A", D(2024, 4, 16), "overdue", "w@x.example")  # 20 February + 8 weeks
    ]
