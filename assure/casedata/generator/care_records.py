"""What goes with a period of care: reviews, visits, missing episodes, adoption records, and, once a
child's whole journey is known, the yearly health outcomes (OC2) and care leaver records (OC3)."""

from __future__ import annotations

import datetime as dt
import random

from assure.casedata.generator.codes import (
    ACCOMMODATION_TYPE,
    ACTIVITY_17,
    ACTIVITY_19,
    PARTICIPATION,
    Pick,
)
from assure.casedata.generator.model import ChildState, Context, Period, add_months, birthday, days
from assure.casedata.generator.workdays import add_working_days

PREVIOUS_PERMANENCE = Pick({"Z1": 86, "P1": 2, "P2": 5, "P3": 2, "P4": 5})
IN_TOUCH = Pick({"YES": 94, "NO": 2.5, "REFU": 1.5, "NREQ": 0.5, "RHOM": 1.5})
_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng: random.Random, local: bool) -> str:
    """A made-up postcode: NV (Northvale) for placements in the authority, NX outside it."""
    area = "NV" if local else "NX"
    return f"{area}{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice(_LETTERS)}{rng.choice(_LETTERS)}"


def after_period(
    ctx: Context,
    child: ChildState,
    start: dt.date,
    end: dt.date,
    placement_starts: list[dt.date],
    adoption: tuple[dt.date, dt.date, dt.date | None, str] | None,
) -> None:
    _reviews(ctx, child, start, end)
    _visits(ctx, child, placement_starts, end)
    _missing(ctx, child, start, end)
    if adoption:
        _adoption(ctx, child, end, adoption)
    if not child.ever_in_care:
        code = PREVIOUS_PERMANENCE(ctx.rng)
        earlier = start - days(ctx.rng.randint(200, 2000))
        known = code in {"P1", "P2", "P3"}
        ctx.book.add(
            "previous_permanence",
            child_id=child.child_id,
            previous_permanence=code,
            la="999" if known else None,
            date_text=earlier.strftime("%d/%m/%Y") if known else None,
        )


def _reviews(ctx: Context, child: ChildState, start: dt.date, end: dt.date) -> None:
    """First review within 20 working days, the second within 3 months, then every 6 months."""
    rng, rows = ctx.rng, ctx.book.rows["cla_reviews"]
    due = add_working_days(start, 20)
    held = add_working_days(start, rng.randint(10, 20) if rng.random() < 0.9 else rng.randint(21, 35))
    stop = min(end, ctx.end)
    first = True
    while held < stop:
        if held >= ctx.visits_from:
            participation = "PN0" if child.age(held) < 4 else PARTICIPATION(rng)
            rows.append((child.child_id, held, participation, due))
        due = add_months(held, 3 if first else 6)
        first = False
        on_time = rng.random() < 0.91
        held = add_working_days(due - days(rng.randint(5, 25)) if on_time else due + days(rng.randint(1, 40)), 0)


def _visits(ctx: Context, child: ChildState, placement_starts: list[dt.date], end: dt.date) -> None:
    """A visit within a week of each placement starting, then about every six weeks."""
    rng, rows = ctx.rng, ctx.book.rows["visits"]
    bounds = [*placement_starts[1:], end]
    for placed, until in zip(placement_starts, bounds, strict=True):
        day = placed + days(rng.randint(1, 7) if rng.random() < 0.9 else rng.randint(8, 14))
        stop = min(until, ctx.end)
        while day < stop:
            if day >= ctx.visits_from:
                seen = rng.random() < 0.97
                alone = seen and child.age(day) >= 4 and rng.random() < 0.65
                rows.append((child.child_id, day, seen, alone, "CLA"))
            day += days(rng.randint(21, 42) if rng.random() < 0.88 else rng.randint(43, 70))


def _missing(ctx: Context, child: ChildState, start: dt.date, end: dt.date) -> None:
    rng = ctx.rng
    from_day = max(start, birthday(child.dob, 11), ctx.visits_from)
    stop = min(end, ctx.end)
    if from_day >= stop or rng.random() >= (0.28 if child.age(from_day) >= 13 else 0.09):
        return
    rate = rng.gammavariate(1.0, 9.0) / 365  # incidents a day, mean about nine a year
    day = from_day + days(rng.expovariate(rate))
    while day < stop:
        kind = "M" if rng.random() < 0.85 else "A"
        back = min(day + days(rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 9))), end)
        offered = rng.random() < (0.9 if kind == "M" else 0.4)
        ctx.book.add(
            "missing",
            child_id=child.child_id,
            kind=kind,
            start_date=day,
            end_date=back,
            return_interview_offered=offered,
            return_interview_accepted=offered and rng.random() < 0.62,
        )
        day = back + days(1 + rng.expovariate(rate))


def _adoption(
    ctx: Context, child: ChildState, end: dt.date, adoption: tuple[dt.date, dt.date, dt.date | None, str]
) -> None:
    rng = ctx.rng
    decision, placed, ceased, reason = adoption
    ctx.book.add(
        "placed_for_adoption",
        child_id=child.child_id,
        decision_date=decision,
        ceased_date=ceased or end,
        ceased_reason=reason or "RD1",
    )
    if ceased:
        return
    couple = rng.random() < 0.85
    ctx.book.add(
        "adoptions",
        child_id=child.child_id,
        decision_date=decision,
        match_date=placed - days(rng.randint(7, 40)),
        foster_care=rng.random() < 0.15,
        adopters_number="2" if couple else "1",
        adopters_sex=(rng.choice(("MF",) * 17 + ("FF", "FF", "MM")) if couple else rng.choice(("F1",) * 6 + ("M1",))),
        adopters_legal_status=rng.choice(("L11",) * 7 + ("L2", "L2", "L12")) if couple else "L0",
    )


def finish(ctx: Context, child: ChildState) -> None:
    """Yearly records that need the whole journey: health outcomes and care leaver outcomes."""
    periods = [p for p in child.periods if not p.short_breaks]
    if not periods:
        return
    first_year = ctx.start.year if ctx.start > dt.date(ctx.start.year, 3, 31) else ctx.start.year - 1
    for year in range(first_year, ctx.end.year + 1):
        year_end = dt.date(year, 3, 31)
        if year_end > ctx.end or year_end < ctx.start:
            continue
        if any(p.start <= year_end - days(365) and (p.end is None or p.end > year_end) for p in periods):
            _health(ctx, child, year_end)
        _leaver(ctx, child, periods, year_end)


def _health(ctx: Context, child: ChildState, year_end: dt.date) -> None:
    rng = ctx.rng
    age = child.age(year_end)
    scored = 4 <= age < 17 and rng.random() < 0.8
    misuse = age >= 11 and rng.random() < 0.04
    offered = misuse and rng.random() < 0.8
    ctx.book.add(
        "health",
        child_id=child.child_id,
        year_ending=year_end,
        sdq_score=min(40, max(0, round(rng.gauss(14, 6.5)))) if scored else None,
        sdq_reason=None if scored else "SDQ1" if not 4 <= age < 17 else rng.choice(("SDQ2", "SDQ4", "SDQ4", "SDQ5")),
        convicted=age >= 10 and rng.random() < 0.03,
        health_check=rng.random() < 0.9,
        immunisations=rng.random() < 0.84,
        teeth_check=rng.random() < 0.8,
        health_assessment=rng.random() < 0.9,
        substance_misuse=misuse,
        intervention_received=offered and rng.random() < 0.6,
        intervention_offered=offered,
    )


def _leaver(ctx: Context, child: ChildState, periods: list[Period], year_end: dt.date) -> None:
    """An OC3 record for each 17th to 21st birthday in the year of a young person who left care at 16 or
    over, having been looked after for at least 13 weeks since turning 14."""
    rng = ctx.rng
    for age in range(17, 22):
        day = birthday(child.dob, age)
        if not year_end - days(365) < day <= year_end:
            continue
        if any(p.start <= day and (p.end is None or p.end > day) for p in periods):
            continue  # still looked after
        fourteen, sixteen = birthday(child.dob, 14), birthday(child.dob, 16)
        cared = sum(max(0, ((p.end or day) - max(p.start, fourteen)).days) for p in periods)
        last = max(periods, key=lambda p: p.start)
        if cared < 91 or last.end is None or last.end < sixteen or last.reason not in _LEAVER_EXITS:
            continue
        in_touch = IN_TOUCH(rng)
        touch = in_touch == "YES"
        activity = (ACTIVITY_17 if age < 19 else ACTIVITY_19)(rng) if touch else "0"
        suitable = rng.random() < (0.965 if age < 19 else 0.945)
        accommodation = f"{ACCOMMODATION_TYPE(rng)}{1 if suitable else 2}" if touch else "0"
        ctx.book.add(
            "care_leavers", child_id=child.child_id, year_ending=year_end, in_touch=in_touch, activity=activity,
            accommodation=accommodation,
        )  # fmt: skip


_LEAVER_EXITS = frozenset({"E5", "E6", "E17", "E8", "E13", "E4A", "E4B", "E9", "E7", "E14"})
