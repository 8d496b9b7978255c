"""Performance Clinic measures and caseloads on hand-made tables."""

from __future__ import annotations

from typing import Any

from assure.indicators.tests.factories import counted, tables, units

M_START, M_END = "2024-12-01", "2024-12-31"


def contact(child: str, day: str, decided: str | None, outcome: str = "NFA") -> dict[str, Any]:
    return {"child_id": child, "contact_id": f"{child}/{day}", "contact_date": day, "decision_date": decided,
            "outcome": outcome}  # fmt: skip


def test_contact_decisions_within_one_working_day_skip_christmas() -> None:
    data = tables(
        contacts=[
            contact("A", "2024-12-24", "2024-12-27", "EARLY_HELP"),  # Tue 24 → Fri 27: 1 working day
            contact("B", "2024-12-20", "2024-12-24"),  # Fri 20 → Tue 24: 2 working days
            contact("C", "2024-12-02", "2024-12-02", "REFERRAL"),
            contact("D", "2024-12-02", None),  # no decision yet: not within the day
            contact("E", "2024-11-30", "2024-12-02"),  # November: not counted
        ]
    )
    assert counted("contacts_decision_1wd", data, M_START, M_END) == (2, 4)
    assert counted("contacts_to_early_help", data, M_START, M_END) == (1, 4)


def test_open_assessments_without_an_allocated_worker() -> None:
    data = tables(
        assessments=[
            {"child_id": "A", "assessment_id": "A/1", "start_date": "2024-12-01"},
            {"child_id": "B", "assessment_id": "B/1", "start_date": "2024-12-01"},
            {"child_id": "C", "assessment_id": "C/1", "start_date": "2024-12-01", "authorisation_date": "2024-12-10"},
        ],
        allocations=[
            {"child_id": "A", "worker_id": "w1@x", "team": "T", "start_date": "2024-11-01"},
            {"child_id": "B", "worker_id": "w1@x", "team": "T", "start_date": "2024-11-01", "end_date": "2024-12-30"},
        ],
    )
    assert counted("assessments_open_unallocated", data, M_END, M_END) == (1, 2)


def test_first_response_days_and_section_47s_without_a_conference() -> None:
    data = tables(
        cin_episodes=[{"child_id": "A", "episode_id": "A/1", "referral_date": "2024-11-01"}],
        assessments=[
            {
                "child_id": "A",
                "episode_id": "A/1",
                "assessment_id": "A/1/a",
                "start_date": "2024-11-02",
                "authorisation_date": "2024-12-11",
            }
        ],
        section47=[
            {"child_id": "A", "s47_id": "1", "start_date": "2024-12-01", "icpc_not_required": True},
            {"child_id": "B", "s47_id": "2", "start_date": "2024-12-05", "icpc_date": "2024-12-20"},
        ],
    )
    assert counted("first_response_days", data, M_START, M_END) == (40, 1)
    assert counted("s47_no_icpc", data, M_START, M_END) == (1, 2)


def test_plan_length_participation_and_time_in_care_before_adoption() -> None:
    data = tables(
        cp_plans=[{"child_id": "A", "plan_id": "1", "start_date": "2024-01-01", "end_date": "2024-07-01"}],
        cla_reviews=[
            {"child_id": "A", "review_date": "2024-06-01", "participation": "PN1"},
            {"child_id": "B", "review_date": "2024-06-01", "participation": "PN7"},
            {"child_id": "C", "review_date": "2024-06-01", "participation": "PN0"},  # under 4: not counted
        ],
        cla_episodes=[
            {
                "child_id": "D",
                "start_date": "2023-01-01",
                "end_date": "2024-06-30",
                "reason_new": "S",
                "legal_status": "E1",
                "placement": "A4",
                "reason_ceased": "E11",
            }
        ],
    )
    year = ("2024-04-01", "2025-03-31")
    assert counted("cp_plan_length_days", data, *year) == (182, 1)
    assert counted("cla_review_participation", data, *year) == (1, 2)
    assert counted("adoption_care_to_order_days", data, *year) == (546, 1)


def test_visits_on_time_use_each_kind_of_visit_standard() -> None:
    def visit(child: str, day: str, kind: str) -> dict[str, Any]:
        return {"child_id": child, "visit_date": day, "kind": kind, "seen": True}

    data = tables(
        visits=[
            visit("A", "2024-12-02", "CP"), visit("A", "2024-12-16", "CP"),  # 10 working days
            visit("A", "2024-12-31", "CP"),  # 25, 26 December: 9 working days
            visit("B", "2024-12-02", "CP"), visit("B", "2024-12-17", "CP"),  # 11 working days: late
            visit("C", "2024-11-01", "CLA"), visit("C", "2024-12-13", "CLA"),  # 42 days
            visit("D", "2024-11-01", "CLA"), visit("D", "2024-12-14", "CLA"),  # 43 days: late
        ]
    )  # fmt: skip
    # First visits (A and B on 2 December) have nothing before them and are not counted.
    assert counted("visits_on_time", data, M_START, M_END) == (3, 5)


def test_court_timescales() -> None:
    data = tables(
        care_proceedings=[
            {"child_id": "A", "proceedings_id": "1", "issue_date": "2024-01-01", "final_order_date": "2024-07-01"},
            {"child_id": "B", "proceedings_id": "2", "issue_date": "2024-01-01", "final_order_date": "2024-07-02"},
        ],
        pre_proceedings=[
            {"child_id": "A", "pp_id": "1", "start_date": "2024-05-01", "decision_date": "2024-08-21"},
            {"child_id": "B", "pp_id": "2", "start_date": "2024-05-01", "decision_date": "2024-08-22"},
        ],
    )
    year = ("2024-04-01", "2025-03-31")
    assert counted("care_proceedings_26wks", data, *year) == (1, 2)  # 182 days, then 183
    assert counted("pre_proceedings_16wks", data, *year) == (1, 2)  # 112 days, then 113


def allocated(child: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {"child_id": child, "worker_id": "w1@x", "team": "T", "start_date": start, "end_date": end}


def test_management_oversight_counts_exactly_8_weeks_and_leaves_out_new_cases() -> None:
    data = tables(
        allocations=[
            allocated("A", "2024-06-01"),
            allocated("B", "2024-06-01"),
            allocated("C", "2024-06-01"),
            allocated("D", "2024-12-01"),  # allocated 30 days ago: not yet 8 weeks, left out
            allocated("E", "2024-06-01", "2024-12-20"),  # closed before the date: not an open case
            allocated("F", "2024-06-01", "2024-10-31"), allocated("F", "2024-11-06"),  # not allocated on 5 November
        ],
        supervisions=[
            {"child_id": "A", "supervision_date": "2024-11-05", "kind": "OVERSIGHT"},  # exactly 56 days before
            {"child_id": "B", "supervision_date": "2024-11-04", "kind": "SUPERVISION"},  # 57 days: too long ago
            {"child_id": "B", "supervision_date": "2025-01-02", "kind": "OVERSIGHT"},  # after the date
            {"child_id": "D", "supervision_date": "2024-12-10"},
            {"child_id": "E", "supervision_date": "2024-12-10"},
            {"child_id": "F", "supervision_date": "2024-12-10"},
        ],
    )  # fmt: skip
    frame = units("management_oversight_8wk", data, M_END, M_END)
    assert dict(frame.select("child_id", "num").iter_rows()) == {"A": 1.0, "B": 0.0, "C": 0.0}


def test_cin_reviews_in_the_last_6_months_leave_out_young_plans_and_take_the_end_of_february() -> None:
    def plan(child: str, start: str, end: str | None = None) -> dict[str, Any]:
        return {"child_id": child, "plan_id": f"{child}/CIN", "start_date": start, "end_date": end}

    def review(child: str, day: str) -> dict[str, Any]:
        return {"child_id": child, "plan_id": f"{child}/CIN", "review_date": day}

    data = tables(
        cin_plans=[
            plan("A", "2023-09-01"),
            plan("B", "2023-09-01"),
            plan("C", "2024-02-29"),  # started exactly 6 months before 31 August (2024 is a leap year)
            plan("D", "2024-03-01"),  # started less than 6 months ago: not yet counted
            plan("E", "2023-09-01", "2024-08-31"),  # ended on the date: not open at its end
            plan("F", "2023-09-01"),
        ],
        cin_reviews=[
            review("A", "2024-02-29"),  # the first day of the 6 months
            review("B", "2024-02-28"),  # the day before: too long ago
            review("C", "2024-05-29"),
            review("E", "2024-05-01"),
            {"child_id": "F", "plan_id": "CINP-77", "review_date": "2024-06-01"},  # the council's own plan id
            review("G", "2024-06-01"),  # a child with no open plan: not counted
        ],
    )
    frame = units("cin_reviews_6m", data, "2024-08-31", "2024-08-31")
    assert dict(frame.select("child_id", "num").iter_rows()) == {"A": 1.0, "B": 0.0, "C": 1.0, "F": 1.0}
