"""Practice records that follow from the journeys: management oversight, child in need plan reviews,
core groups, health assessments, personal education plans, pathway plans and reviewing officers.

Written once every journey is simulated, from the plans, periods of care and allocations in the book,
with a random stream of their own: adding them leaves every other table exactly as it was. Most
records are on time, some late and a few missing, in roughly these shares:

* management oversight on each allocated case every 3 to 7 weeks (about 1 in 10 gaps run past 8 weeks);
* child in need plans reviewed within 3 months of starting, then every 6 months (about 85% on time);
* a first core group within 10 working days of a protection plan (about 88%), then every 6 weeks or so;
* an initial health assessment within 20 working days of coming into care (about 85%), then reviews
  every 6 months under 5 and every year from 5; a personal education plan for children aged 5 to 17
  within 20 working days (about 85%), then each term;
* a pathway plan for young people in care at 16, reviewed every 6 months until support ends at 21;
* an independent reviewing officer for every child in care and every child on a protection plan.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assure.casedata.generator.model import Book, add_months, birthday, days
from assure.casedata.generator.workdays import add_working_days
from assure.casedata.schema import SCHEMA

SHORT_BREAKS = frozenset({"V3", "V4"})


@dataclass(frozen=True)
class _Window:
    since: dt.date  # records before this are not written (nobody looks that far back)
    end: dt.date  # the extract date


def practice_records(
    book: Book,
    rng: random.Random,
    *,
    since: dt.date,
    end: dt.date,
    managers: Mapping[str, str],
    iros: Sequence[str],
) -> None:
    """Add the practice records to `book`; `managers` maps a team to its manager, `iros` are the
    reviewing officers (none: no reviewing officer records)."""
    window = _Window(since, end)
    dobs: dict[str, dt.date] = {}
    for row in _rows(book, "children"):
        dob = row["dob"] or row["expected_dob"]
        if isinstance(dob, dt.date):
            dobs[str(row["child_id"])] = dob
    _supervisions(book, rng, window, managers)
    _cin_reviews(book, rng, window)
    _core_groups(book, rng, window)
    periods = _periods_of_care(book)
    for child_id, child_periods in periods.items():
        dob = dobs.get(child_id)
        for start, stop in child_periods:
            _health(book, rng, window, child_id, dob, start, stop)
            _peps(book, rng, window, child_id, dob, start, stop)
        if dob is not None:
            _pathway(book, rng, window, child_id, dob, child_periods[-1])
    if iros:
        _reviewing_officers(book, rng, window, periods, iros)


def _rows(book: Book, table: str) -> list[dict[str, object]]:
    columns = tuple(SCHEMA[table])
    return [dict(zip(columns, row, strict=True)) for row in book.rows[table]]


def _late(rng: random.Random, on_time: float, soon: tuple[int, int], late: tuple[int, int]) -> int:
    return rng.randint(*soon) if rng.random() < on_time else rng.randint(*late)


def _supervisions(book: Book, rng: random.Random, window: _Window, managers: Mapping[str, str]) -> None:
    seen: set[tuple[object, dt.date, str]] = set()
    for row in _rows(book, "allocations"):
        start, until = row["start_date"], row["end_date"] or window.end
        assert isinstance(start, dt.date) and isinstance(until, dt.date)
        day = add_working_days(start + days(rng.randint(3, 30)), 0)  # a weekday, not a bank holiday
        while day < min(until, window.end):
            kind = "OVERSIGHT" if rng.random() < 0.6 else "SUPERVISION"
            if day >= window.since and (row["child_id"], day, kind) not in seen:
                seen.add((row["child_id"], day, kind))
                supervisor = managers.get(str(row["team"]))
                book.add("supervisions", child_id=row["child_id"], supervision_date=day, supervisor_id=supervisor,
                         kind=kind)  # fmt: skip
            day = add_working_days(day + days(_late(rng, 0.9, (21, 50), (57, 100))), 0)


def _cin_reviews(book: Book, rng: random.Random, window: _Window) -> None:
    for row in _rows(book, "cin_plans"):
        start, until = row["start_date"], row["end_date"] or window.end
        assert isinstance(start, dt.date) and isinstance(until, dt.date)
        if rng.random() < 0.05:
            continue  # never reviewed
        due = add_months(start, 3)
        while True:
            held = add_working_days(
                due - days(rng.randint(0, 20)) if rng.random() < 0.85 else due + days(rng.randint(1, 80)), 0
            )
            if held >= min(until, window.end):
                break
            if held >= window.since:
                book.add("cin_reviews", child_id=row["child_id"], plan_id=row["plan_id"], review_date=held)
            due = add_months(held, 6)


def _core_groups(book: Book, rng: random.Random, window: _Window) -> None:
    for row in _rows(book, "cp_plans"):
        start, until = row["start_date"], row["end_date"] or window.end
        assert isinstance(start, dt.date) and isinstance(until, dt.date)
        if rng.random() < 0.03:
            continue  # no core group recorded
        day = add_working_days(start, _late(rng, 0.9, (3, 10), (11, 20)))
        while day < min(until, window.end):
            if day >= window.since:
                book.add("core_groups", child_id=row["child_id"], plan_id=row["plan_id"], meeting_date=day)
            day = add_working_days(day + days(rng.randint(28, 45)), 0)


def _periods_of_care(book: Book) -> dict[str, list[tuple[dt.date, dt.date | None]]]:
    """Each child's periods of care other than short breaks, oldest first: (start, end or None)."""
    episodes: dict[str, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
    for row in _rows(book, "cla_episodes"):
        start, stop = row["start_date"], row["end_date"]
        if row["legal_status"] not in SHORT_BREAKS and isinstance(start, dt.date):
            episodes[str(row["child_id"])].append(
                (start, stop if isinstance(stop, dt.date) else None, str(row["reason_new"]))
            )
    periods: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for child_id, rows in episodes.items():
        found: list[tuple[dt.date, dt.date | None]] = []
        for start, stop, reason in sorted(rows, key=lambda r: r[0]):
            if found and found[-1][1] == start and reason != "S":
                found[-1] = (found[-1][0], stop)
            else:
                found.append((start, stop))
        periods[child_id] = found
    return periods


def _health(
    book: Book,
    rng: random.Random,
    window: _Window,
    child_id: str,
    dob: dt.date | None,
    start: dt.date,
    stop: dt.date | None,
) -> None:
    until = min(stop or window.end, window.end)
    if rng.random() < 0.03:
        return  # no health assessment recorded
    day, kind = add_working_days(start, _late(rng, 0.85, (5, 20), (21, 45))), "IHA"
    while day < until:
        if day >= window.since:
            book.add("health_assessments", child_id=child_id, assessment_date=day, kind=kind)
        young = dob is not None and day < birthday(dob, 5)
        due = add_months(day, 6 if young else 12)
        day, kind = due + days(-rng.randint(0, 30) if rng.random() < 0.88 else rng.randint(1, 60)), "RHA"


def _peps(
    book: Book,
    rng: random.Random,
    window: _Window,
    child_id: str,
    dob: dt.date | None,
    start: dt.date,
    stop: dt.date | None,
) -> None:
    if dob is None:
        return
    until = min(stop or window.end, window.end, birthday(dob, 18))
    first = max(start, birthday(dob, 5))
    if first >= until or rng.random() < 0.03:
        return
    day = add_working_days(first, _late(rng, 0.85, (3, 20), (21, 40)))
    while day < until:
        if day >= window.since:
            book.add("peps", child_id=child_id, pep_date=day)
        day = add_working_days(day + days(rng.randint(95, 125)), 0)  # each school term, roughly


def _pathway(
    book: Book, rng: random.Random, window: _Window, child_id: str, dob: dt.date, period: tuple[dt.date, dt.date | None]
) -> None:
    """A pathway plan for a young person in care for 13 weeks or more at 16, reviewed until 21."""
    start, stop = period
    sixteen = birthday(dob, 16)
    if (stop is not None and stop <= sixteen) or start > sixteen - days(91):
        return
    support_ends = birthday(dob, 21)
    day = add_working_days(sixteen + days(rng.randint(0, 40)), 0)
    plans: list[dt.date] = []
    while day < min(support_ends, window.end):
        plans.append(day)
        day = add_working_days(day + days(_late(rng, 0.88, (140, 182), (183, 260))), 0)
    for plan_date in plans:
        if plan_date >= window.since:
            ended = support_ends if plan_date == plans[-1] and support_ends <= window.end else None
            book.add("pathway_plans", child_id=child_id, plan_date=plan_date, end_date=ended)


def _reviewing_officers(
    book: Book,
    rng: random.Random,
    window: _Window,
    periods: Mapping[str, list[tuple[dt.date, dt.date | None]]],
    iros: Sequence[str],
) -> None:
    """Each child keeps one reviewing officer through their plans and care, but for the odd change."""
    spans: dict[str, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for child_id, child_periods in periods.items():
        spans[child_id].extend(child_periods)
    for row in _rows(book, "cp_plans"):
        start, stop = row["start_date"], row["end_date"]
        assert isinstance(start, dt.date)
        spans[str(row["child_id"])].append((start, stop if isinstance(stop, dt.date) else None))
    for child_id in sorted(spans):
        iro = rng.choice(iros)
        written: set[tuple[str, dt.date]] = set()
        for start, stop in sorted(spans[child_id], key=lambda span: span[0]):
            if rng.random() < 0.1 and len(iros) > 1:
                iro = rng.choice([i for i in iros if i != iro])
            if (stop is not None and stop < window.since) or (iro, start) in written:
                continue
            written.add((iro, start))
            book.add("iro_allocations", child_id=child_id, iro_id=iro, start_date=start, end_date=stop)
