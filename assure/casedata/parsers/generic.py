"""Parse a file in the generic layout (visits, allocations, review due dates, pre-proceedings…).

Framework-free: `parse_generic` takes one file as (name, bytes), CSV or XLSX, and gives back its canonical
table and a list of `Finding`s. The layouts are in `generic_spec` and documented for councils in
`docs/generic-layout.md`. A file's table is recognised from its column names (or from its name, when
it is named after a table), or given with a mapping from the council's headers to ours. A workbook
may hold one table per worksheet.

Rows are as a person sees them: the header is row 1. Finding codes: `file-empty`, `encoding`,
`csv-unreadable`, `xlsx-unreadable`, `table-unknown`, `columns-missing`, `mapping-invalid`, `formula`
(a formula cell: never calculated), `value-missing`, `date-invalid` (not a date, or 31/02), `value-invalid`
(a warning: a yes/no that is neither; imported as blank), `date-order` (an end before its start),
`record-duplicate` (the same natural key twice in a file), and the warnings `column-ignored` and
`sheet-ignored`.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import polars as pl

from assure.casedata.findings import Finding, Severity
from assure.casedata.parsers.common import FILE, FINDING_LIMIT, ROW, Findings, drop_blank_rows, read_csv, tidy
from assure.casedata.parsers.generic_checks import check_table, convert
from assure.casedata.parsers.generic_spec import LAYOUTS, Layout, closest, identify, named, normalise, suggest_mapping
from assure.casedata.parsers.generic_xlsx import first_rows, read_xlsx

__all__ = [
    "LAYOUTS",
    "file_headers",
    "first_row",
    "is_generic_csv",
    "is_generic_workbook",
    "parse_generic",
    "suggest_mapping",
]

_XLSX = b"PK\x03\x04"
_XLS = b"\xd0\xcf\x11\xe0"


def parse_generic(
    name: str,
    content: bytes,
    *,
    table: str | None = None,
    mapping: dict[str, str] | None = None,
    finding_limit: int = FINDING_LIMIT,
) -> tuple[dict[str, pl.DataFrame], list[Finding]]:
    """The canonical table(s) in one generic-layout file and what is wrong with it.

    `table` (a key of `LAYOUTS`) says which table the file holds; without it the table is recognised from
    the columns. `mapping` maps the file's headers to our column names ("Visit Date" → visit_date); headers
    it does not name are matched by name. In a workbook with `table` given only the first non-empty sheet
    is read; without it every sheet is recognised on its own. Errors mean the file should not be imported
    as it is; warnings are for a person to look at.
    """
    if table is not None and table not in LAYOUTS:
        raise ValueError(f"Unknown generic table {table!r}; expected one of {', '.join(LAYOUTS)}.")
    out = Findings(finding_limit)
    sheets = _read(name, content, out)
    if table is not None:
        sheets = sheets[:1]
    pieces: dict[str, list[pl.DataFrame]] = defaultdict(list)
    unknown: list[Finding] = []
    for label, frame, headers in sheets:
        found = _recognise(label, frame, headers, table, mapping or {}, out, unknown)
        if found is not None:
            pieces[found[0]].append(found[1])
    for finding in unknown:
        out.add(finding if not pieces else _ignored(finding))
    return {found: _finish(found, frames, out) for found, frames in pieces.items()}, out.result()


def _finish(table: str, frames: list[pl.DataFrame], out: Findings) -> pl.DataFrame:
    frame = pl.concat(frames, how="vertical")
    check_table(LAYOUTS[table], frame, out)
    return convert(LAYOUTS[table], frame)


def _ignored(finding: Finding) -> Finding:
    message = "This worksheet matches no generic layout, so it was not imported."
    return Finding(finding.file, None, "", "", message, "sheet-ignored", Severity.WARNING)


def is_generic_csv(name: str, content: bytes) -> bool:
    """Whether a CSV is named after a generic layout's table or its first row names the columns of
    one (so it is not a 903 table)."""
    return named(name) is not None or identify(first_row(content[:65536])) is not None


def is_generic_workbook(content: bytes) -> bool:
    """Whether a worksheet of an XLSX workbook names the columns of a generic layout in its first row."""
    return content.startswith(_XLSX) and any(identify(headers) is not None for headers in first_rows(content))


def file_headers(name: str, content: bytes) -> list[str]:
    """The column headers of a CSV or of a workbook's first non-empty sheet, for the mapping screen."""
    sheets = _read(name, content, Findings())
    return sheets[0][2] if sheets else []


# Reading: every file becomes text columns named by their header, with `_file` and `_row`.

Sheet = tuple[str, pl.DataFrame, list[str]]  # label for findings, the frame, the headers as written


def _read(name: str, content: bytes, out: Findings) -> list[Sheet]:
    if content.startswith(_XLSX):
        return read_xlsx(name, content, out)
    if content.startswith(_XLS):
        message = 'This is an old Excel workbook (.xls). Save it as "Excel Workbook (.xlsx)" or as CSV UTF-8.'
        out.add(Finding(name, None, "", "", message, "xlsx-unreadable"))
        return []
    frame, problem = read_csv(name, content)
    if frame is None:
        if problem is not None:
            out.add(problem)
        return []
    headers = first_row(content)
    if len(headers) != frame.width - 2 or len(set(headers)) != len(headers):
        headers = [column for column in frame.columns if column not in (FILE, ROW)]
    frame.columns = [*headers, FILE, ROW]
    return [(name, frame, headers)]


def first_row(content: bytes) -> list[str]:
    """A CSV's header row as written (stripped), without reading the rest of the file."""
    text = content.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    return [header.strip() for header in next(csv.reader(io.StringIO(text)), [])]


# Recognising: rename the file's headers to our columns and decide the table.


def _recognise(
    label: str,
    frame: pl.DataFrame,
    headers: list[str],
    table: str | None,
    mapping: dict[str, str],
    out: Findings,
    unknown: list[Finding],
) -> tuple[str, pl.DataFrame] | None:
    wanted = {normalise(theirs): ours for theirs, ours in mapping.items() if ours}
    targets = {header: wanted.get(normalise(header), normalise(header)) for header in headers}
    if not _mapping_valid(label, targets, wanted, table, out):
        return None
    found = table or named(label) or identify(targets.values())
    if found is None:
        unknown.append(_unknown_table(label, list(targets.values())))
        return None
    layout = LAYOUTS[found]
    missing = [column for column in layout.required if column not in targets.values()]
    if missing:
        message = f"The {layout.title} layout needs the column(s) {', '.join(missing)}, which this file lacks."
        out.add(Finding(label, 1, ", ".join(missing), "", message, "columns-missing"))
        return None
    ignored = [header for header, target in targets.items() if target not in layout.names and header]
    if ignored:
        message = f"These columns are not part of the {layout.title} layout and were not imported."
        out.add(Finding(label, 1, ", ".join(ignored), "", message, "column-ignored", Severity.WARNING))
    kept = {header: target for header, target in targets.items() if target in layout.names}
    frame = frame.select(*(pl.col(header).alias(target) for header, target in kept.items()), FILE, ROW)
    codes = [column.name for column in layout.columns if column.kind == "code"]
    return found, drop_blank_rows(tidy(frame, codes))


def _mapping_valid(
    label: str, targets: dict[str, str], wanted: dict[str, str], table: str | None, out: Findings
) -> bool:
    allowed = set(LAYOUTS[table].names) if table else {name for layout in LAYOUTS.values() for name in layout.names}
    valid = True
    for ours in sorted(set(wanted.values()) - allowed):
        where = f"the {LAYOUTS[table].title} layout" if table else "any generic layout"
        out.add(
            Finding(label, None, ours, "", f"The mapping names a column that is not in {where}.", "mapping-invalid")
        )
        valid = False
    seen: dict[str, str] = {}
    for header, target in targets.items():
        if target in allowed and target in seen:
            message = f'Both "{seen[target]}" and "{header}" would be read as {target}: map only one of them.'
            out.add(Finding(label, 1, target, header, message, "mapping-invalid"))
            valid = False
        seen.setdefault(target, header)
    return valid


def _unknown_table(label: str, names: list[str]) -> Finding:
    layout: Layout = LAYOUTS[closest(names)]
    missing = [column for column in layout.required if column not in names]
    message = (
        f"The columns ({', '.join(names)}) match no generic layout. The closest is {layout.title} "
        f"({layout.table}), which needs {', '.join(missing)}. Rename the columns or map them to ours."
    )
    return Finding(label, 1, ", ".join(missing), "", message, "table-unknown")
