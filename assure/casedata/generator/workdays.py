"""The synthetic generator's working days: thin wrappers over `assure.core.workdays`, Assure's one
calendar and counting convention (see its docstring: bank holidays from GOV.UK's bundled list,
computed by rule for other years; `working_days_between` counts (start, end]).

The one thing the generator adds is that its events fall on working days: `add_working_days` first
moves a day that is not a working day to the next working day, so `add_working_days(day, 0)` is the
first working day on or after `day`. From a working day it is exactly core's `add_working_days`.
"""

from __future__ import annotations

import datetime as dt

from assure.core import workdays as core

FIRST_YEAR, LAST_YEAR = core.RULE_YEARS[0], core.RULE_YEARS[-1]


def bank_holidays() -> frozenset[dt.date]:
    """England and Wales bank holidays (core's calendar)."""
    return frozenset(core.bank_holidays())


def is_working_day(day: dt.date) -> bool:
    return core.is_working_day(day)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (core's convention); negative when end is earlier."""
    return core.working_days_between(start, end)


def add_working_days(day: dt.date, days: int) -> dt.date:
    """The date `days` working days after `day`, moved first to the next working day if it is not one."""
    first = day if core.is_working_day(day) else core.add_working_days(day, 1)
    return core.add_working_days(first, days)
