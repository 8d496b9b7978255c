"""Helpers the file parsers share: text decoding, strict dates, flags, CSV reading and capped findings.

Framework-free. Every value is read as text; conversion to dates, flags and numbers is done with Polars
expressions, so a bad value can be reported with its row rather than silently turned into a blank.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from typing import Any

import polars as pl
from lxml import etree

from assure.casedata.findings import Finding, Severity

FINDING_LIMIT = 1000  # findings of one rule (code and field) in one file; the rest are summarised
ROW = "_row"  # the row as a person sees it: CSV header = 1, first data row = 2; XML element line
FILE = "_file"

_BOM = b"\xef\xbb\xbf"
_SAVE_AS = 'Open it in Excel and save it as "CSV UTF-8 (Comma delimited)", then upload it again.'
_DATE_SHAPE = r"^\d{1,2}/\d{1,2}/\d{4}$"
_FLAGS = {"1": True, "0": False, "1.0": True, "0.0": False}  # 1.0 is how a spreadsheet saves a 1


def utf8_bytes(name: str, content: bytes) -> tuple[bytes | None, Finding | None]:
    """The content without a UTF-8 byte order mark, or a finding saying why it is not UTF-8 text."""
    if not content.strip():
        return None, Finding(name, None, "", "", "The file is empty.", "file-empty")
    if content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return None, Finding(name, None, "", "", "This is an Excel workbook, not a CSV file. " + _SAVE_AS, "encoding")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Finding(name, None, "", "", "This file is UTF-16 text, not UTF-8. " + _SAVE_AS, "encoding")
    data = content.removeprefix(_BOM)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, _not_utf8(name, data, error)
    if b"\x00" in data:
        return None, Finding(name, None, "", "", "This is not a text file. " + _SAVE_AS, "encoding")
    return data, None


def decode_text(name: str, content: bytes) -> tuple[str | None, Finding | None]:
    """The text of a UTF-8 file (with or without a byte order mark), or a finding."""
    data, finding = utf8_bytes(name, content)
    return (None, finding) if data is None else (data.decode("utf-8"), None)


def _not_utf8(name: str, data: bytes, error: UnicodeDecodeError) -> Finding:
    line = data.count(b"\n", 0, error.start) + 1
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return Finding(name, line, "", "", "This file is not UTF-8 text. " + _SAVE_AS, "encoding")
    character = data[error.start : error.end + 1].decode("cp1252", errors="replace")[:1]
    message = 'This file is not UTF-8: it looks like Windows "ANSI" text (cp1252). ' + _SAVE_AS
    return Finding(name, line, "", character, message, "encoding")


def read_csv(name: str, content: bytes) -> tuple[pl.DataFrame | None, Finding | None]:
    """A CSV as text columns named in upper case, with `_file` and `_row`; blank cells are null."""
    data, finding = utf8_bytes(name, content)
    if data is None:
        return None, finding
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False, raise_if_empty=True)
    except pl.exceptions.PolarsError as error:
        return None, _unreadable(name, data, error)
    columns = [column.strip().upper() for column in frame.columns]
    repeated = sorted(column for column, count in Counter(columns).items() if count > 1)
    if repeated:
        message = "A column name appears more than once in the first row."
        return None, Finding(name, 1, ", ".join(repeated), "", message, "csv-unreadable")
    frame.columns = columns
    return frame.with_columns(pl.lit(name).alias(FILE), pl.int_range(2, frame.height + 2).alias(ROW)), None


def _unreadable(name: str, data: bytes, error: Exception) -> Finding:
    """Say which row is too long when that is why the CSV could not be read (the usual reason)."""
    width = 0
    for number, record in enumerate(csv.reader(io.StringIO(data.decode("utf-8"), newline="")), 1):
        if number == 1:
            width = len(record)
        elif len(record) > width:
            message = f"This row has {len(record)} values but the first row names only {width} columns."
            return Finding(name, number, "", "", message, "csv-unreadable")
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return Finding(name, None, "", "", f"The file could not be read as CSV: {reason}", "csv-unreadable")


def drop_blank_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Without the rows whose every cell is blank (blank lines, or a row of commas from a spreadsheet)."""
    data = [c for c in frame.columns if c not in (FILE, ROW)]
    return frame.filter(~pl.all_horizontal(pl.col(c).is_null() for c in data)) if data else frame


def tidy(frame: pl.DataFrame, upper: Iterable[str] = ()) -> pl.DataFrame:
    """Trim every text cell, make blank cells null and upper-case the code columns in `upper`."""
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String and c != FILE]
    trimmed = [pl.col(c).str.strip_chars() for c in text]
    frame = frame.with_columns(pl.when(e.str.len_chars() > 0).then(e).alias(e.meta.output_name()) for e in trimmed)
    codes = [c for c in upper if c in frame.columns]
    return frame.with_columns(pl.col(c).str.to_uppercase() for c in codes)


def date_expr(column: str) -> pl.Expr:
    """A DD/MM/YYYY text column as dates: null when blank, not in that form or not a real date (31/02).

    A one-digit day or month (1/2/2025) is accepted, as the DfE validator accepts it; the year needs four
    digits, so 01/02/25 is not read as the year 25.
    """
    text = pl.col(column)
    return pl.when(text.str.contains(_DATE_SHAPE)).then(text.str.to_date("%d/%m/%Y", strict=False)).alias(column)


def bad_date(column: str) -> pl.Expr:
    return pl.col(column).is_not_null() & date_expr(column).is_null()


def bad_date_message(column: str) -> pl.Expr:
    return (
        pl.when(pl.col(column).str.contains(_DATE_SHAPE))
        .then(pl.lit("is not a real date."))
        .otherwise(pl.lit("is not a date in the form DD/MM/YYYY."))
    )


def flag_expr(column: str) -> pl.Expr:
    """A 0/1 text column as booleans (null when blank or anything else)."""
    return pl.col(column).replace_strict(_FLAGS, default=None, return_dtype=pl.Boolean).alias(column)


def whole_expr(column: str) -> pl.Expr:
    """A text column of whole numbers (digits only) as integers; anything else is null."""
    text = pl.col(column)
    return pl.when(text.str.contains(r"^\d+$")).then(text.cast(pl.Int32, strict=False)).alias(column)


class Findings:
    """Findings in the order found, keeping at most `limit` per rule (code and field) and file.

    The rows beyond the limit are counted and reported as one summary finding per rule and file.
    """

    def __init__(self, limit: int = FINDING_LIMIT) -> None:
        self.limit = limit
        self._items: list[Finding] = []
        self._counts: Counter[tuple[str, str, str]] = Counter()
        self._templates: dict[tuple[str, str, str], Finding] = {}

    def add(self, finding: Finding) -> None:
        key = (finding.code, finding.field, finding.file)
        self._counts[key] += 1
        self._templates.setdefault(key, finding)
        if self._counts[key] <= self.limit:
            self._items.append(finding)

    def add_rows(
        self, bad: pl.DataFrame, *, field: str, code: str, message: str, severity: Severity = Severity.ERROR
    ) -> None:
        """One finding per row of `bad`, which has `_file`, `_row`, `_child`, `_value` and maybe `_message`."""
        if bad.is_empty():
            return
        if "_message" not in bad.columns:
            bad = bad.with_columns(pl.lit(message).alias("_message"))
        bad = bad.with_columns(pl.col("_message").fill_null(message), pl.col("_child", "_value").fill_null(""))
        bad = bad.sort(FILE, ROW, nulls_last=True)
        for file, group in bad.group_by(FILE, maintain_order=True):
            key = (code, field, str(file[0]))
            room = max(self.limit - self._counts[key], 0)
            if room == 0 and key not in self._templates:
                self._templates[key] = Finding(key[2], None, field, "", message, code, severity)
            for row in group.head(room).iter_rows(named=True):
                self.add(
                    Finding(row[FILE], row[ROW], field, row["_value"], row["_message"], code, severity, row["_child"])
                )
            self._counts[key] += group.height - min(room, group.height)

    def report(
        self,
        frame: pl.DataFrame,
        mask: pl.Expr,
        *,
        child: str,
        field: str,
        code: str,
        message: str | pl.Expr,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """One finding per row of `frame` where `mask` holds; `message` may be an expression per row.

        `child` names the frame's child-id column; a missing `child` or `field` column reads as blank.
        """
        blank = pl.lit(None, pl.String)
        extra = [] if isinstance(message, str) else [message.alias("_message")]
        child_id = pl.col(child) if child in frame.columns else blank
        value = pl.col(field).cast(pl.String) if field in frame.columns else blank
        bad = frame.filter(mask).select(FILE, ROW, child_id.alias("_child"), value.alias("_value"), *extra)
        self.add_rows(
            bad, field=field, code=code, message=message if isinstance(message, str) else "", severity=severity
        )

    def __len__(self) -> int:
        return len(self._items)

    def result(self) -> list[Finding]:
        """The findings kept, then one summary for each rule and file that went over the limit."""
        summaries = []
        for key, count in self._counts.items():
            if count > self.limit:
                first = self._templates[key]
                more = count - self.limit
                message = (
                    f"{more:,} more rows in this file have this problem ({count:,} in all; "
                    f"the first {self.limit:,} are listed)."
                )
                summaries.append(Finding(first.file, None, first.field, "", message, first.code, first.severity))
        return [*self._items, *summaries]


def safe_iterparse(source: Any, **options: Any) -> Any:
    """lxml's iterparse with what an uploaded file must never do switched off: no entities expanded,
    no DTD loaded, nothing fetched from the network; comments and processing instructions dropped."""
    return etree.iterparse(
        source,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        **options,
    )
