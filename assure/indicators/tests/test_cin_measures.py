"""CIN census measures on hand-made tables, at their edges."""

from __future__ import annotations

from assure.indicators.tests.factories import counted, tables, units

Y_START, Y_END = "2024-04-01", "2025-03-31"


def referral(child: str, day: str) -> dict[str, object]:
    return {"child_id": child, "episode_id": f"{child}/{day}", "referral_date": day}


def test_a_rereferral_exactly_12_months_later_counts_and_a_day_more_does_not() -> None:
    data = tables(
        cin_episodes=[
            referral("A", "2023-06-10"), referral("A", "2024-06-10"),  # exactly 12 months: counts
            referral("B", "2023-06-10"), referral("B", "2024-06-11"),  # 12 months and a day: not
            referral("C", "2024-05-01"), referral("C", "2024-09-01"),  # both in the year, second repeats
        ]
    )  # fmt: skip
    assert counted("referrals_rereferral_12m", data, Y_START, Y_END) == (2, 4)


def test_a_rereferral_on_29_february_looks_back_to_28_february() -> None:
    data = tables(cin_episodes=[referral("A", "2023-02-28"), referral("A", "2024-02-29"), referral("B", "2023-02-27"),
                                referral("B", "2024-02-29")])  # fmt: skip
    assert counted("referrals_rereferral_12m", data, "2023-04-01", "2024-03-31") == (1, 2)


def assessment(child: str, start: str, end: str | None) -> dict[str, object]:
    return {"child_id": child, "assessment_id": f"{child}/{start}", "start_date": start, "authorisation_date": end}


def test_assessments_count_working_days_without_christmas_and_new_year_bank_holidays() -> None:
    # From Monday 2 December 2024 the 45th working day is Thursday 6 February 2025: 25 and 26
    # December and 1 January are bank holidays (counting weekdays only would give 3 February).
    data = tables(
        assessments=[
            assessment("A", "2024-12-02", "2025-02-06"),
            assessment("B", "2024-12-02", "2025-02-07"),
            assessment("C", "2025-03-31", "2025-03-31"),  # same day: 0 working days
            assessment("D", "2024-01-02", "2024-03-31"),  # authorised before the year: not counted
            assessment("E", "2025-03-01", None),  # not finished
        ]
    )
    assert counted("assessments_within_45wd", data, Y_START, Y_END) == (2, 3)


def s47(child: str, start: str, icpc: str | None) -> dict[str, object]:
    return {"child_id": child, "s47_id": f"{child}/{start}", "start_date": start, "icpc_date": icpc}


def test_an_icpc_before_its_section_47_stays_in_the_total_but_is_not_on_time() -> None:
    data = tables(
        section47=[
            # Wed 1 May 2024 + 15 working days is Thu 23 May (6 May was a bank holiday).
            s47("A", "2024-05-01", "2024-05-23"),
            s47("B", "2024-05-01", "2024-05-24"),  # 16 working days
            s47("C", "2024-05-24", "2024-05-20"),  # conference dated before the enquiry
            s47("D", "2024-05-01", None),  # no conference
            s47("E", "2024-05-17", "2024-06-10"),  # 27 May bank holiday: 15 working days
        ]
    )
    assert counted("icpc_within_15wd", data, Y_START, Y_END) == (2, 4)


def plan(child: str, start: str, end: str | None = None, previous: int | None = None) -> dict[str, object]:
    return {"child_id": child, "plan_id": f"{child}/{start}", "start_date": start, "end_date": end,
            "previous_plans": previous}  # fmt: skip


def test_repeat_plans_count_any_earlier_plan_however_long_ago() -> None:
    data = tables(
        cp_plans=[
            plan("A", "2015-01-01", "2015-09-01"), plan("A", "2024-06-01"),  # earlier plan in history
            plan("B", "2024-06-01", previous=1),  # a plan in another authority, from the return
            plan("C", "2024-06-01"), plan("C", "2024-12-01"),  # the second plan in the year repeats
            plan("D", "2024-07-01", previous=0),
        ]
    )  # fmt: skip
    assert counted("cp_repeat_plan", data, Y_START, Y_END) == (3, 5)


def test_plans_open_two_years_count_from_the_second_anniversary() -> None:
    data = tables(
        cp_plans=[
            plan("A", "2023-03-31"),
            plan("B", "2023-04-01"),
            plan("C", "2022-01-01", "2025-03-31"),
            plan("D", "2025-04-01"),
        ]
    )
    # C ended on 31 March so is not open at the end of the day; D starts after the date.
    assert counted("cp_open_2yrs_plus", data, Y_END, Y_END) == (1, 2)


def test_plans_ceasing_after_two_years() -> None:
    data = tables(
        cp_plans=[
            plan("A", "2022-06-01", "2024-06-01"),
            plan("B", "2022-06-02", "2024-06-01"),
            plan("C", "2024-01-01", "2024-04-01"),
            plan("D", "2020-01-01", "2024-03-31"),
        ]
    )
    assert counted("cp_ceased_2yrs_plus", data, Y_START, Y_END) == (1, 3)


def review(child: str, day: str) -> dict[str, object]:
    return {"child_id": child, "plan_id": f"{child}/2024-06-01", "review_date": day}


def test_plans_reviewed_on_time_need_every_review_on_time_and_none_overdue() -> None:
    data = tables(
        cp_plans=[plan(c, "2024-06-01") for c in "ABCD"] + [plan("E", "2025-01-15")],
        cp_reviews=[
            review("A", "2024-09-01"), review("A", "2025-03-01"),  # on time
            review("B", "2024-09-02"), review("B", "2025-03-01"),  # first review a day late
            review("C", "2024-08-20"),  # next was due 20 February 2025: overdue
            # D has had no review at all: overdue since 1 September 2024
        ],
    )  # fmt: skip
    # E has been on a plan less than 3 months: not yet due a review, so not counted.
    assert counted("cp_reviews_on_time", data, Y_END, Y_END) == (1, 4)


def test_children_in_need_and_on_plans_are_counted_once_on_the_date() -> None:
    data = tables(
        cin_episodes=[
            {"child_id": "A", "episode_id": "A/1", "referral_date": "2024-01-01"},
            {"child_id": "A", "episode_id": "A/2", "referral_date": "2024-06-01"},
            {"child_id": "B", "episode_id": "B/1", "referral_date": "2024-01-01", "closure_date": "2025-03-31"},
            {"child_id": "C", "episode_id": "C/1", "referral_date": "2024-01-01", "closure_date": "2025-04-01"},
        ],
        cp_plans=[plan("A", "2024-06-01"), plan("C", "2025-03-31")],
    )
    assert counted("cin_rate_per_10k", data, Y_END, Y_END) == (2, 2)
    assert units("cin_rate_per_10k", data, Y_END, Y_END)["child_id"].sort().to_list() == ["A", "C"]
    assert counted("cp_rate_per_10k", data, Y_END, Y_END) == (2, 2)
