"""Working days: weekdays that are not England and Wales bank holidays.

Framework-free. The bank holidays come from the file bundled inside the `govuk-bank-holidays`
package (GOV.UK's published list), read from disk and never fetched at run time. Statutory
timescales in working days (assessment 45, ICPC 15, first core group 10) are counted with these
functions, one at a time or vectorised over Polars columns.

Counting convention: `working_days_between(start, end)` is the number of working days after
`start` up to and including `end`, so an assessment authorised on the 45th working day after it
started is within timescale, and the same day is 0.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import polars as pl
from govuk_bank_holidays.bank_holidays import BankHolidays


@cache
def bank_holidays() -> tuple[dt.date, ...]:
    """England and Wales bank holidays from the bundled GOV.UK list, oldest first."""
    source = BankHolidays(use_cached_holidays=True)
    days = source.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    return tuple(sorted(day["date"] for day in days))


def covered_years() -> range:
    """The calendar years the bundled list covers; outside them only weekends are excluded."""
    days = bank_holidays()
    return range(days[0].year, days[-1].year + 1)


@cache
def _holiday_set() -> frozenset[dt.date]:
    return frozenset(bank_holidays())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holiday_set()


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (before it when negative); 0 gives `start`."""
    step = 1 if days >= 0 else -1
    current, remaining = start, abs(days)
    while remaining:
        current += dt.timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + dt.timedelta(days=n)))


def working_days_expr(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Vectorised `working_days_between` for date columns (null where either date is null)."""
    # business_day_count counts [start, end): shifting both by a day gives (start, end].
    one = pl.duration(days=1)
    forward = pl.business_day_count(start + one, end + one, holidays=list(bank_holidays()))
    backward = -pl.business_day_count(end + one, start + one, holidays=list(bank_holidays()))
    return pl.when(end >= start).then(forward).otherwise(backward)


def add_working_days_expr(start: pl.Expr, days: int) -> pl.Expr:
    """Vectorised `add_working_days` for a date column and a fixed number of working days."""
    # add_business_days cannot start from a non-working day; start from the nearest working day
    # behind `start` in the direction of travel, so that (as in the scalar version) only days
    # strictly after (or before) `start` are counted.
    if days == 0:
        return start
    anchor = start.dt.add_business_days(0, holidays=list(bank_holidays()), roll="backward" if days >= 0 else "forward")
    return anchor.dt.add_business_days(days, holidays=list(bank_holidays()))
