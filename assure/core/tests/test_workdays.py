"""Working days: bank holidays from the bundled list, scalar and vectorised forms agreeing."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from assure.core.workdays import (
    add_working_days,
    add_working_days_expr,
    bank_holidays,
    covered_years,
    is_working_day,
    working_days_between,
    working_days_expr,
)


def test_bank_holidays_are_bundled_for_england_and_wales() -> None:
    days = bank_holidays()
    assert dt.date(2025, 12, 25) in days
    assert dt.date(2024, 8, 26) in days  # summer bank holiday (not Scotland's 5 August)
    assert dt.date(2024, 8, 5) not in days
    assert dt.date(2023, 5, 8) in days  # the coronation, a one-off
    assert 2026 in covered_years()


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert is_working_day(dt.date(2024, 2, 29))  # a Thursday in a leap year
    assert not is_working_day(dt.date(2024, 3, 2))  # Saturday
    assert not is_working_day(dt.date(2024, 3, 29))  # Good Friday
    assert not is_working_day(dt.date(2024, 4, 1))  # Easter Monday


def test_counting_starts_the_day_after() -> None:
    start = dt.date(2024, 3, 28)  # Thursday before Easter
    assert working_days_between(start, start) == 0
    assert working_days_between(start, dt.date(2024, 4, 2)) == 1  # Good Friday, weekend, Easter Monday skipped
    assert add_working_days(start, 1) == dt.date(2024, 4, 2)
    assert working_days_between(dt.date(2024, 4, 2), start) == -1


def test_forty_five_working_days_over_christmas() -> None:
    start = dt.date(2025, 12, 1)
    due = add_working_days(start, 45)
    assert due == dt.date(2026, 2, 5)  # 25, 26 Dec and 1 Jan are holidays
    assert working_days_between(start, due) == 45


@pytest.mark.parametrize("days", [-10, -1, 0, 1, 15, 45])
def test_vectorised_forms_agree_with_the_scalar_ones(days: int) -> None:
    starts = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(0, 800, 3)]
    frame = pl.DataFrame({"start": starts}).with_columns(
        due=add_working_days_expr(pl.col("start"), days),
        end=pl.col("start") + pl.duration(days=17),
    )
    frame = frame.with_columns(
        count=working_days_expr(pl.col("start"), pl.col("end")),
        back=working_days_expr(pl.col("end"), pl.col("start")),
    )
    for start, due, end, count, back in frame.iter_rows():
        assert due == add_working_days(start, days), start
        assert count == working_days_between(start, end), start
        assert back == working_days_between(end, start), start


def test_vectorised_count_is_null_where_a_date_is_missing() -> None:
    frame = pl.DataFrame({"a": [dt.date(2024, 1, 1), None], "b": [None, dt.date(2024, 1, 1)]})
    counts = frame.select(working_days_expr(pl.col("a"), pl.col("b"))).to_series().to_list()
    assert counts == [None, None]
