"""Working days: weekdays that are not England and Wales bank holidays. Assure's one calendar.

Framework-free. The engines, the alerts, the audits and the synthetic generator all count with it
(the generator through thin wrappers in `casedata.generator.workdays`), one date at a time or
vectorised over Polars columns.

Bank holidays come from GOV.UK's list bundled inside the `govuk-bank-holidays` package, read from
disk and never fetched at run time, for the years it covers. For the other years from 2000 to 2060
they are computed from the standing rules (New Year's Day, Good Friday, Easter Monday, the early May,
spring and summer bank holidays, Christmas Day and Boxing Day, with their substitute days) and the
one-off days of those years (the 2002 Golden Jubilee and the 2011 royal wedding). Outside 2000–2060
only weekends are excluded.

Counting convention, the same everywhere: `working_days_between(start, end)` is the number of
working days after `start` up to and including `end`, (start, end]; the same day is 0.
`add_working_days(start, n)` is its inverse: the n-th working day after `start`. A timescale of N
working days from a trigger (an assessment in 45 from its start, an ICPC in 15 from the strategy
discussion) is met when the event is on or before `add_working_days(trigger, N)`; a clock started
on a Saturday or a bank holiday counts the next working day as its first. This is how DfE's CIN
validator counts (rules 8670Q and 8675Q, "started more than 45 / 15 working days before the
reference date", pandas' CustomBusinessDay over the England and Wales calendar): for every start in
the 80 days before 31 March 2022, 2023 and 2025 its flag equals `working_days_between(start,
reference) >= N`, weekend and bank-holiday starts included. (When the reference date is itself not a
working day, pandas counts rolling onto a working day as a step; Assure does not copy that.)
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import polars as pl
from govuk_bank_holidays.bank_holidays import BankHolidays

RULE_YEARS = range(2000, 2061)  # outside the bundled list, holidays are computed for these years
_DAY = dt.timedelta(days=1)

# One-off changes in years the bundled list does not cover: (day added, standing holiday it replaced).
_ONE_OFF: tuple[tuple[dt.date, dt.date | None], ...] = (
    (dt.date(2002, 6, 4), dt.date(2002, 5, 27)),  # spring bank holiday moved for the Golden Jubilee
    (dt.date(2002, 6, 3), None),  # Golden Jubilee
    (dt.date(2011, 4, 29), None),  # royal wedding
)


@cache
def _bundled() -> tuple[dt.date, ...]:
    source = BankHolidays(use_cached_holidays=True)
    return tuple(sorted(day["date"] for day in source.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)))


def covered_years() -> range:
    """The calendar years GOV.UK's bundled list covers; other years use the computed holidays."""
    days = _bundled()
    return range(days[0].year, days[-1].year + 1)


def _easter(year: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    last = dt.date(year, month + 1, 1) - _DAY
    return last - dt.timedelta(days=last.weekday())


def standing_holidays(year: int) -> list[dt.date]:
    """A year's bank holidays by the standing rules, substitute days included (no one-off days)."""
    new_year = dt.date(year, 1, 1)
    while new_year.weekday() >= 5:
        new_year += _DAY
    easter = _easter(year)
    christmas, boxing = dt.date(year, 12, 25), dt.date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday are the substitutes
        christmas, boxing = dt.date(year, 12, 27), dt.date(year, 12, 28)
    elif christmas.weekday() == 6:  # Sunday: Boxing Day on Monday, Christmas substitute on Tuesday
        christmas = dt.date(year, 12, 27)
    elif boxing.weekday() == 5:  # Boxing Day on Saturday: substitute on Monday
        boxing = dt.date(year, 12, 28)
    early_may, spring, summer = _monday_on_or_after(dt.date(year, 5, 1)), _last_monday(year, 5), _last_monday(year, 8)
    return sorted([new_year, easter - 2 * _DAY, easter + _DAY, early_may, spring, summer, christmas, boxing])


@cache
def bank_holidays() -> tuple[dt.date, ...]:
    """England and Wales bank holidays, oldest first: the bundled list, and computed ones around it."""
    bundled = covered_years()
    days = set(_bundled())
    days |= {day for year in RULE_YEARS if year not in bundled for day in standing_holidays(year)}
    for added, replaced in _ONE_OFF:
        if added.year not in bundled:
            days.add(added)
            if replaced:
                days.discard(replaced)
    return tuple(sorted(days))


@cache
def _holiday_set() -> frozenset[dt.date]:
    return frozenset(bank_holidays())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holiday_set()


@cache
def _tables() -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    """The calendar as tables: its first day (an ordinal), every working day to the end of its last
    year (as ordinals), and for each day from the first how many working days fall on or before it."""
    first = dt.date(min(RULE_YEARS[0], covered_years()[0]), 1, 1)
    last = dt.date(max(RULE_YEARS[-1], covered_years()[-1]), 12, 31)
    working: list[int] = []
    up_to: list[int] = []
    for n in range((last - first).days + 1):
        day = first + dt.timedelta(days=n)
        if is_working_day(day):
            working.append(day.toordinal())
        up_to.append(len(working))
    return first.toordinal(), tuple(working), tuple(up_to)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (before it when negative); 0 gives `start`."""
    if days == 0:
        return start
    base, working, up_to = _tables()
    i = start.toordinal() - base
    if 0 < i < len(up_to):
        index = up_to[i] + days - 1 if days > 0 else up_to[i - 1] + days
        if 0 <= index < len(working):
            return dt.date.fromordinal(working[index])
    return _add_working_days_slowly(start, days)


def _add_working_days_slowly(start: dt.date, days: int) -> dt.date:
    step = 1 if days >= 0 else -1
    current, remaining = start, abs(days)
    while remaining:
        current += dt.timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`, (start, end]; negative when `end` is earlier."""
    base, _, up_to = _tables()
    i, j = start.toordinal() - base, end.toordinal() - base
    if min(i, j) >= 0 and max(i, j) < len(up_to):
        return up_to[j] - up_to[i]
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + dt.timedelta(days=n)))


@cache
def _holiday_list() -> pl.Series:
    """The bank holidays as Polars takes them (one list of dates), made once: converting the ~500
    dates anew costs more than counting an authority's assessments."""
    return pl.Series("holidays", [list(bank_holidays())], dtype=pl.List(pl.Date))


def working_days_expr(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Vectorised `working_days_between` for date columns (null where either date is null)."""
    # business_day_count counts [start, end): shifting both by a day gives (start, end].
    one = pl.duration(days=1)
    forward = pl.business_day_count(start + one, end + one, holidays=_holiday_list())
    backward = -pl.business_day_count(end + one, start + one, holidays=_holiday_list())
    return pl.when(end >= start).then(forward).otherwise(backward)


def add_working_days_expr(start: pl.Expr, days: int) -> pl.Expr:
    """Vectorised `add_working_days` for a date column and a fixed number of working days."""
    # add_business_days cannot start from a non-working day; start from the nearest working day
    # behind `start` in the direction of travel, so that (as in the scalar version) only days
    # strictly after (or before) `start` are counted.
    if days == 0:
        return start
    anchor = start.dt.add_business_days(0, holidays=_holiday_list(), roll="backward" if days >= 0 else "forward")
    return anchor.dt.add_business_days(days, holidays=_holiday_list())
