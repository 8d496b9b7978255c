"""Reporting periods: years ending 31 March, dates, calendar months and three-year windows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assure.indicators.engine.registry import PeriodKind


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.start == self.end:
            return f"{self.end:%-d %B %Y}"
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"


def year_ending(day: dt.date) -> dt.date:
    """The 31 March that ends the reporting year `day` falls in."""
    return dt.date(day.year + (1 if day.month > 3 else 0), 3, 31)


def month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _years_back(end: dt.date, years: int) -> dt.date:
    """The day after the same date `years` earlier (so a year ending 31 March starts on 1 April)."""
    try:
        return end.replace(year=end.year - years) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        return dt.date(end.year - years, 3, 1)


def periods_for(kind: PeriodKind, as_at: dt.date, *, years: int = 3) -> list[Period]:
    """The periods to report for an indicator of this kind, oldest first, ending on or before `as_at`.

    Complete years ending 31 March (as many as `years`), then the current year to date; for dates,
    each 31 March then `as_at`; for months, the twelve months to the last complete one (or to `as_at`
    when it ends a month); for three-year windows, those ending each 31 March, then to `as_at`.
    """
    current_end = year_ending(as_at)
    last_complete = current_end if as_at == current_end else dt.date(current_end.year - 1, 3, 31)
    ends = [dt.date(last_complete.year - n, 3, 31) for n in range(years - 1, -1, -1)]
    if kind == PeriodKind.MONTH:
        last = as_at if month_end(as_at) == as_at else dt.date(as_at.year, as_at.month, 1) - dt.timedelta(days=1)
        months = []
        for _ in range(12):
            months.append(Period(dt.date(last.year, last.month, 1), last))
            last = dt.date(last.year, last.month, 1) - dt.timedelta(days=1)
        return months[::-1]
    tail = [] if as_at == last_complete else [as_at]
    if kind == PeriodKind.AS_AT:
        return [Period(end, end) for end in [*ends, *tail]]
    span = 3 if kind == PeriodKind.THREE_YEARS else 1
    periods = [Period(_years_back(end, span), end) for end in ends]
    if tail:
        start = dt.date(current_end.year - span, 4, 1)
        periods.append(Period(start, as_at))
    return periods
