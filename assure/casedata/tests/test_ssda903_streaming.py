"""A 903 XML return streamed from a path or a file object reads exactly as the same bytes do."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest

from assure.casedata.exporters import ssda903
from assure.casedata.generator import generate_authority, workers_from_demo
from assure.casedata.importing import ReturnFile, read_returns
from assure.casedata.parsers.ssda903 import parse_903
from assure.casedata.parsers.ssda903_xml import read_xml
from assure.organisation.demo import generate as demo_authority

YEAR = 2025


@pytest.fixture(scope="module")
def content() -> bytes:
    tables = generate_authority(
        57,
        start=dt.date(2022, 4, 1),
        end=dt.date(2025, 3, 31),
        children_in_need_per_year=600,
        workers=workers_from_demo(demo_authority()),
    )
    return ssda903.to_xml(tables, collection_year=YEAR)


def _same_tables(left: dict[str, pl.DataFrame], right: dict[str, pl.DataFrame]) -> None:
    assert list(left) == list(right)
    for name in left:
        assert left[name].equals(right[name]), name


def test_the_xml_read_from_a_path_or_a_file_object_gives_the_same_tables_as_its_bytes(
    content: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "ssda903.xml"
    path.write_bytes(content)
    from_bytes, bytes_findings = read_xml("ssda903.xml", content)
    assert from_bytes["Header"].height > 20 and from_bytes["Episodes"].height > from_bytes["Header"].height
    for source in (path, str(path)):
        tables, findings = read_xml("ssda903.xml", source)
        _same_tables(from_bytes, tables)
        assert findings == bytes_findings
    with path.open("rb") as stream:
        tables, findings = read_xml("ssda903.xml", stream)
    _same_tables(from_bytes, tables)
    assert findings == bytes_findings


def test_parse_903_gives_the_same_tables_and_findings_from_a_path(content: bytes, tmp_path: Path) -> None:
    # A wrong code and an out-of-order date make findings with rows to compare, not just empty lists.
    changed = content.replace(b"<LS>C2</LS>", b"<LS>Q7</LS>", 1)
    path = tmp_path / "return.xml"
    path.write_bytes(changed)
    from_bytes, bytes_findings = parse_903([("return.xml", changed)], collection_year=YEAR)
    from_path, path_findings = parse_903([("return.xml", path)], collection_year=YEAR)
    _same_tables(from_bytes, from_path)
    assert any(f.code == "code-unknown" and f.value == "Q7" for f in path_findings)
    assert path_findings == bytes_findings


def test_an_import_given_files_by_path_matches_one_given_their_bytes(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "ssda903.xml"
    path.write_bytes(content)
    as_at = dt.date(YEAR, 3, 31)
    in_memory = read_returns([ReturnFile(path.name, content)], as_at=as_at)
    on_disk = read_returns([ReturnFile.from_path(path)], as_at=as_at)
    assert in_memory.tables["children"].height > 20
    _same_tables(in_memory.tables, on_disk.tables)
    assert on_disk.findings == in_memory.findings
    assert on_disk.sources == in_memory.sources  # same format, size and checksum


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (b"  \n\t ", "file-empty"),
        (b"<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID>", "xml-malformed"),
        (b"<Message><Header /></Message>", "xml-root"),
    ],
)
def test_a_bad_file_is_reported_the_same_streamed_or_not(text: bytes, code: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_bytes(text)
    _, from_bytes = read_xml("bad.xml", text)
    _, from_path = read_xml("bad.xml", path)
    _, from_stream = read_xml("bad.xml", io.BytesIO(text))
    assert [f.code for f in from_path] == [code]
    assert from_path == from_bytes == from_stream
