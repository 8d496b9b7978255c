"""What the generator's parts share: the rows being written, the child being simulated, date helpers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from assure.casedata.schema import SCHEMA

DAY = dt.timedelta(days=1)


def days(n: float) -> dt.timedelta:
    return dt.timedelta(days=int(n))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (the last day of the month when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def birthday(dob: dt.date, age: int) -> dt.date:
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:  # 29 February
        return dt.date(dob.year + age, 3, 1)


def age_on(dob: dt.date, day: dt.date) -> float:
    return (day - dob).days / 365.25


class Book:
    """Rows for each canonical table, as tuples in the schema's column order."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[object, ...]]] = {table: [] for table in SCHEMA}
        self._columns = {table: tuple(columns) for table, columns in SCHEMA.items()}
        self._names = {table: frozenset(columns) for table, columns in SCHEMA.items()}

    def add(self, table: str, **values: object) -> None:
        if not values.keys() <= self._names[table]:
            raise KeyError(f"{table} has no column {sorted(values.keys() - self._names[table])}")
        self.rows[table].append(tuple(map(values.get, self._columns[table])))


@dataclass
class Context:
    """The run: its random stream, its rows and its dates."""

    rng: random.Random
    book: Book
    start: dt.date  # the first day the extract is about
    end: dt.date  # the extract date: nothing after it exists
    sim_start: dt.date  # the simulation starts earlier, so that the extract has a history
    visits_from: dt.date  # visits before this are not written (nobody looks that far back)


@dataclass
class Period:
    """One period of care."""

    start: dt.date
    end: dt.date | None  # None: still looked after at the end of the simulation
    reason: str | None  # REC of the last episode
    short_breaks: bool = False
    statuses: set[str] = field(default_factory=set)


@dataclass
class ChildState:
    number: int
    child_id: str
    dob: dt.date
    sex: str
    disabled: bool
    uasc: bool = False
    unborn: bool = False
    prior_cp: int = 0  # plans before the data begins
    contacts: int = 0
    cp_plans: int = 0
    ever_in_care: bool = False
    returned_home: bool = False
    periods: list[Period] = field(default_factory=list)
    phases: list[tuple[str, dt.date, dt.date]] = field(default_factory=list)
    home_postcode: str = ""

    @property
    def eighteen(self) -> dt.date:
        return birthday(self.dob, 18)

    def age(self, day: dt.date) -> float:
        return age_on(self.dob, day)

    def phase(self, kind: str, start: dt.date, end: dt.date) -> None:
        """Record that a team of `kind` held the case from start to end; contiguous spells merge."""
        end = max(start, end)
        if self.phases and self.phases[-1][0] == kind and self.phases[-1][2] >= start:
            previous = self.phases[-1]
            self.phases[-1] = (kind, previous[1], max(previous[2], end))
        else:
            self.phases.append((kind, start, end))
