"""Children looked after measures on hand-made tables: short breaks, re-entry, placements, reviews."""

from __future__ import annotations

from typing import Any

from assure.indicators.tests.factories import counted, tables, units

Y_START, Y_END = "2024-04-01", "2025-03-31"


def ep(child: str, start: str, end: str | None = None, rne: str = "S", ls: str = "C2", place: str = "U1",
       rec: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {"child_id": child, "start_date": start, "end_date": end, "reason_new": rne, "legal_status": ls,
            "placement": place, "reason_ceased": rec if end else None}  # fmt: skip


def test_short_breaks_only_are_not_counted_as_looked_after() -> None:
    data = tables(
        cla_episodes=[
            ep("A", "2024-01-01"),
            ep("B", "2025-03-20", "2025-04-03", ls="V3", rec="E4A"),  # short breaks only
            ep("C", "2025-03-30", "2025-03-31", rec="E4A"),  # left on the date: not looked after at its end
            ep("D", "2025-03-31"),
        ]
    )
    assert units("cla_count_31mar", data, Y_END, Y_END)["child_id"].sort().to_list() == ["A", "D"]
    assert counted("cla_rate_per_10k", data, Y_END, Y_END) == (2, 2)


def test_a_child_who_leaves_and_comes_back_starts_and_ceases_once_in_the_year() -> None:
    data = tables(
        cla_episodes=[
            ep("A", "2024-05-01", "2024-06-01", rec="E4A"),
            ep("A", "2024-09-01", "2024-10-01", rec="X1"), ep("A", "2024-10-01", "2024-12-01", rne="P", rec="E4A"),
            ep("B", "2023-01-01", "2024-04-02", rec="X1"), ep("B", "2024-04-02", rne="L", ls="C1"),  # continuous
            ep("C", "2024-07-01", "2024-07-03", ls="V3", rec="E4A"),  # a short break is not a start
        ]
    )  # fmt: skip
    started = units("cla_started", data, Y_START, Y_END)
    assert started["child_id"].to_list() == ["A"] and started["event_date"].to_list()[0].isoformat() == "2024-05-01"
    ceased = units("cla_ceased", data, Y_START, Y_END)
    assert ceased["child_id"].to_list() == ["A"] and ceased["event_date"].to_list()[0].isoformat() == "2024-12-01"


def test_three_placements_count_the_one_held_on_1_april_and_not_adoption_with_the_foster_carer() -> None:
    data = tables(
        cla_episodes=[
            # A: held a placement on 1 April, moved twice: 3 placements.
            ep("A", "2023-01-01", "2024-06-01", rec="X1"), ep("A", "2024-06-01", "2024-09-01", rne="P", rec="X1"),
            ep("A", "2024-09-01", rne="P"),
            # B: one move, then a change of legal status only, then placed for adoption with the foster carer (A3).
            ep("B", "2023-01-01", "2024-06-01", rec="X1"), ep("B", "2024-06-01", "2024-09-01", rne="P", rec="X1"),
            ep("B", "2024-09-01", "2024-11-01", rne="L", ls="E1", rec="X1"),
            ep("B", "2024-11-01", rne="B", ls="E1", place="A3"),
            # C: three placements, but left care before 31 March.
            ep("C", "2024-04-10", "2024-06-01", rec="X1"), ep("C", "2024-06-01", "2024-07-01", rne="P", rec="X1"),
            ep("C", "2024-07-01", "2024-08-01", rne="P", rec="E4A"),
        ]
    )  # fmt: skip
    assert counted("cla_3plus_placements", data, Y_START, Y_END) == (1, 2)


def test_long_term_stability_treats_adoption_by_the_foster_carer_as_the_same_placement() -> None:
    children = [{"child_id": c, "dob": "2015-01-01"} for c in "ABCDF"] + [{"child_id": "E", "dob": "2008-06-01"}]
    data = tables(
        children=children,
        cla_episodes=[
            ep("A", "2020-01-01", "2023-03-31", rec="X1"), ep("A", "2023-03-31", rne="P"),  # placed 2 years exactly
            ep("B", "2020-01-01", "2023-04-01", rec="X1"), ep("B", "2023-04-01", rne="P"),  # a day short
            ep("C", "2020-01-01", "2024-10-01", rec="X1"), ep("C", "2024-10-01", rne="B", ls="E1", place="A5"),
            ep("D", "2022-09-30"),  # in care since 30 September 2½ years before: in the cohort
            ep("F", "2022-10-01"),  # a day later: not
            ep("E", "2015-01-01"),  # 16 or over: out of the cohort
        ],
    )  # fmt: skip
    frame = units("cla_long_term_stability", data, Y_END, Y_END)
    assert sorted(frame["child_id"].to_list()) == ["A", "B", "C", "D"]
    assert sorted(frame.filter(frame["num"] > 0)["child_id"].to_list()) == ["A", "C", "D"]


def test_missing_counts_children_missing_not_away_over_all_looked_after_in_the_year() -> None:
    data = tables(
        cla_episodes=[ep("A", "2024-01-01"), ep("B", "2024-01-01"), ep("C", "2024-05-01", "2024-06-01", rec="E4A")],
        missing=[
            {"child_id": "A", "kind": "M", "start_date": "2024-07-01"},
            {"child_id": "A", "kind": "M", "start_date": "2024-08-01"},
            {"child_id": "B", "kind": "A", "start_date": "2024-07-01"},  # away, not missing
            {"child_id": "C", "kind": "M", "start_date": "2024-05-20"},
        ],
    )
    assert counted("cla_missing", data, Y_START, Y_END) == (2, 3)


def cla_review(child: str, day: str) -> dict[str, Any]:
    return {"child_id": child, "review_date": day, "participation": "PN1"}


def test_cla_reviews_on_time_follow_the_20_working_days_3_months_6_months_pattern() -> None:
    data = tables(
        cla_episodes=[ep(c, "2024-06-03") for c in "ABCD"] + [ep("E", "2025-03-20")],
        cla_reviews=[
            # 20 working days after Mon 3 June 2024 is Mon 1 July; then 3 months; then 6 months.
            cla_review("A", "2024-07-01"), cla_review("A", "2024-10-01"), cla_review("A", "2025-03-31"),
            cla_review("B", "2024-07-02"), cla_review("B", "2024-10-01"), cla_review("B", "2025-03-31"),
            cla_review("C", "2024-07-01"), cla_review("C", "2024-10-02"), cla_review("C", "2025-03-31"),
            cla_review("D", "2024-07-01"), cla_review("D", "2024-09-01"),  # next due 1 March: overdue
        ],
    )  # fmt: skip
    # E has been looked after for less than 20 working days: not in the cohort.
    assert counted("cla_reviews_on_time", data, Y_START, Y_END) == (1, 4)
