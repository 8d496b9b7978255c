"""The child's record built from one child's rows (framework-free, on hand-made rows)."""

from __future__ import annotations

import datetime as dt

from assure.casedata import codes
from assure.casedata.record import RecordVersion, age_on, case_holder, record_build, rows_in, seqs_with_child
from assure.casedata.tests.children import case_rows

D = dt.date


def _rows(child_id: str) -> dict[str, list[dict[str, object]]]:
    """One hand-made child's rows (dates as dates, as `rows_in` gives them)."""
    return {table: [r for r in rows if r["child_id"] == child_id] for table, rows in case_rows(with_old=False).items()}


def test_codes_are_shown_with_their_labels_and_unknown_codes_as_they_are() -> None:
    assert codes.labelled(codes.LS_LABELS, "C2") == "Full care order (C2)"
    assert codes.labelled(codes.PLACE_LABELS, "ZZ9") == "ZZ9"
    assert codes.labelled(codes.LS_LABELS, None) == ""


def test_every_dfe_code_has_a_label() -> None:
    pairs = [(codes.ETHNIC, codes.ETHNIC_LABELS), (codes.LS, codes.LS_LABELS), (codes.RNE, codes.RNE_LABELS),
             (codes.PLACE, codes.PLACE_LABELS), (codes.PLACE_PROVIDER, codes.PROVIDER_LABELS),
             (codes.REC, codes.REC_LABELS), (codes.REVIEW_CODE, codes.REVIEW_LABELS),
             (codes.DISABILITY, codes.DISABILITY_LABELS), (codes.REFERRAL_SOURCE, codes.REFERRAL_SOURCE_LABELS),
             (codes.PRIMARY_NEED, codes.NEED_LABELS), (codes.CLOSURE_REASON, codes.CLOSURE_REASON_LABELS),
             (codes.ABUSE_CATEGORY, codes.ABUSE_CATEGORY_LABELS), (codes.MISSING, codes.MISSING_LABELS),
             (codes.SEX, codes.SEX_LABELS)]  # fmt: skip
    for code_list, labels in pairs:
        assert set(code_list) == set(labels), sorted(set(code_list) ^ set(labels))


def test_age_turns_on_the_birthday_and_29_february() -> None:
    assert age_on(D(2015, 2, 1), D(2026, 1, 31)) == 10
    assert age_on(D(2015, 2, 1), D(2026, 2, 1)) == 11
    assert age_on(D(2016, 2, 29), D(2026, 2, 28)) == 9
    assert age_on(D(2016, 2, 29), D(2026, 3, 1)) == 10


def test_the_case_holder_on_a_handover_day_is_the_newer_allocation() -> None:
    allocations = [
        {"child_id": "A1", "worker_id": "old@x", "team": "T1", "start_date": D(2026, 1, 1), "end_date": D(2026, 5, 1)},
        {"child_id": "A1", "worker_id": "new@x", "team": "T2", "start_date": D(2026, 5, 1), "end_date": None},
    ]
    holder = case_holder(allocations, D(2026, 5, 1))
    assert holder is not None and (holder.worker_id, holder.team, holder.since, holder.ended) == (
        "new@x", "T2", D(2026, 5, 1), None
    )  # fmt: skip
    assert case_holder(allocations, D(2026, 4, 30)).worker_id == "old@x"  # type: ignore[union-attr]


def test_a_closed_case_names_who_held_it_last_and_when_it_ended() -> None:
    allocations = [
        {"child_id": "A1", "worker_id": "w@x", "team": "T1", "start_date": D(2026, 1, 1), "end_date": D(2026, 3, 1)}
    ]
    holder = case_holder(allocations, D(2026, 6, 1))
    assert holder is not None and holder.team == "T1" and holder.ended == D(2026, 3, 1)
    assert case_holder([], D(2026, 6, 1)) is None
    assert case_holder(allocations, D(2025, 12, 31)) is None  # not yet allocated


def test_the_record_reads_the_versions_valid_in_the_chosen_snapshot() -> None:
    versions = [
        RecordVersion("children", {"child_id": "A1", "sex": "F", "dob": "2015-02-01"}, 1, 1),
        RecordVersion("children", {"child_id": "A1", "sex": "M", "dob": "2015-02-01"}, 2, None),
        RecordVersion("visits", {"child_id": "A1", "visit_date": "2026-03-01", "kind": "CP"}, 3, None),
    ]
    assert rows_in(versions, 1)["children"][0]["sex"] == "F"
    assert rows_in(versions, 2)["children"][0]["dob"] == D(2015, 2, 1)
    assert "visits" not in rows_in(versions, 2)
    assert seqs_with_child(versions, [4, 3, 2, 1]) == [4, 3, 2, 1]
    assert seqs_with_child(versions[:1], [3, 2, 1]) == [1]


def test_who_the_child_is_with_labels() -> None:
    record = record_build("A1", _rows("A1"), D(2026, 10, 30))
    profile = dict(record.profile)
    assert profile["Age"] == "11 years (born 1 February 2015)"
    assert profile["Sex"] == "Female (F)"
    assert profile["Ethnicity"] == "White British (WBRI)"
    assert profile["Disability"] == "Learning (LD)"
    assert profile["Unaccompanied asylum-seeking child"] == "No"
    now = dict(record.now)
    assert now["Child protection plan"] == "Since 19 February 2026: Neglect (NEG)"
    assert now["Legal status"] == "Not looked after"
    assert "Child in need plan" not in now  # ended when the protection plan began


def test_the_journey_is_newest_first_and_stops_at_the_as_at_date() -> None:
    record = record_build("A1", _rows("A1"), D(2026, 2, 19))
    whats = [(e.day, e.what) for e in record.events]
    assert whats[0][0] == D(2026, 2, 19)
    assert all(day <= D(2026, 2, 19) for day, _ in whats)
    assert whats[-1] == (D(2026, 1, 8), "Contact received")
    # On the day of the conference, the plan it decided comes above the conference itself.
    same_day = [what for day, what in whats if day == D(2026, 2, 19)]
    assert same_day.index("Child protection plan started") < same_day.index("Initial child protection conference")
    referral = next(e for e in record.events if e.what.startswith("Referral"))
    assert referral.detail == "From: School (2A). Primary need: Abuse or neglect (N1)"


def test_a_child_in_care_shows_legal_status_and_placement_in_words() -> None:
    record = record_build("B1", _rows("B1"), D(2026, 10, 30))
    now = dict(record.now)
    assert now["Legal status"] == "Full care order (C2)"
    assert now["Placement"].startswith("Fostered by other carers, long term (U4), since 2 March 2026")
    missing = next(e for e in record.events if e.area == "Missing")
    assert missing.detail == "Returned 4 June 2026. Return interview offered"


def test_a_child_with_nothing_but_who_they_are() -> None:
    record = record_build("E1", {"children": [{"child_id": "E1", "dob": None, "sex": None}]}, D(2026, 10, 30))
    assert not record.has_journey and record.events == []
    assert dict(record.profile)["Age"] == "Date of birth not recorded"
    assert dict(record.now) == {"Legal status": "Not looked after", "Open episodes": "None on this date"}
