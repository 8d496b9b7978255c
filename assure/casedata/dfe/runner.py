"""Run the DfE validators on a set of returns; runs in their own environment, never in Assure's.

`csc-validator-be-903` and `csc-validator-be-cin` need pandas 1.x and numpy<2, which Assure does not
use, so `make validators` puts them in a separate Python 3.11 virtual environment and Assure runs this
script there as a separate process (`assure.casedata.dfe`). It imports nothing from Assure.

Input: a JSON request on stdin: {"collection_year": 2025, "la_ons_code": "E10000024",
"ssda903": {"this_year": [paths], "previous_year": [paths]}, "cin": [paths], "out": path}.
Output: a JSON file at `out` with, for each validator run, its rules run, skipped and failed, how long
reading the files into tables and validating took, and each issue (table, row, child, rule code and
description, columns). Anything the packages print goes to stderr, never into the result.
"""

from __future__ import annotations

import contextlib
import json
import math
import sys
import time
from typing import Any

# Where the ruleset for a collection year is missing (a year the packages do not know yet), the
# nearest year they do know is used, and the result says which.
LAC_YEARS = range(2023, 2028)
CIN_YEARS = range(2023, 2028)


def _nearest(year: int, known: range) -> int:
    return min(max(year, known.start), known.stop - 1)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_text(v) for v in value)
    return str(value)


def run_903(this_year: list[str], previous_year: list[str], year: int, la: str) -> dict[str, Any]:
    from lac_validator import lac_validator
    from lac_validator.ingress import read_from_text
    from lac_validator.report import Report
    from lac_validator.rules.ruleset_utils import get_year_ruleset
    from lac_validator.utils import process_uploaded_files

    ruleset_year = _nearest(year, LAC_YEARS)
    started = time.perf_counter()
    files = process_uploaded_files({"This year": this_year, "Prev year": previous_year})
    read_from_text(raw_files=files)  # timed on its own: the packages' file-to-table conversion
    converted = time.perf_counter()
    registry = get_year_ruleset(str(ruleset_year))
    metadata = {"collectionYear": str(ruleset_year), "localAuthority": la}
    validator = lac_validator.LacValidator(metadata=metadata, files=files, registry=registry, selected_rules=None)
    report = Report(validator.ds_results, registry)
    issues = lac_validator.create_issue_df(report.report, report.error_report)
    finished = time.perf_counter()
    rows = [
        {
            "table": _text(row["tables_affected"]),
            "row_id": int(row["row_id"]),
            "child_id": _text(row["child_id"]),
            "rule_code": _text(row["rule_code"]),
            "description": _text(row["rule_description"]),
            "columns": _text(row["columns_affected"]),
        }
        for row in issues.to_dict("records")
    ]
    return {
        "ruleset": f"lac{ruleset_year - 1}_{str(ruleset_year)[2:]}",
        "done": len(validator.dones),
        "skipped": len(validator.skips),
        "failed": [str(code) for code in validator.fails],
        "seconds_to_tables": converted - started,
        "seconds_total": finished - started,
        "issues": rows,
    }


def run_cin(path: str, year: int) -> dict[str, Any]:
    import xml.etree.ElementTree as ET

    from cin_validator import cin_validator
    from cin_validator.rules.ruleset_utils import get_year_ruleset

    ruleset_year = _nearest(year, CIN_YEARS)
    started = time.perf_counter()
    raw = cin_validator.convert_data(ET.parse(path).getroot())  # noqa: S314
    converted = time.perf_counter()
    registry = get_year_ruleset(str(ruleset_year))
    validator = cin_validator.CinValidator(cin_validator.process_data(raw), registry, None)
    finished = time.perf_counter()
    rows = [
        {
            "table": _text(row.get("tables_affected")),
            "row_id": int(row["row_id"]) if _text(row.get("row_id")).lstrip("-").isdigit() else None,
            "child_id": _text(row.get("child_id")),
            "rule_code": _text(row.get("rule_code")),
            "description": _text(row.get("rule_description")),
            "columns": _text(row.get("columns_affected")),
        }
        for row in validator.full_issue_df.to_dict("records")
    ]
    rows += [
        {
            "table": "Header",
            "row_id": None,
            "child_id": "",
            "rule_code": _text(row.get("rule_code")),
            "description": _text(row.get("rule_description")),
            "columns": "",
        }
        for row in validator.multichild_issues.to_dict("records")
    ]
    return {
        "ruleset": f"cin{ruleset_year - 1}_{str(ruleset_year)[2:]}",
        "seconds_to_tables": converted - started,
        "seconds_total": finished - started,
        "issues": rows,
    }


def main() -> int:
    request = json.load(sys.stdin)
    year, result = int(request["collection_year"]), {}
    # The packages print to stdout (a stray "{}", exceptions inside rules): keep it off our output.
    with contextlib.redirect_stdout(sys.stderr):
        ssda903 = request.get("ssda903") or {}
        if ssda903.get("this_year") or ssda903.get("previous_year"):
            result["903"] = run_903(
                ssda903.get("this_year", []), ssda903.get("previous_year", []), year, request["la_ons_code"]
            )
        result["cin"] = {path: run_cin(path, year) for path in request.get("cin", [])}
    with open(request["out"], "w", encoding="utf-8") as out:
        json.dump(result, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
