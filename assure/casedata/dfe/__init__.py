"""The DfE validation rules, from the maintained packages, run beside Assure's own checks. Framework-free.

`csc-validator-be-903` and `csc-validator-be-cin` pin pandas 1.x and numpy<2, which Assure must not be
held to, so they live in their own Python 3.11 environment (`make validators`, from the pinned
`requirements-validators.txt`) and `runner.py` runs there as a separate process. Their issues become
`Finding`s with the DfE rule code (`903-101`, `CIN-8825Q`), `source` naming the validator, and the
file, row, child and columns they point at. They are warnings: a return that breaks a DfE rule is
still imported, and the data-quality page lists what to put right before the statutory return.

Where the environment is missing, nothing runs and nothing is reported; where it fails, one warning
says so and the import goes on.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assure.casedata.findings import Finding, Severity
from assure.casedata.importing import ReturnFile, kind_of
from assure.casedata.parsers import ssda903_spec
from assure.casedata.parsers.generic import first_row

RUNNER = Path(__file__).with_name("runner.py")
# A return with every row in error would otherwise store hundreds of thousands of findings: each rule
# lists this many, and one more finding counts the rest.
PER_RULE = 500
FAILED = "dfe-validator-failed"


@dataclass
class DfeResult:
    findings: list[Finding] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # "903 tables", "903 total", "CIN tables: name"…


def validators_python(configured: str) -> Path | None:
    """The validators' Python, if that environment exists ("off" turns them off)."""
    if not configured or configured.lower() == "off":
        return None
    path = Path(configured)
    return path if path.is_file() else None


def dfe_validate(
    files: Sequence[ReturnFile], *, collection_year: int, la_ons_code: str, python: Path, timeout: float = 900
) -> DfeResult:
    """Run the DfE validators on the 903 and CIN census files among `files`."""
    this_year, previous_year, cin = _select(files)
    if not (this_year or previous_year or cin):
        return DfeResult()
    with tempfile.TemporaryDirectory(prefix="assure-dfe-") as folder:
        written: dict[str, ReturnFile] = {}

        def write(file: ReturnFile, suffix: str) -> str:
            path = Path(folder) / f"{len(written):03d}{suffix}"
            if file.path is not None:
                shutil.copyfile(file.path, path)
            else:
                path.write_bytes(file.content)
            written[str(path)] = file
            return str(path)

        out = Path(folder) / "result.json"
        request = {
            "collection_year": collection_year,
            "la_ons_code": la_ons_code or "E09000027",
            "ssda903": {
                "this_year": [write(f, _suffix(f)) for f in this_year],
                "previous_year": [write(f, _suffix(f)) for f in previous_year],
            },
            "cin": [write(f, ".xml") for f in cin],
            "out": str(out),
        }
        try:
            process = subprocess.run(  # noqa: S603 - our own script, in our own environment, no shell
                [str(python), str(RUNNER)],
                input=json.dumps(request),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return DfeResult([_failed(f"they took longer than {timeout:.0f} seconds and were stopped")])
        if process.returncode != 0:
            return DfeResult([_failed(_last_line(process.stderr))])
        result = json.loads(out.read_text(encoding="utf-8"))
    return _to_result(result, written, this_year, previous_year)


def _select(files: Sequence[ReturnFile]) -> tuple[list[ReturnFile], list[ReturnFile], list[ReturnFile]]:
    kinds = [(f, "mapped" if f.table else kind_of(f)) for f in files]
    ssda903 = [(f, k) for f, k in kinds if k in {"903-csv", "903-xml"}]
    # The 903 validator reads either CSV tables or one XML file, not both: CSV wins if both came.
    wanted = "903-csv" if any(k == "903-csv" for _, k in ssda903) else "903-xml"
    this_year = [f for f, k in ssda903 if k == wanted and not f.previous_year]
    previous_year = [f for f, k in ssda903 if k == wanted and f.previous_year]
    if wanted == "903-xml":
        this_year, previous_year = this_year[:1], []
    return this_year, previous_year, [f for f, k in kinds if k == "cin-xml"]


def _suffix(file: ReturnFile) -> str:
    return ".xml" if kind_of(file) == "903-xml" else ".csv"


def _failed(reason: str) -> Finding:
    message = f"The DfE validation rules could not be run: {reason}. Assure's own checks were made."
    return Finding("", None, "", "", message, FAILED, Severity.WARNING, source="dfe")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "the validators stopped without saying why"


def _to_result(
    result: dict[str, Any],
    written: dict[str, ReturnFile],
    this_year: list[ReturnFile],
    previous_year: list[ReturnFile],
) -> DfeResult:
    out = DfeResult()
    if "903" in result:
        run = result["903"]
        tables = {**_903_tables(this_year, ""), **_903_tables(previous_year, "_last")}
        csv_rows = _csv_rows([*this_year, *previous_year])
        found = [_903_finding(issue, tables, csv_rows) for issue in _by_row(run["issues"])]
        out.findings += _capped(found, "903")
        out.findings += [_failed_rule("903", code) for code in run.get("failed", [])]
        out.timings |= {"903 tables": run["seconds_to_tables"], "903 total": run["seconds_total"]}
    for path, run in result.get("cin", {}).items():
        name = written[path].name
        found = [_cin_finding(issue, name) for issue in _by_row(run["issues"])]
        out.findings += _capped(found, "CIN")
        out.timings |= {f"CIN tables: {name}": run["seconds_to_tables"], f"CIN total: {name}": run["seconds_total"]}
    return out


def _903_tables(files: list[ReturnFile], suffix: str) -> dict[str, tuple[str, bool]]:
    """The validator's table name (Header, Episodes_last…) → (file name, whether its rows are CSV rows)."""
    tables: dict[str, tuple[str, bool]] = {}
    for file in files:
        if file.head(4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            for xml_table in ssda903_spec.XML_TABLES:
                tables.setdefault(f"{xml_table}{suffix}", (file.name, False))
            continue
        table = ssda903_spec.identify({h.strip().upper() for h in first_row(file.head(65536))})
        if table is not None:
            tables[f"{table}{suffix}"] = (file.name, True)
    return tables


def _by_row(issues: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One issue per table, row and rule, with the columns it names joined (the packages give one per column)."""
    grouped: dict[tuple[Any, ...], dict[str, Any]] = {}
    for issue in issues:
        key = (issue["table"], issue["row_id"], issue["rule_code"], issue["child_id"])
        if key in grouped:
            columns = grouped[key]["columns"]
            if issue["columns"] and issue["columns"] not in columns.split(", "):
                grouped[key]["columns"] = f"{columns}, {issue['columns']}" if columns else issue["columns"]
        else:
            grouped[key] = dict(issue)
    return list(grouped.values())


def _903_finding(
    issue: dict[str, Any], tables: dict[str, tuple[str, bool]], csv_rows: dict[str, list[dict[str, str]]]
) -> Finding:
    name, is_csv = tables.get(issue["table"], (issue["table"], False))
    row = issue["row_id"] + 2 if is_csv and issue["row_id"] is not None else None  # header is row 1
    return Finding(
        name,
        row,
        issue["columns"],
        _csv_value(csv_rows.get(name, []), issue["row_id"], issue["columns"]) if row else "",
        _message(issue),
        f"903-{issue['rule_code']}",
        Severity.WARNING,
        issue["child_id"],
        "dfe-903",
    )


def _csv_rows(files: list[ReturnFile]) -> dict[str, list[dict[str, str]]]:
    """Each 903 CSV's rows by column (upper case), to show the value a DfE rule found wrong."""
    rows: dict[str, list[dict[str, str]]] = {}
    for file in files:
        if file.head(4096).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            continue
        text = file.read().decode("utf-8-sig", errors="replace")
        reader = csv.reader(io.StringIO(text))
        header = [column.strip().upper() for column in next(reader, [])]
        rows[file.name] = [dict(zip(header, values, strict=False)) for values in reader]
    return rows


def _csv_value(rows: list[dict[str, str]], row_id: int, columns: str) -> str:
    """The value(s) at the row the validator names: one column's value, or `COLUMN: value` for several."""
    if not 0 <= row_id < len(rows) or not columns:
        return ""
    names = [column.strip().upper() for column in columns.split(",") if column.strip()]
    if len(names) == 1:
        return rows[row_id].get(names[0], "")
    return "; ".join(f"{column}: {rows[row_id].get(column) or '(blank)'}" for column in names)


def _cin_finding(issue: dict[str, Any], name: str) -> Finding:
    where = f"{issue['table']}: " if issue["table"] else ""
    return Finding(
        name,
        None,
        f"{where}{issue['columns']}" if issue["columns"] else issue["table"],
        "",
        _message(issue),
        f"CIN-{issue['rule_code']}",
        Severity.WARNING,
        issue["child_id"],
        "dfe-cin",
    )


def _message(issue: dict[str, Any]) -> str:
    query = re.search(r"Q$", str(issue["rule_code"])) is not None
    kind = "DfE query" if query else "DfE rule"
    return f"{kind} {issue['rule_code']}: {issue['description'].strip()}"


def _capped(found: list[Finding], validator: str) -> list[Finding]:
    """At most PER_RULE findings of each rule, and for a rule with more, one finding saying how many."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in found:
        by_rule.setdefault(finding.code, []).append(finding)
    kept: list[Finding] = []
    for code, findings in by_rule.items():
        kept += findings[:PER_RULE]
        if len(findings) > PER_RULE:
            message = (
                f"{len(findings)} records break DfE {validator} rule {code.split('-', 1)[1]}; the first "
                f"{PER_RULE} are listed. Run the DfE validator itself for the full list."
            )
            source = findings[0].source
            kept.append(Finding("", None, "", str(len(findings)), message, code, Severity.WARNING, "", source))
    return kept


def _failed_rule(validator: str, code: str) -> Finding:
    message = f"DfE rule {code} could not be checked: it stopped with an error inside the validator package."
    return Finding(
        "", None, "", "", message, f"{validator}-{code}", Severity.WARNING, source=f"dfe-{validator.lower()}"
    )
