"""Working days: bank holidays from the bundled list and by rule around it, one counting convention,
scalar and vectorised forms agreeing."""

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
    standing_holidays,
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
    assert {dt.date(2012, 6, 4), dt.date(2012, 6, 5)} <= set(days)  # the Diamond Jubilee, from the bundled list
    assert dt.date(2012, 5, 28) not in days


ONE_OFF_YEARS = {
    2012,
    2020,
    2022,
    2023,
}  # the Diamond Jubilee, VE Day 75, the Platinum Jubilee and funeral, the coronation


def test_the_rules_give_the_bundled_list_in_every_year_without_a_one_off_day() -> None:
    bundled = bank_holidays()
    for year in covered_years():
        listed = {day for day in bundled if day.year == year}
        assert (set(standing_holidays(year)) == listed) is (year not in ONE_OFF_YEARS), year


def test_years_outside_the_bundled_list_have_their_holidays_computed() -> None:
    days = set(bank_holidays())
    assert {d for d in days if d.year == 2045} == set(standing_holidays(2045))
    assert {dt.date(2045, 4, 7), dt.date(2045, 4, 10), dt.date(2045, 12, 26)} <= days  # Easter 9 April 2045
    assert {dt.date(2011, 4, 29), dt.date(2002, 6, 3), dt.date(2002, 6, 4)} <= days  # royal wedding, Golden Jubilee
    assert dt.date(2002, 5, 27) not in days  # that year's spring bank holiday moved to 4 June
    assert not is_working_day(dt.date(2050, 12, 27))  # Christmas 2050 is a Sunday: Tuesday is its substitute
    assert is_working_day(dt.date(2065, 12, 25))  # beyond 2060 only weekends are excluded


def test_a_clock_started_on_a_weekend_counts_the_next_working_day_first_as_dfes_validator_does() -> None:
    """CIN rule 8675Q flags an S47 with no conference that started before 31 March 2023 minus 15 working
    days by pandas' count: 10 March (Friday) and 11 March (Saturday) are flagged, 13 March (Monday) not."""
    reference = dt.date(2023, 3, 31)
    assert working_days_between(dt.date(2023, 3, 10), reference) == 15
    assert working_days_between(dt.date(2023, 3, 11), reference) == 15
    assert working_days_between(dt.date(2023, 3, 13), reference) == 14
    saturday = dt.date(2023, 3, 11)
    assert add_working_days(saturday, 1) == dt.date(2023, 3, 13) and add_working_days(saturday, 15) == reference


def test_the_tables_and_day_by_day_counting_agree_at_the_calendars_edges() -> None:
    from assure.core.workdays import _add_working_days_slowly

    edges = [dt.date(1999, 12, 10), dt.date(2060, 12, 10)]
    for start in (edge + dt.timedelta(days=n) for edge in edges for n in range(40)):
        for days in (-12, -1, 1, 9, 30):
            assert add_working_days(start, days) == _add_working_days_slowly(start, days), (start, days)
        end = start + dt.timedelta(days=25)
        by_day = sum(is_working_day(start + dt.timedelta(days=n)) for n in range(1, 26))
        assert working_days_between(start, end) == by_day == -working_days_between(end, start), start


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
@pytest.mark.parametrize("first", [dt.date(2024, 1, 1), dt.date(2040, 11, 1)])
def test_vectorised_forms_agree_with_the_scalar_ones(days: int, first: dt.date) -> None:
    starts = [first + dt.timedelta(days=n) for n in range(0, 800, 3)]
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
