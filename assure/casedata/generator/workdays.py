"""Working days in England: weekdays that are not England and Wales bank holidays.

Counting follows the DfE validators (numpy's `busday_count`): `working_days_between(a, b)` counts the
working days in [a, b), so an assessment authorised on the day it started took 0 working days, and
`add_working_days(d, n)` is the date that is n working days on from d (d itself rolled forward to a
working day first). Holidays are computed from the standing rules, plus the one-off changes of
2020, 2022 and 2023; the table covers 2000–2045 and was checked against GOV.UK for 2018–2030.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from functools import cache

FIRST_YEAR, LAST_YEAR = 2000, 2045
_DAY = dt.timedelta(days=1)

# One-off changes: (holiday moved or added, holiday it replaced or None).
_SPECIAL: tuple[tuple[dt.date, dt.date | None], ...] = (
    (dt.date(2020, 5, 8), dt.date(2020, 5, 4)),  # VE Day 75: early May bank holiday moved to Friday
    (dt.date(2022, 6, 2), dt.date(2022, 5, 30)),  # Platinum Jubilee: spring bank holiday moved
    (dt.date(2022, 6, 3), None),  # Platinum Jubilee bank holiday
    (dt.date(2022, 9, 19), None),  # State funeral of Queen Elizabeth II
    (dt.date(2023, 5, 8), None),  # Coronation of King Charles III
)


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


def _first_monday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    last = dt.date(year, month + 1, 1) - _DAY
    return last - dt.timedelta(days=last.weekday())


def _standing(year: int) -> list[dt.date]:
    new_year = dt.date(year, 1, 1)
    while new_year.weekday() >= 5:
        new_year += _DAY
    easter = _easter(year)
    christmas, boxing = dt.date(year, 12, 25), dt.date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday are the substitutes
        christmas, boxing = dt.date(year, 12, 27), dt.date(year, 12, 28)
    elif christmas.weekday() == 6:  # Sunday: Boxing Day on Monday, Christmas substitute on Tuesday
        christmas, boxing = dt.date(year, 12, 27), dt.date(year, 12, 26)
    elif boxing.weekday() == 5:  # Boxing Day on Saturday: substitute on Monday
        boxing = dt.date(year, 12, 28)
    return [
        new_year,
        easter - 2 * _DAY,
        easter + _DAY,
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
        christmas,
        boxing,
    ]


@cache
def bank_holidays() -> frozenset[dt.date]:
    """England and Wales bank holidays, FIRST_YEAR to LAST_YEAR."""
    days = {day for year in range(FIRST_YEAR, LAST_YEAR + 1) for day in _standing(year)}
    for added, replaced in _SPECIAL:
        if replaced:
            days.discard(replaced)
        days.add(added)
    return frozenset(days)


_BASE = dt.date(FIRST_YEAR, 1, 1).toordinal()


@cache
def _tables() -> tuple[list[int], list[int]]:
    """Working days as ordinals, and for each day from _BASE the number of working days before it."""
    holidays = bank_holidays()
    working: list[int] = []
    before: list[int] = []
    day = dt.date(FIRST_YEAR, 1, 1)
    while day.year <= LAST_YEAR:
        before.append(len(working))
        if day.weekday() < 5 and day not in holidays:
            working.append(day.toordinal())
        day += _DAY
    before.append(len(working))
    return working, before


def _index(day: dt.date) -> int:
    i = day.toordinal() - _BASE
    if not 0 <= i < len(_tables()[1]) - 1:
        raise ValueError(f"{day} is outside the working-day calendar ({FIRST_YEAR}–{LAST_YEAR}).")
    return i


def is_working_day(day: dt.date) -> bool:
    working, _ = _tables()
    position = bisect_left(working, day.toordinal())
    return position < len(working) and working[position] == day.toordinal()


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in [start, end); negative when end is before start."""
    _, before = _tables()
    return before[_index(end)] - before[_index(start)]


def add_working_days(day: dt.date, days: int) -> dt.date:
    """The date `days` working days after `day` (rolled forward to a working day first)."""
    working, before = _tables()
    return dt.date.fromordinal(working[before[_index(day)] + days])
