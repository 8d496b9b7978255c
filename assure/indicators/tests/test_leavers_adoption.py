"""Care leavers and adoption measures on hand-made tables."""

from __future__ import annotations

from typing import Any

from assure.indicators.tests.factories import counted, tables

Y_START, Y_END = "2024-04-01", "2025-03-31"


def leaver(child: str, activity: str, accommodation: str, in_touch: str = "YES") -> dict[str, Any]:
    return {"child_id": child, "year_ending": Y_END, "in_touch": in_touch, "activity": activity,
            "accommodation": accommodation}  # fmt: skip


def test_care_leavers_by_age_at_their_birthday_with_exclusions() -> None:
    data = tables(
        children=[
            {"child_id": "A", "dob": "2007-05-01"},  # 17 on 1 May 2024
            {"child_id": "B", "dob": "2006-04-01"},  # 18 on 1 April 2024 (29 February aside, first day of the year)
            {"child_id": "C", "dob": "2004-02-29"},  # 21 on 1 March 2025 (no 29 February)
            {"child_id": "D", "dob": "2006-10-01"},
            {"child_id": "E", "dob": "2006-10-01"},
            {"child_id": "F", "dob": "2003-01-01"},  # 22: too old
        ],
        care_leavers=[
            leaver("A", "F2", "D1"),
            leaver("B", "G5", "0", in_touch="NO"),  # not in touch: stays in both denominators
            leaver("C", "F5", "R2"),  # residence not known: out of the accommodation denominator only
            leaver("D", "F1", "B1", in_touch="DIED"),  # died: out of both
            leaver("E", "G6", "U2"),
            leaver("F", "F1", "D1"),
        ],
    )
    assert counted("care_leavers_eet_17_18", data, Y_START, Y_END) == (1, 3)  # A, B, E
    assert counted("care_leavers_suitable_accom_17_18", data, Y_START, Y_END) == (1, 3)
    assert counted("care_leavers_eet_19_21", data, Y_START, Y_END) == (1, 1)  # C
    assert counted("care_leavers_suitable_accom_19_21", data, Y_START, Y_END) == (0, 0)


def ep(child: str, start: str, end: str | None, place: str, ls: str = "C2", rne: str = "P",
       rec: str = "X1") -> dict[str, Any]:  # fmt: skip
    return {"child_id": child, "start_date": start, "end_date": end, "reason_new": rne, "legal_status": ls,
            "placement": place, "reason_ceased": rec if end else None}  # fmt: skip


def test_adoption_a1_a2_a10() -> None:
    data = tables(
        cla_episodes=[
            # A: in care 1 Jan 2022, fostered, placement order 1 Mar 2023, placed with new adopters 1 Jul 2023.
            ep("A", "2022-01-01", "2023-03-01", "U1", rne="S"),
            ep("A", "2023-03-01", "2023-07-01", "U1", ls="E1", rne="L"),
            ep("A", "2023-07-01", "2024-02-01", "A4", ls="E1", rec="E11"),
            # B: fostered from 1 Feb 2022 by the carers who adopt: A5 continues that placement.
            ep("B", "2022-01-01", "2022-02-01", "U1", rne="S"), ep("B", "2022-02-01", "2023-06-01", "U4", ls="E1"),
            ep("B", "2023-06-01", "2024-05-01", "A5", ls="E1", rne="B", rec="E12"),
            # C: adopted before the three years.
            ep("C", "2018-01-01", "2019-01-01", "A4", ls="E1", rne="S", rec="E11"),
        ],
        adoptions=[
            {"child_id": "A", "decision_date": "2022-06-01", "match_date": "2023-06-01", "foster_care": False},
            {"child_id": "B", "decision_date": "2022-06-01", "match_date": "2022-01-15", "foster_care": True},
        ],
    )  # fmt: skip
    start, end = "2022-04-01", "2025-03-31"
    a_days, b_days = 546, 516  # A: 1 Jan 2022 to 1 Jul 2023; B: 1 Jan 2022 to 1 Jun 2023
    assert counted("adoption_a1_days", data, start, end) == (a_days + b_days, 2)
    # A: 1 Mar 2023 to 1 Jun 2023 is 92 days; B was matched before the placement order: 0.
    assert counted("adoption_a2_days", data, start, end) == (92, 2)
    # B was adopted by its foster carers: the clock stops on 1 Feb 2022, 31 days in.
    assert counted("adoption_a10_days", data, start, end) == (a_days + 31, 2)
