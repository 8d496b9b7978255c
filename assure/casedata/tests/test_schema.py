from __future__ import annotations

import datetime as dt

import polars as pl

from assure.casedata.findings import Finding, Severity, errors
from assure.casedata.schema import SCHEMA, conform, empty, from_records, to_records


def test_every_table_has_a_child_id_first() -> None:
    for table, columns in SCHEMA.items():
        assert next(iter(columns)) == "child_id", table


def test_conform_adds_missing_columns_and_casts() -> None:
    frame = conform(
        "cla_episodes", pl.DataFrame({"child_id": ["7"], "start_date": [dt.date(2025, 3, 31)], "extra": [1]})
    )
    assert frame.columns == list(SCHEMA["cla_episodes"])
    assert frame["start_date"].to_list() == [dt.date(2025, 3, 31)]
    assert frame["end_date"].to_list() == [None]
    assert empty("children").height == 0


def test_a_finding_names_file_row_field_and_value() -> None:
    finding = Finding("episodes.csv", 7, "DECOM", "31/02/2025", "is not a real date.", "date")
    assert str(finding) == 'episodes.csv, row 7, field "DECOM": "31/02/2025" is not a real date.'
    warning = Finding("header.csv", 2, "SEX", "1", "uses the old code.", "sex-old", Severity.WARNING)
    assert errors([finding, warning]) == [finding]


def test_records_round_trip_through_json_ready_dicts() -> None:
    frame = conform(
        "assessments",
        pl.DataFrame(
            {
                "child_id": ["1", "2"],
                "assessment_id": ["1/A", "2/A"],
                "start_date": [dt.date(2024, 2, 29), None],
                "factors": [["2A", "3B"], None],
            }
        ),
    )
    records = to_records("assessments", frame)
    assert records[0]["start_date"] == "2024-02-29" and records[0]["factors"] == ["2A", "3B"]
    assert from_records("assessments", records).equals(frame)
    assert from_records("assessments", []).schema == frame.schema
