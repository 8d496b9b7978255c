"""Parse an SSDA903 (children looked after) return into Assure's canonical tables and findings.

Framework-free: `parse_903` takes the files as (name, bytes) — an XML file may instead be (name, path or
binary file object), streamed rather than read whole — and gives back Polars tables and a list of
`Finding`s, so it runs the same in a view, a task, a test or a notebook. A return is a set of CSVs, each
recognised by its exact set of columns (any order, any case; file names do not matter), and/or one XML
file (`EXPSSDA903`). `merge_years` joins two years' tables into one history.

Rows: in a CSV the header is row 1 and the first child row 2; in the XML a row is the line of the
element (HEADER, EPISODE, AREVIEW…). The finding codes are listed in `ssda903_checks`; the file-level
ones are `file-empty`, `encoding`, `csv-unreadable`, `table-unknown`, `columns-missing`, `xml-root`,
`xml-malformed` and `no-files`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import polars as pl

from assure.casedata.findings import Finding
from assure.casedata.parsers.common import FILE, FINDING_LIMIT, ROW, Findings, drop_blank_rows, read_csv, tidy
from assure.casedata.parsers.ssda903_checks import check_tables
from assure.casedata.parsers.ssda903_spec import TABLES, UPPER, closest, identify
from assure.casedata.parsers.ssda903_tables import canonical_tables
from assure.casedata.parsers.ssda903_xml import XmlSource, read_xml
from assure.casedata.schema import KEYS

__all__ = ["merge_years", "parse_903"]


def parse_903(
    files: Sequence[tuple[str, XmlSource]], *, collection_year: int, finding_limit: int = FINDING_LIMIT
) -> tuple[dict[str, pl.DataFrame], list[Finding]]:
    """The canonical tables of a 903 return and what is wrong with it.

    `collection_year` is the year of the 31 March the return ends on (2025 for 2024/25); OC2 and OC3 rows
    are dated with it. Every canonical table the 903 fills is returned, empty when its file was not given.
    Errors mean the return should not be imported as it is; warnings are for a person to look at.
    """
    out = Findings(finding_limit)
    if not files:
        out.add(Finding("", None, "", "", "No 903 files were given.", "no-files"))
    pieces: dict[str, list[pl.DataFrame]] = defaultdict(list)
    for name, content in files:
        if not isinstance(content, bytes) or _is_xml(name, content):
            tables, problems = read_xml(name, content)
            for table, frame in tables.items():
                pieces[table].append(frame)
        else:
            found, problems = _read_903_csv(name, content)
            if found is not None:
                pieces[found[0]].append(found[1])
        for problem in problems:
            out.add(problem)
    raw = {table: drop_blank_rows(tidy(pl.concat(frames, how="vertical"), UPPER)) for table, frames in pieces.items()}
    check_tables(raw, out)
    return canonical_tables(raw, collection_year=collection_year), out.result()


def _is_xml(name: str, content: bytes) -> bool:
    return name.lower().endswith(".xml") or content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _read_903_csv(name: str, content: bytes) -> tuple[tuple[str, pl.DataFrame] | None, list[Finding]]:
    frame, problem = read_csv(name, content)
    if frame is None:
        return None, [problem] if problem else []
    columns = {column for column in frame.columns if column not in (FILE, ROW)}
    table = identify(columns)
    if table is None:
        return None, [_unknown_table(name, columns)]
    return (table, frame.select(*TABLES[table], FILE, ROW)), []


def _unknown_table(name: str, columns: set[str]) -> Finding:
    table = closest(columns)
    expected = TABLES[table]
    missing = [column for column in expected if column not in columns]
    unexpected = sorted(columns - set(expected))
    shared = len(columns & set(expected))
    parts = [f"missing {', '.join(missing)}"] if missing else []
    parts += [f"not expected {', '.join(unexpected)}"] if unexpected else []
    if shared * 2 >= len(expected):
        message = f"This looks like the 903 {table} table but its columns do not match: {'; '.join(parts)}."
        return Finding(name, 1, ", ".join(missing), "", message, "columns-missing")
    message = (
        f"The columns ({', '.join(sorted(columns))}) match no 903 table. The closest is {table} "
        f"({', '.join(expected)}): {'; '.join(parts)}."
    )
    return Finding(name, 1, ", ".join(missing), "", message, "table-unknown")


# The natural key of a record in each table: the same key in two years is the same record.


def merge_years(current: Mapping[str, pl.DataFrame], previous: Mapping[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """One history from two years' canonical tables: a record in both (same natural key) appears once.

    The current year's values win: an episode open at 31 March in last year's return and closed in this
    year's appears once, with this year's end date; a child takes this year's details. Rows are sorted by
    their natural key. A table without a natural key here keeps every distinct row.
    """
    merged: dict[str, pl.DataFrame] = {}
    for table in dict.fromkeys([*current, *previous]):
        frames = [frame[table] for frame in (current, previous) if table in frame]
        both = pl.concat(frames, how="vertical")
        key = list(KEYS.get(table, both.columns))
        merged[table] = both.unique(subset=key, keep="first", maintain_order=True).sort(key, nulls_last=True)
    return merged
