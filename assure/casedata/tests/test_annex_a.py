"""Ofsted Annex A: reading the sample and hand-made workbooks, exporting, and the round trip."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest

from assure.casedata.exporters.annex_a import to_xlsx
from assure.casedata.exporters.annex_a_lists import months_before
from assure.casedata.exporters.period import as_at as stood
from assure.casedata.exporters.period import open_during
from assure.casedata.findings import Severity, errors
from assure.casedata.generator import generate_authority, workers_from_demo
from assure.casedata.importing import ReturnFile, kind_of, read_returns
from assure.casedata.parsers.annex_a import parse_annex_a
from assure.casedata.parsers.annex_a_spec import LISTS
from assure.core.testing import workbook_bytes
from assure.organisation.demo import generate as demo_authority

SAMPLE = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "annex_a" / "Annex_A_liiatools_sample.xlsx"
W = Severity.WARNING
E = Severity.ERROR


def _book(sheets: dict[str, list[list[Any]]]) -> bytes:
    return workbook_bytes(sheets)


# The sample (liiatools' Annex A template with made-up children) -------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[dict[str, pl.DataFrame], list[Any]]:
    return parse_annex_a("sample.xlsx", SAMPLE.read_bytes())


def test_sample_findings(sample: tuple[dict[str, pl.DataFrame], list[Any]]) -> None:
    """Every finding the sample gives, and why:

    * List 6 row 2 has the primary need "PSRMEM - Support with memory and cognition", which is not a CIN
      census need code (N0–N9): code-unknown (an error here, a data-quality warning on import);
    * List 6's Allocated Team and Allocated Worker are Excel #N/A errors on all five rows: read as blank;
    * List 10's ADM decision, placement order, matching, placed and adoption order dates are formulas
      (=H2+5 …) on all five rows, and row 4's "no longer placed" date too: never worked out, read as blank
      (so no List 10 row has a decision date, and the formula finding is not repeated as a missing key);
    * Lists 2 (early help) and 11 (adopters) are read but have no canonical table.

    Header spellings in the sample that differ from §3.2 (List 8's "Unaccompanied Asylum Seeking Child
    (UASC) …(Y/N))", curly quotes around 'Missing', List 10's "Date of Adoption Order " with a space) are
    accepted spellings, so they give no finding.
    """
    _, findings = sample
    summary = Counter((f.field, f.code, f.severity) for f in findings)
    dates = ("Date of Decision that Child Should be Placed for Adoption", "Date of Placement Order",
             "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption",
             "Date of Adoption Order ")  # fmt: skip
    expected = Counter(
        {
            ("List 6: Primary Need Code", "code-unknown", E): 1,
            ("List 6: Allocated Team", "value-error", W): 5,
            ("List 6: Allocated Worker", "value-error", W): 5,
            **{(f"List 10: {d}", "value-formula", W): 5 for d in dates},
            ("List 10: Date of Decision that Child Should No Longer be Placed for Adoption", "value-formula", W): 1,
            ("List 2", "list-not-stored", W): 1,
            ("List 11", "list-not-stored", W): 1,
        }
    )
    assert summary == expected
    need = next(f for f in findings if f.code == "code-unknown")
    assert (need.row, need.value, need.child_id) == (2, "PSRMEM - Support with memory and cognition", "12598894")


def test_sample_tables(sample: tuple[dict[str, pl.DataFrame], list[Any]]) -> None:
    tables, _ = sample
    heights = {name: frame.height for name, frame in tables.items() if frame.height}
    assert heights == {
        "children": 43, "contacts": 5, "cin_episodes": 11, "assessments": 5, "section47": 5, "cp_plans": 7,
        "cp_reviews": 5, "cla_episodes": 5, "cla_reviews": 5, "visits": 12, "care_leavers": 6, "allocations": 34,
        "health_assessments": 5,
    }  # fmt: skip
    contact = tables["contacts"].row(0, named=True)
    assert contact == {"child_id": "9212044", "contact_id": "9212044/C/2020-09-16",
                       "contact_date": dt.date(2020, 9, 16), "source": "6", "decision_date": None,
                       "outcome": None}  # fmt: skip
    child = tables["children"].filter(pl.col("child_id") == "9212044").row(0, named=True)
    assert (child["sex"], child["ethnicity"], child["dob"]) == ("F", "WBRI", dt.date(2015, 1, 25))  # "Female"
    referral = tables["cin_episodes"].filter(pl.col("child_id") == "6537810").row(0, named=True)
    assert (referral["episode_id"], referral["referral_source"], referral["referral_nfa"]) == (
        "6537810/2020-09-16", "8", False)  # fmt: skip
    s47 = tables["section47"].filter(pl.col("child_id") == "6537810").row(0, named=True)
    assert s47["s47_id"] == "6537810/2020-09-16/S47/2020-09-16"  # in the List 3 referral's episode
    plan = tables["cp_plans"].row(0, named=True)
    assert (plan["plan_id"], plan["initial_category"], plan["end_date"]) == (
        "10721552/CP/2020-11-23", "PHY", dt.date(2021, 2, 16))  # fmt: skip
    care = tables["cla_episodes"].row(0, named=True)  # the latest of period, legal status and placement starts
    assert (care["start_date"], care["legal_status"], care["placement"], care["provider"]) == (
        dt.date(2010, 7, 12), "E1", "U6", "PR4")  # fmt: skip
    leaver = tables["care_leavers"].row(0, named=True)  # latest date in Lists 1–8 is 15/03/2021
    assert leaver == {"child_id": "7961370", "year_ending": dt.date(2020, 3, 31), "in_touch": "YES",
                      "activity": "F1", "accommodation": "Y1"}  # fmt: skip
    assert "Dustin Hazlett" in tables["allocations"]["worker_id"].to_list()  # no-break space made a space


def test_read_returns_imports_the_sample() -> None:
    file = ReturnFile(SAMPLE.name, SAMPLE.read_bytes())
    assert kind_of(file) == "annex-a"
    result = read_returns([file], as_at=dt.date(2021, 3, 16))
    assert result.errors == []
    assert result.sources[0]["format"] == "annex-a"
    assert result.tables["children"].height == 43
    assert result.tables["care_leavers"]["year_ending"].unique().to_list() == [dt.date(2020, 3, 31)]


def test_other_workbooks_are_still_refused() -> None:
    file = ReturnFile("notes.xlsx", _book({"Sheet1": [["Hello"]]}))
    assert kind_of(file) == "workbook"
    assert [f.code for f in read_returns([file], as_at=dt.date(2025, 1, 1)).findings] == ["unsupported-workbook"]


# Hand-made workbooks ----------------------------------------------------------------------------------


def test_misspelt_headers_and_sheet_names() -> None:
    content = _book(
        {
            "list1 - Contacts": [
                ["CHILD UNIQUE ID", "gender", "Ethnicity ", "date-of-birth", "AGE", "Date of contact?", "Contact Sorce",
                 "Notes"],
                [101, "a) Male", "a) WBRI", dt.datetime(2015, 1, 2), 9, "03/04/2024", "q) 6: Police", "x"],
            ]
        }
    )  # fmt: skip
    tables, findings = parse_annex_a("a.xlsx", content)
    assert [(f.row, f.field, f.code, f.message) for f in findings] == [
        (1, "list1 - Contacts: Contact Sorce", "header-inexact", 'is read as "Contact Source".'),
        (1, "list1 - Contacts: Notes", "header-unknown", "is not a column of Annex A List 1; it is ignored."),
    ]
    assert tables["contacts"].select("child_id", "contact_date", "source").row(0) == ("101", dt.date(2024, 4, 3), "6")
    assert tables["children"].select("sex", "ethnicity", "dob").row(0) == ("M", "WBRI", dt.date(2015, 1, 2))


def test_lettered_values() -> None:
    header = [c.header for c in LISTS[3]]
    rows = [
        ["1", "a) Male", "a) WBRI", None, None, dt.date(2024, 5, 1), "e) 2A: Schools", "a) Yes", 0, "T", "W"],
        ["2", "b) Female", "k) APKN", None, None, dt.date(2024, 5, 2), "6", "b) No", 0, "T", "W"],
        ["3", "c) Not stated/recorded", "NOBT", None, None, dt.date(2024, 5, 3), None, "No", 0, "T", "W"],
        ["4", "d) Neither", None, None, None, dt.date(2024, 5, 4), None, "Y", 0, "T", "W"],
    ]
    tables, findings = parse_annex_a("a.xlsx", _book({"List 3": [header, *rows]}))
    assert findings == []
    assert tables["children"].select("sex", "ethnicity").rows() == [
        ("M", "WBRI"), ("F", "APKN"), ("U", "NOBT"), ("U", None)]  # fmt: skip
    assert tables["cin_episodes"].select("referral_source", "referral_nfa").rows() == [
        ("2A", True), ("6", False), (None, False), (None, True)]  # fmt: skip


def test_formula_invalid_date_and_bad_values() -> None:
    header: list[Any] = [c.header for c in LISTS[1]]
    rows: list[list[Any]] = [
        ["1", "Male", "WBRI", "31/02/2015", None, "=TODAY()", "6"],
        ["2", "Boy or girl", "WBRI", "2015", None, dt.date(2024, 5, 1), "6"],
        [None, "Male", "WBRI", None, None, dt.date(2024, 5, 1), "6"],
    ]
    tables, findings = parse_annex_a("a.xlsx", _book({"List 1": [header, *rows]}))
    assert [(f.row, f.field, f.value, f.code, f.severity, f.child_id) for f in findings] == [
        (2, "List 1: Date of Birth", "31/02/2015", "date-invalid", E, "1"),
        (2, "List 1: Date of Contact", "=TODAY()", "value-formula", W, "1"),
        (3, "List 1: Gender", "Boy or girl", "value-invalid", E, "2"),
        (3, "List 1: Date of Birth", "2015", "date-invalid", E, "2"),
        (4, "List 1: Child Unique ID", "", "value-missing", E, ""),
    ]
    assert findings[0].message == "is not a real date."
    assert tables["contacts"]["child_id"].to_list() == ["2"]  # row 2's contact date was a formula


def test_missing_required_column() -> None:
    header = [c.header for c in LISTS[7] if c.name != "start_date"]
    tables, findings = parse_annex_a("a.xlsx", _book({"List 7": [header, ["1"] * len(header)]}))
    assert [(f.row, f.field, f.code, f.message) for f in findings] == [
        (1, "List 7", "columns-missing", 'List 7 has no "Child Protection Plan Start Date" column, so the list '
         "cannot be read.")]  # fmt: skip
    assert tables["cp_plans"].is_empty()


def test_not_a_workbook_and_no_lists() -> None:
    assert [f.code for f in parse_annex_a("a.xlsx", b"PK\x03\x04 broken")[1]] == ["workbook-unreadable"]
    assert [f.code for f in parse_annex_a("a.xlsx", _book({"Sheet": [["x"]]}))[1]] == ["annex-a-no-lists"]


def test_export_writes_text_as_text_and_lettered_labels() -> None:
    children = pl.DataFrame({"child_id": ["=1+1"], "sex": ["F"], "dob": [dt.date(2015, 6, 1)], "ethnicity": ["APKN"]})
    contacts = pl.DataFrame({"child_id": ["=1+1"], "contact_id": ["x"], "contact_date": [dt.date(2025, 1, 10)],
                             "source": ["6"]})  # fmt: skip
    content = to_xlsx({"children": children, "contacts": contacts}, as_at=dt.date(2025, 2, 1))
    sheet = openpyxl.load_workbook(io.BytesIO(content))["List 1"]
    assert [c.value for c in sheet[1]] == [c.header for c in LISTS[1]]
    assert [c.value for c in sheet[2]] == ["=1+1", "b) Female", "k) APKN", dt.datetime(2015, 6, 1), 9,
                                           dt.datetime(2025, 1, 10), "q) 6: Police"]  # fmt: skip
    assert sheet["A2"].data_type == "s"


# Round trip: generate → Annex A → parse --------------------------------------------------------------

DAY = dt.date(2024, 11, 15)
# Columns compared, per table: what Annex A carries. Not compared: contact ids (the generator numbers
# contacts), sources of lists 6-only episodes, child_seen/review dates and factors of assessments,
# S47 ICPC targets, CLA reason_new/reason_place_change/home_postcode, adopters' details, allocation dates.
COMPARED = {
    "contacts": ("child_id", "contact_date", "source"),
    "assessments": ("child_id", "episode_id", "assessment_id", "start_date", "authorisation_date"),
    "section47": ("child_id", "episode_id", "s47_id", "strategy_date", "start_date", "icpc_date",
                  "icpc_not_required", "icpc_outcome_cp"),
    "cp_plans": ("child_id", "episode_id", "plan_id", "start_date", "end_date", "initial_category",
                 "latest_category", "previous_plans"),
    "cla_episodes": ("child_id", "start_date", "legal_status", "need_code", "placement", "provider", "end_date",
                     "reason_ceased", "placement_postcode", "urn"),
    "care_leavers": ("child_id", "year_ending", "in_touch", "activity", "accommodation"),
    "placed_for_adoption": ("child_id", "decision_date", "ceased_date", "ceased_reason"),
    "children": ("child_id", "sex", "ethnicity", "dob"),
    "allocations": ("child_id", "worker_id", "team"),
    "health_assessments": ("child_id", "assessment_date"),
}  # fmt: skip


@pytest.fixture(scope="module")
def round_trip() -> tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame], list[Any]]:
    workers = workers_from_demo(demo_authority())
    tables = generate_authority(
        11, start=dt.date(2023, 4, 1), end=dt.date(2025, 3, 31), children_in_need_per_year=200, workers=workers
    )
    snap = {name: stood(name, frame, DAY) for name, frame in tables.items()}
    parsed, findings = parse_annex_a("annex_a.xlsx", to_xlsx(tables, as_at=DAY), as_at=DAY)
    return snap, parsed, findings


def _expected(snap: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """What the lists should carry, straight from the generated tables as they stood on DAY."""
    since, year_ago = months_before(DAY, 6), months_before(DAY, 12)

    def within(frame: pl.DataFrame, column: str) -> pl.DataFrame:
        return frame.filter(pl.col(column).is_between(since, DAY))

    care = open_during(snap["cla_episodes"], "start_date", "end_date", since, DAY)
    year_end = dt.date(2024, 3, 31)
    ended = pl.col("ceased_date").is_null() | (pl.col("ceased_date") >= year_ago)
    expected = {
        "contacts": within(snap["contacts"], "contact_date"),
        "assessments": within(snap["assessments"], "start_date"),
        "section47": within(snap["section47"], "strategy_date"),
        "cp_plans": open_during(snap["cp_plans"], "start_date", "end_date", since, DAY),
        "cla_episodes": care.sort("start_date").group_by("child_id").last(),
        "care_leavers": snap["care_leavers"].filter(pl.col("year_ending") == year_end),
        "placed_for_adoption": snap["placed_for_adoption"].filter(ended),
    }
    last_health = snap["health_assessments"].group_by("child_id").agg(pl.col("assessment_date").max())
    expected["health_assessments"] = last_health.join(expected["cla_episodes"], on="child_id", how="semi")
    need = open_during(snap["cin_episodes"], "referral_date", "closure_date", since, DAY)
    episodes = pl.concat(
        [within(snap["cin_episodes"], "referral_date"), need.filter(~pl.col("referral_nfa").fill_null(False))]
    )
    listed = pl.concat([frame.select("child_id") for frame in (*expected.values(), episodes)]).unique()
    expected["children"] = snap["children"].join(listed, on="child_id", how="semi")
    lists_3_to_9 = ("assessments", "section47", "cp_plans", "cla_episodes", "care_leavers")
    staffed = pl.concat([episodes.select("child_id"), *(expected[name].select("child_id") for name in lists_3_to_9)])
    current = snap["allocations"].filter(pl.col("end_date").is_null()).sort("start_date").group_by("child_id").last()
    expected["allocations"] = current.join(staffed.unique(), on="child_id", how="semi")
    expected["cin_episodes"] = episodes.unique("episode_id")
    return expected


def _rows(frame: pl.DataFrame, columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    return sorted(frame.select(columns).unique().rows(), key=repr)


def test_round_trip_gives_back_the_records(
    round_trip: tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame], list[Any]],
) -> None:
    snap, parsed, findings = round_trip
    assert errors(findings) == []
    expected = _expected(snap)
    for table, columns in COMPARED.items():
        assert expected[table].height > 0 or table == "placed_for_adoption", table
        assert _rows(parsed[table], columns) == _rows(expected[table], columns), table
    # Episodes: the referral columns from List 3, the need and closure from List 6; the ids and dates from both.
    assert _rows(parsed["cin_episodes"], ("child_id", "episode_id", "referral_date")) == _rows(
        expected["cin_episodes"], ("child_id", "episode_id", "referral_date")
    )
    referrals = expected["cin_episodes"].filter(pl.col("referral_date") >= months_before(DAY, 6))
    got = parsed["cin_episodes"].join(referrals.select("episode_id"), on="episode_id", how="semi")
    assert _rows(got, ("episode_id", "referral_source", "referral_nfa")) == _rows(
        referrals, ("episode_id", "referral_source", "referral_nfa")
    )
