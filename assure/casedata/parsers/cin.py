"""Reading a CIN census XML file into the canonical tables, in one streaming pass.

`parse_cin` reads the file with lxml's `iterparse`, hands each Child element to the collector as soon
as it ends and then drops it, so memory holds the columns gathered so far and one child, never the
whole document. The tables are built once, at the end (`cin_tables`). Entities are never expanded
and nothing is fetched from the network.

A file that cannot be read as a CIN census at all (empty, not XML, not well formed, another kind of
document) gives no tables, only the finding that says why. Framework-free.
"""

from __future__ import annotations

import io
import re
from typing import Any, BinaryIO

import polars as pl
from lxml import etree

from assure.casedata.findings import Finding, Severity

from .cin_collect import Collector, local_name, text_of
from .cin_spec import HEADER_FIELDS
from .cin_tables import build
from .common import safe_iterparse

Header = dict[str, str | None]
_PEEK = 512
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


class NotCensus(Exception):
    """The file cannot be read as a CIN census; `finding` says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(str(finding))
        self.finding = finding


def parse_cin(name: str, content: bytes | BinaryIO) -> tuple[dict[str, pl.DataFrame], list[Finding], Header]:
    """The canonical tables in a CIN census file, the findings about it, and its header.

    `name` is the file's name as the person knows it, used in findings. The header holds the text of
    Collection, Year, ReferenceDate, LEA, SoftwareCode, Release, SerialNo and DateTime (None if absent).
    """
    collector = Collector(name)
    try:
        header = _stream(name, _open(name, content), collector)
    except NotCensus as problem:
        return {}, [problem.finding], {}
    tables, findings = build(collector)
    if not tables["children"].height:
        findings.append(
            Finding(name, None, "Child", "", "The file holds no children.", "no-children", Severity.WARNING)
        )
    return tables, findings, header


class _Prefixed(io.RawIOBase):
    """A stream that replays the bytes already read from its start, then reads on."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.head:
            chunk, self.head = (self.head, b"") if size < 0 else (self.head[:size], self.head[size:])
            return chunk
        return self.rest.read(size)


def _open(name: str, content: bytes | BinaryIO) -> Any:
    """A readable source of the file's bytes, once its start looks like XML."""
    source: BinaryIO | _Prefixed
    if isinstance(content, bytes | bytearray | memoryview):
        head, source = bytes(content[:_PEEK]), io.BytesIO(content)
    else:
        head = content.read(_PEEK)
        source = _Prefixed(head, content)
    start = head.removeprefix(_BOMS[0]).lstrip()
    if not start:
        raise NotCensus(Finding(name, None, "", "", "The file is empty.", "file-empty"))
    if not start.startswith(b"<") and not head.startswith(_BOMS[1:]):
        message = "The file is not XML; a CIN census file is the XML file sent to the DfE."
        raise NotCensus(Finding(name, None, "", "", message, "file-not-xml"))
    return source


def _stream(name: str, source: Any, collector: Collector) -> Header:
    """Pass over the file once, collecting each Child as it ends; return the header."""
    header: Header = dict.fromkeys(HEADER_FIELDS)
    events = safe_iterparse(source, events=("end",), tag=("{*}Header", "{*}Child"))
    root_checked = False
    try:
        for _, element in events:
            if not root_checked:
                _check_root(name, element.getroottree().getroot())
                root_checked = True
            if local_name(element.tag) == "Child":
                collector.add_child(element)
            else:
                header = _header(element)
            _release(element)
    except etree.XMLSyntaxError as error:
        raise NotCensus(_malformed(name, error)) from error
    if not root_checked:
        _check_root(name, events.root)
    return header


def _check_root(name: str, root: Any) -> None:
    found = local_name(root.tag) if root is not None else None
    if found != "Message":
        message = f"The document is a <{found}>, not a CIN census <Message>."
        raise NotCensus(
            Finding(name, root.sourceline if root is not None else None, str(found), "", message, "xml-root")
        )


def _malformed(name: str, error: etree.XMLSyntaxError) -> Finding:
    detail = re.sub(r"(, line \d+)?, column \d+$", "", error.msg or str(error))
    message = f"The file is cut short or is not well-formed XML ({detail}); nothing was imported."
    return Finding(name, error.lineno or None, "", "", message, "xml-malformed")


def _header(element: Any) -> Header:
    header: Header = dict.fromkeys(HEADER_FIELDS)
    for leaf in element.iter():
        field = local_name(leaf.tag)
        if field in header and header[field] is None:
            header[field] = text_of(leaf)
    return header


def _release(element: Any) -> None:
    """Free an element that has been read, and the emptied siblings before it."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
