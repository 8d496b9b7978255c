"""Performance Clinic measures and caseloads on hand-made tables."""

from __future__ import annotations

from typing import Any

from assure.indicators.tests.factories import counted, tables

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
