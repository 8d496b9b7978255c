"""Read an SSDA903 XML return (`EXPSSDA903`) into the same text tables a set of 903 CSVs gives.

Framework-free and streaming: each CHILD is read when its end tag arrives and then cleared, and its
values are kept column by column (repeated values such as dates and codes stored once), so memory
grows with the rows kept, not with the XML. Each row keeps the line of its element (HEADER, EPISODE, AREVIEW…)
so that findings point at it. Entities are not expanded and nothing is fetched from the network.

The return can be given as bytes, or as a path or a binary file object, which lxml then reads in pieces:
a large return is never held in memory whole.
"""

from __future__ import annotations

import io
import os
import sys
from typing import IO, Any

import polars as pl
from lxml import etree

from assure.casedata.findings import Finding
from assure.casedata.parsers.common import FILE, ROW, safe_iterparse
from assure.casedata.parsers.ssda903_spec import TABLES, XML_RECORDS, XML_RENAMES, XML_TABLES

Row = dict[str, Any]
# What a return can be read from: its content, or a path or binary file object to stream it from.
type XmlSource = bytes | str | os.PathLike[str] | IO[bytes]

_OC3_ITEMS = ("IN_TOUCH", "ACTIV", "ACCOM")
_AD1_ITEMS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")


class _Columns:
    """A table's rows, kept as one list per column (a list of dicts would take several times the memory)."""

    def __init__(self, table: str) -> None:
        self.values: dict[str, list[Any]] = {column: [] for column in (*TABLES[table], FILE, ROW)}

    def append(self, row: Row) -> None:
        for column, values in self.values.items():
            values.append(row.get(column))


class _Tables(dict[str, _Columns]):
    def __missing__(self, table: str) -> _Columns:
        self[table] = columns = _Columns(table)
        return columns


def read_xml(name: str, source: XmlSource) -> tuple[dict[str, pl.DataFrame], list[Finding]]:
    """The 903 tables found in the XML (every XML table, perhaps empty) and any problem with the file.

    `source` is the file's content, or a path or binary file object to stream it from."""
    rows = _Tables()
    findings: list[Finding] = []
    stream: str | IO[bytes]
    if isinstance(source, bytes):
        stream = io.BytesIO(source)
    elif isinstance(source, (str, os.PathLike)):
        stream = os.fspath(source)
    else:
        stream = source
    if _is_blank(stream):
        findings.append(Finding(name, None, "", "", "The file is empty.", "file-empty"))
    else:
        findings.extend(_stream(name, stream, rows))
    return {table: _frame(table, rows[table]) for table in XML_TABLES}, findings


def _is_blank(source: str | IO[bytes]) -> bool:
    """Whether the file holds nothing but white space, read a piece at a time (a file object is rewound;
    one that cannot be is left to the parser, which reports an empty document as malformed)."""
    if not isinstance(source, str) and not source.seekable():
        return False
    stream = open(source, "rb") if isinstance(source, str) else source  # noqa: SIM115 - closed below when ours
    start = None if stream is not source else stream.tell()
    try:
        while piece := stream.read(65536):
            if piece.strip():
                return False
        return True
    finally:
        if stream is not source:
            stream.close()
        elif start is not None:
            stream.seek(start)


def _stream(name: str, source: str | IO[bytes], rows: _Tables) -> list[Finding]:
    # Only the end of each CHILD comes back to Python (lxml filters the rest), so time goes on reading
    # children, not on visiting every element; the root is checked once the document is read.
    events = safe_iterparse(source, events=("end",), tag=("{*}CHILD", "CHILD"))
    try:
        for _, element in events:
            parent = element.getparent()
            if parent is not None and parent.getparent() is None:
                _read_child(name, element, rows)
                _forget(element)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        message = f"The XML is malformed or cut short, so it cannot be read from here on: {error.msg}"
        return [Finding(name, line, "", "", message, "xml-malformed")]
    root = events.root
    if root is not None and _tag(root) != "EXPSSDA903":
        rows.clear()
        message = f"This is not an SSDA903 XML return: it starts with <{_tag(root)}>, not <EXPSSDA903>."
        return [Finding(name, root.sourceline, "", "", message, "xml-root")]
    return []


def _forget(element: Any) -> None:
    """Free a finished CHILD and the siblings before it."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _tag(element: Any) -> str:
    tag = str(element.tag)
    return tag[tag.rfind("}") + 1 :]


def _text(element: Any) -> str | None:
    text = element.text
    return sys.intern(text) if text and text.strip() else None


def _leaves(element: Any) -> Row:
    return {XML_RENAMES.get(_tag(leaf), _tag(leaf)): _text(leaf) for leaf in element if len(leaf) == 0}


def _read_child(name: str, child: Any, rows: _Tables) -> None:
    items: Row = {}
    records: list[tuple[str, Any]] = []
    header_line = child.sourceline
    for element in child:
        tag = _tag(element)
        if tag == "HEADER":
            header_line = element.sourceline
            for item in element:
                if _tag(item) in XML_RECORDS:
                    records.append((XML_RECORDS[_tag(item)], item))
                elif len(item) == 0:
                    items[XML_RENAMES.get(_tag(item), _tag(item))] = _text(item)
        elif tag == "EPISODE":
            records.append(("Episodes", element))
    where = {FILE: name, ROW: header_line}
    rows["Header"].append(items | where)
    if (items.get("UASC") or "").strip() == "1":
        rows["UASC"].append(items | where)
    if any(items.get(item) for item in _OC3_ITEMS):
        rows["OC3"].append(items | where)
    if any(items.get(item) for item in _AD1_ITEMS):
        rows["AD1"].append(items | where)
    child_keys = {"CHILD": items.get("CHILD"), "DOB": items.get("DOB"), FILE: name}
    for table, element in records:
        rows[table].append(child_keys | _leaves(element) | {ROW: element.sourceline})


def _frame(table: str, columns: _Columns) -> pl.DataFrame:
    schema: dict[str, Any] = dict.fromkeys(TABLES[table], pl.String) | {FILE: pl.String, ROW: pl.Int64}
    return pl.DataFrame(columns.values, schema=schema)
