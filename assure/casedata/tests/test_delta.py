from __future__ import annotations

import datetime as dt

import polars as pl

from assure.casedata.delta import table_delta, with_key_and_hash
from assure.casedata.schema import conform


def _children(rows: list[tuple[str, str, dt.date]]) -> pl.DataFrame:
    return conform("children", pl.DataFrame(rows, schema=["child_id", "sex", "dob"], orient="row"))


def test_unchanged_records_are_neither_added_nor_closed() -> None:
    before = _children(
        [("1", "M", dt.date(2015, 1, 1)), ("2", "F", dt.date(2016, 2, 2)), ("3", "U", dt.date(2017, 3, 3))]
    )
    stored = with_key_and_hash("children", before).select("_key", "_hash")
    after = _children(
        [("1", "M", dt.date(2015, 1, 1)), ("2", "M", dt.date(2016, 2, 2)), ("4", "F", dt.date(2018, 4, 4))]
    )
    delta = table_delta("children", stored, after)
    assert (delta.added, delta.changed, delta.removed, delta.unchanged) == (1, 1, 1, 1)
    assert sorted(delta.close_keys) == ["2", "3"]
    assert sorted(delta.add["child_id"].to_list()) == ["2", "4"]


def test_the_same_table_twice_is_no_change() -> None:
    frame = _children([("1", "M", dt.date(2015, 1, 1))])
    stored = with_key_and_hash("children", frame).select("_key", "_hash")
    delta = table_delta("children", stored, frame)
    assert delta.add.height == 0 and delta.close_keys == [] and delta.unchanged == 1


def test_a_null_differs_from_an_empty_value() -> None:
    a = with_key_and_hash("children", conform("children", pl.DataFrame({"child_id": ["1"], "upn": [None]})))
    b = with_key_and_hash("children", conform("children", pl.DataFrame({"child_id": ["1"], "upn": [""]})))
    assert a["_hash"][0] != b["_hash"][0]
