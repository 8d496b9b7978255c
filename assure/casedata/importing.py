"""Read a set of uploaded returns into one set of canonical tables: framework-free.

Works out what each file is (903 CSV table, 903 XML, CIN census XML, Ofsted Annex A workbook, a
generic-layout CSV or workbook) from its content, not its name, parses each with its parser, merges
the previous year's 903 into one history, and combines what the returns say about the same children
and records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from assure.casedata.findings import Finding, Severity, errors
from assure.casedata.parsers import ssda903_spec
from assure.casedata.parsers.annex_a import is_annex_a, parse_annex_a
from assure.casedata.parsers.cin import parse_cin
from assure.casedata.parsers.generic import file_headers, first_row, is_generic_csv, is_generic_workbook, parse_generic
from assure.casedata.parsers.ssda903 import merge_years, parse_903
from assure.casedata.parsers.ssda903_xml import XmlSource
from assure.casedata.schema import KEYS, SCHEMA, conform

_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")

# Problems that do not stop an import: the file was read faithfully, but what it says needs a look
# in the case management system. They are stored with the snapshot and shown on its data-quality
# page. Everything else (unreadable files, missing tables or columns, impossible dates, duplicate
# children) stops the import, and nothing is stored.
DATA_QUALITY_CODES = frozenset({"episode-overlap", "child-orphan", "code-unknown", "date-order", "value-invalid"})


def _as_imported(finding: Finding) -> Finding:
    if finding.code in DATA_QUALITY_CODES and finding.severity == Severity.ERROR:
        return replace(finding, severity=Severity.WARNING)
    return finding


@dataclass(frozen=True)
class ReturnFile:
    """An uploaded return: its content, or (`from_path`) a file on disk read only when needed, so that
    a 903 XML return can be streamed by its parser instead of held in memory whole."""

    name: str
    content: bytes
    previous_year: bool = False  # a 903 file from the year before, to complete the history
    # A generic-layout file whose headers differ, as a person matched them: the table it holds and
    # which of its headers holds each of our columns (their header → our column).
    table: str | None = None
    mapping: Mapping[str, str] | None = field(default=None, compare=False)
    path: Path | None = None  # where the content is, when `content` was not read into memory

    @classmethod
    def from_path(cls, path: Path, *, previous_year: bool = False) -> ReturnFile:
        return cls(path.name, b"", previous_year, path=path)

    def read(self) -> bytes:
        """The whole content (read from disk for a file given by its path)."""
        return self.path.read_bytes() if self.path is not None else self.content

    def head(self, size: int) -> bytes:
        if self.path is None:
            return self.content[:size]
        with self.path.open("rb") as stream:
            return stream.read(size)

    @property
    def size(self) -> int:
        return self.path.stat().st_size if self.path is not None else len(self.content)

    @property
    def sha256(self) -> str:
        if self.path is None:
            return hashlib.sha256(self.content).hexdigest()
        with self.path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()


@dataclass
class ReadResult:
    tables: dict[str, pl.DataFrame]
    findings: list[Finding]
    sources: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return errors(self.findings)


def collection_year(as_at: dt.date) -> int:
    """The year of the 31 March that ends the return year containing `as_at` (2025 for 2024/25)."""
    return as_at.year + 1 if as_at.month >= 4 else as_at.year


def needs_mapping(file: ReturnFile) -> bool:
    """Whether a file is in no layout Assure recognises, so a person should match its columns to a
    generic layout: a workbook that is neither Annex A nor generic, or a CSV that is neither generic
    nor anything like a 903 table (a 903 table with a column wrong is reported as such instead)."""
    if file.previous_year or file.table:
        return False
    kind = kind_of(file)
    if kind not in {"workbook", "903-csv"}:
        return False
    headers = file_headers(file.name, file.read()) if kind == "workbook" else first_row(file.head(65536))
    if not any(headers):
        return False
    return kind == "workbook" or not ssda903_spec.resembles({header.strip().upper() for header in headers})


def kind_of(file: ReturnFile) -> str:
    head = file.head(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        for match in _ROOT.finditer(head):
            tag = match.group(1).split(b":")[-1]
            if tag in {b"xml"}:
                continue
            return {b"EXPSSDA903": "903-xml", b"Message": "cin-xml"}.get(tag, "unknown-xml")
        return "unknown-xml"
    if file.name.lower().endswith((".xlsx", ".xlsm")) or head.startswith(b"PK"):
        content = file.read()
        if is_annex_a(content):
            return "annex-a"
        return "generic-xlsx" if is_generic_workbook(content) else "workbook"
    return "generic-csv" if is_generic_csv(file.name, file.read()) else "903-csv"


def _mapped_kind(file: ReturnFile) -> str:
    return "generic-xlsx" if file.head(2) == b"PK" else "generic-csv"


def read_returns(
    files: Sequence[ReturnFile], *, as_at: dt.date, progress: Callable[[float, str], None] | None = None
) -> ReadResult:
    report = progress or (lambda percent, message: None)
    findings: list[Finding] = []
    sources: list[dict[str, Any]] = []
    current_903: list[tuple[str, XmlSource]] = []
    previous_903: list[tuple[str, XmlSource]] = []
    cin_tables: list[dict[str, pl.DataFrame]] = []
    generic_tables: list[dict[str, pl.DataFrame]] = []
    annex_a_tables: list[dict[str, pl.DataFrame]] = []
    year = collection_year(as_at)
    for index, file in enumerate(files):
        kind = _mapped_kind(file) if file.table else kind_of(file)
        source = {
            "name": file.name,
            "format": kind,
            "sha256": file.sha256,
            "size": file.size,
            "previous_year": file.previous_year,
        }
        if file.table:
            source |= {"table": file.table, "mapping": dict(file.mapping or {})}
        sources.append(source)
        report(5 + 40 * index / max(1, len(files)), f"Reading {file.name}")
        if kind == "cin-xml":
            tables, problems, _ = parse_cin(file.name, file.read())
            findings.extend(problems)
            cin_tables.append(tables)
        elif kind in {"generic-csv", "generic-xlsx"}:
            tables, problems = parse_generic(
                file.name, file.read(), table=file.table, mapping=dict(file.mapping) if file.mapping else None
            )
            findings.extend(problems)
            generic_tables.append(tables)
        elif kind == "annex-a":
            tables, problems = parse_annex_a(file.name, file.read(), as_at=as_at)
            findings.extend(problems)
            annex_a_tables.append(tables)
        elif kind in {"903-xml", "903-csv"}:
            # A 903 XML file on disk is streamed by its parser, never read whole into memory.
            readable: XmlSource = file.path if kind == "903-xml" and file.path is not None else file.read()
            (previous_903 if file.previous_year else current_903).append((file.name, readable))
        elif kind == "workbook":
            findings.append(
                Finding(
                    file.name,
                    None,
                    "",
                    "",
                    "This workbook is neither an Ofsted Annex A workbook (sheets List 1 to List 11) nor in "
                    "Assure's generic layout (see the layout's column names).",
                    "unsupported-workbook",
                )
            )
        else:
            findings.append(
                Finding(
                    file.name,
                    1,
                    "",
                    "",
                    "This XML file is not a 903 return (EXPSSDA903) or a CIN census (Message).",
                    "unknown-xml",
                )
            )
    report(50, "Checking the 903 return")
    ssda903: dict[str, pl.DataFrame] = {}
    if current_903:
        ssda903, problems = parse_903(current_903, collection_year=year)
        findings.extend(problems)
    if previous_903:
        earlier, problems = parse_903(previous_903, collection_year=year - 1)
        findings.extend(problems)
        ssda903 = merge_years(ssda903, earlier) if ssda903 else earlier
    if not files:
        findings.append(Finding("", None, "", "", "Choose at least one file to import.", "no-files"))
    return ReadResult(
        tables=_combine([ssda903, *cin_tables, *generic_tables, *annex_a_tables]),
        findings=[_as_imported(f) for f in findings],
        sources=sources,
    )


def _combine(parts: list[dict[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    """One canonical table each: records with the same natural key are one record, each value filled
    from the first part that has it (a child in both the 903 and the census is one child; a 903 review
    takes its due date from the generic layout)."""
    combined: dict[str, pl.DataFrame] = {}
    for table in SCHEMA:
        frames = [conform(table, part[table]) for part in parts if table in part and part[table].height]
        if not frames:
            continue
        frame = pl.concat(frames, how="vertical")
        frame = frame.group_by(list(KEYS[table]), maintain_order=True).agg(pl.all().drop_nulls().first())
        combined[table] = conform(table, frame)
    return combined
