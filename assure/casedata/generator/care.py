"""Periods of care: legal statuses, court proceedings, placements and the SSDA903 episodes they make.

A period is planned first (legal statuses over time, how and when it ends, any adoption), then
placements are laid over it, and every change of legal status or placement starts a new episode, as
in the 903 return. Reviews, visits, missing episodes and adoption records are in `care_records`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from assure.casedata.generator import care_records
from assure.casedata.generator.codes import PLACE_CHANGE, Pick
from assure.casedata.generator.model import ChildState, Context, Period, add_months, birthday, days
from assure.casedata.generator.workdays import add_working_days

CARE_NEED = Pick({"N1": 64, "N2": 3, "N3": 2, "N4": 8, "N5": 13, "N6": 1, "N8": 9})
AT_18 = Pick({"E5": 38, "E17": 22, "E6": 8, "E4A": 12, "E8": 8, "E13": 6, "E7": 2, "E9": 1, "E3": 3})
HOME = Pick({"E4A": 70, "E4B": 20, "E13": 10})
SGO = Pick({"E45": 30, "E46": 15, "E47": 40, "E48": 15})
# Permanence outcomes of care proceedings by age at issue: (up to age, {outcome: weight}).
COURT_OUTCOMES = (
    (2, Pick({"adoption": 55, "sgo": 20, "home": 12, "long": 10, "cao": 3})),
    (5, Pick({"adoption": 25, "sgo": 25, "home": 20, "long": 27, "cao": 3})),
    (11, Pick({"sgo": 15, "home": 30, "long": 50, "cao": 5})),
    (18, Pick({"home": 35, "long": 60, "sgo": 5})),
)
RC_FOR_REC = {"E11": "RC1", "E12": "RC1", "E2": "RC2", "E41": "RC3", "E45": "RC4", "E46": "RC4", "E47": "RC4",
              "E48": "RC4", "E3": "RC5", "E7": "RC6"}  # fmt: skip
LEAVING_CARE_EXITS = frozenset({"E5", "E6", "E17", "E8", "E13", "E4A", "E4B", "E9", "E7"})


@dataclass
class Plan:
    """How a period of care goes: legal statuses over time, and how and when it ends."""

    start: dt.date
    end: dt.date
    reason: str
    statuses: list[tuple[dt.date, str]]
    forced: list[tuple[dt.date, str, bool]] = field(default_factory=list)  # (from, PLACE, same carers)
    adoption: tuple[dt.date, dt.date, dt.date | None, str] | None = None  # decision, placed, ceased, RD code
    long_term: bool = False


def closure_reason(rec: str) -> str:
    """The CIN reason for closure (RC) that goes with the reason a period of care ended (REC)."""
    return RC_FOR_REC.get(rec, "RC7")


def proceedings(ctx: Context, child: ChildState, issue: dt.date, order: str, final: dt.date | None = None) -> dt.date:
    """Care proceedings issued on `issue`; about 26 weeks to the final order, some much longer."""
    if final is None:
        final = issue + days(7 * min(80, max(10, 26 * ctx.rng.lognormvariate(0, 0.3))))
    ctx.book.add(
        "care_proceedings",
        child_id=child.child_id,
        proceedings_id=f"{child.child_id}/{issue.isoformat()}",
        issue_date=issue,
        final_order_date=final,
        order=order,
    )
    return final


def enter(ctx: Context, child: ChildState, eid: str, entry: dt.date, route: str) -> tuple[dt.date, str]:
    """A period of care from `entry`; returns when it ends and the reason (REC)."""
    plan = _plan(ctx, child, entry, route)
    placements = _placements(ctx, child, plan, route)
    _episodes(ctx, child, plan, placements, "N8" if route == "uasc" else CARE_NEED(ctx.rng))
    care_records.after_period(ctx, child, plan.start, plan.end, [p[0] for p in placements], plan.adoption)
    child.periods.append(Period(plan.start, plan.end, plan.reason, statuses={s for _, s in plan.statuses}))
    child.ever_in_care = True
    child.returned_home = plan.reason in {"E4A", "E4B", "E14"}
    sixteen = birthday(child.dob, 16)
    if plan.start < sixteen:
        child.phase("children_in_care", plan.start, min(plan.end, sixteen))
    if plan.end > sixteen:
        leaver = plan.reason in LEAVING_CARE_EXITS and (plan.end - max(plan.start, birthday(child.dob, 14))).days >= 91
        child.phase("care_leavers", max(plan.start, sixteen), birthday(child.dob, 21) if leaver else plan.end)
    return plan.end, plan.reason


def _plan(ctx: Context, child: ChildState, entry: dt.date, route: str) -> Plan:
    rng = ctx.rng
    eighteen = child.eighteen
    if route == "remand":
        return Plan(entry, entry + days(rng.randint(20, 150)), "E14", [(entry, "J1")])
    if route == "uasc":
        if rng.random() < 0.05:
            return Plan(entry, entry + days(rng.randint(20, 200)), "E15", [(entry, "V2")])
        return Plan(entry, eighteen, AT_18(rng), [(entry, "V2")], long_term=True)
    if route in {"adolescent", "s20"}:
        if route == "s20" and child.age(entry) < 14 and rng.random() < 0.3:
            issue = add_working_days(entry + days(rng.randint(20, 120)), 0)
            return _court(ctx, child, entry, issue, [(entry, "V2")])
        if rng.random() < (0.55 if route == "adolescent" else 0.75):
            end = entry + days(min(900, 7 + rng.lognormvariate(4.6, 0.9)))
            return Plan(entry, min(end, eighteen), HOME(rng) if end < eighteen else AT_18(rng), [(entry, "V2")])
        return Plan(entry, eighteen, AT_18(rng), [(entry, "V2")], long_term=True)
    if route == "legacy":
        status = "C2" if rng.random() < 0.8 else "V2"
        if rng.random() < 0.8:
            return Plan(entry, eighteen, AT_18(rng), [(entry, status)], long_term=True)
        end = min(ctx.sim_start + days(rng.uniform(120, 1800)), eighteen)
        return Plan(entry, end, SGO(rng) if rng.random() < 0.6 else "E4A", [(entry, status)], long_term=True)
    statuses = [(entry, rng.choice(("L1", "L2")))] if rng.random() < 0.2 else []
    issue = entry + days(rng.randint(1, 7)) if statuses else entry
    return _court(ctx, child, entry, issue, statuses)


def _court(ctx: Context, child: ChildState, entry: dt.date, issue: dt.date, before: list[tuple[dt.date, str]]) -> Plan:
    """Care proceedings with the child in care under an interim care order, and what follows them."""
    rng = ctx.rng
    eighteen = child.eighteen
    age = child.age(issue)
    outcome = next(pick for limit, pick in COURT_OUTCOMES if age < limit)(rng)
    final = add_working_days(issue + days(7 * min(80, max(10, 26 * rng.lognormvariate(0, 0.3)))), 0)
    statuses = [*before, (issue, "C1")]
    if final >= eighteen - days(30):
        proceedings(ctx, child, issue, "NONE", final)
        return Plan(entry, eighteen, AT_18(rng), statuses, long_term=True)
    if outcome == "home" and rng.random() < 0.7:
        proceedings(ctx, child, issue, rng.choice(("SO", "NONE")), final)
        return Plan(entry, final, "E4A", statuses)
    if outcome in {"sgo", "cao"}:
        proceedings(ctx, child, issue, outcome.upper(), final)
        return Plan(entry, final, SGO(rng) if outcome == "sgo" else "E41", statuses)
    statuses.append((final, "C2"))
    if outcome == "home":  # placed with parents on a care order, then discharged
        proceedings(ctx, child, issue, "C2", final)
        end = final + days(rng.randint(90, 400))
        return Plan(entry, min(end, eighteen), "E4A", statuses, forced=[(final, "P1", False)])
    if outcome == "adoption":
        return _adoption(ctx, child, entry, issue, final, statuses)
    proceedings(ctx, child, issue, "C2", final)
    if rng.random() < 0.85:
        return Plan(entry, eighteen, AT_18(rng), statuses, long_term=True)
    end = min(final + days(rng.uniform(365, 1500)), eighteen)
    return Plan(entry, end, SGO(rng) if rng.random() < 0.6 else "E4A", statuses, long_term=True)


def _adoption(ctx: Context, child: ChildState, entry: dt.date, issue: dt.date, final: dt.date, statuses: list) -> Plan:
    rng = ctx.rng
    proceedings(ctx, child, issue, "PO", final)
    statuses[-1] = (final, "E1")
    decision = final - days(rng.randint(20, 70))
    placed = final + days(rng.randint(40, 250))
    with_carers = rng.random() < 0.15
    forced = [(placed, "A5" if with_carers else "A6", with_carers)]
    if rng.random() < 0.1:  # the plan for adoption changes
        ceased = final + days(rng.randint(150, 400))
        adoption = (decision, placed, ceased, rng.choice(("RD2", "RD3", "RD4")))
        end = min(ceased + days(rng.uniform(365, 1500)), child.eighteen)
        plan = Plan(entry, end, SGO(rng), statuses, [], adoption, long_term=True)
        statuses.append((ceased, "C2"))
        return plan
    adopted = placed + days(rng.randint(100, 330))
    return Plan(entry, adopted, "E12" if rng.random() < 0.85 else "E11", statuses, forced, (decision, placed, None, ""))


def _place(ctx: Context, child: ChildState, day: dt.date, status: str, long_term: bool) -> str:
    rng = ctx.rng
    age = child.age(day)
    if status == "J1":
        return "R5" if age >= 15 and rng.random() < 0.7 else "K1"
    if age >= 16 and rng.random() < 0.55:
        return "K3" if rng.random() < 0.6 else "H5"
    if age >= 11 and rng.random() < 0.22:
        return "K2" if rng.random() < 0.93 else rng.choice(("S1", "R1", "Z1"))
    if age < 1 and not long_term and rng.random() < 0.15:
        return "U5" if rng.random() < 0.7 else "U2"
    if child.sex == "F" and age >= 15 and rng.random() < 0.02:
        return "R3"
    kin = rng.random() < 0.22
    if long_term and rng.random() < 0.6:
        return "U1" if kin else "U4"
    return "U3" if kin else "U6"


def _placements(ctx: Context, child: ChildState, plan: Plan, route: str) -> list[tuple[dt.date, str, bool, str]]:
    """(start, PLACE, same carers as before, reason the previous placement ended)."""
    rng = ctx.rng
    stop = min(plan.end, ctx.end)
    status_at = _status_lookup(plan.statuses)
    day = plan.start
    placements = [(day, _place(ctx, child, day, status_at(day), False), False, "")]
    emergency = route in {"court", "s20", "adolescent"} and rng.random() < 0.35
    forced = sorted(plan.forced)
    settled = False
    while True:
        age = child.age(day)
        if emergency:
            length, emergency = float(rng.randint(3, 45)), False
        else:
            length = rng.expovariate(1 / (1100 if age < 10 else 520 if age < 16 else 450))
        move = day + days(length + 1)
        if forced and forced[0][0] <= move:
            day, place, same = forced.pop(0)
            placements.append((day, place, same, "CARPL"))
            settled = True
        elif move < stop and not settled:
            day = move
            long_term = plan.long_term and day > plan.start + days(365)
            placements.append((day, _place(ctx, child, day, status_at(day), long_term), False, PLACE_CHANGE(rng)))
        else:
            return [p for p in placements if p[0] < plan.end]


def _status_lookup(statuses: list[tuple[dt.date, str]]) -> Callable[[dt.date], str]:
    def status_at(day: dt.date) -> str:
        current = statuses[0][1]
        for since, status in statuses:
            if since <= day:
                current = status
        return current

    return status_at


PROVIDERS: dict[str, Pick] = {
    "U": Pick({"PR1": 62, "PR4": 30, "PR5": 5, "PR2": 3}),
    "K": Pick({"PR4": 75, "PR1": 18, "PR5": 5, "PR3": 2}),
    "H": Pick({"PR4": 70, "PR5": 20, "PR1": 10}),
    "A": Pick({"PR1": 55, "PR2": 25, "PR5": 20}),
    "R": Pick({"PR3": 60, "PR4": 40}),
    "S": Pick({"PR4": 70, "PR3": 30}),
    "Z": Pick({"PR4": 50, "PR1": 50}),
}


def _episodes(ctx: Context, child: ChildState, plan: Plan, placements: list, need: str) -> None:
    rng, rows = ctx.rng, ctx.book.rows["cla_episodes"]
    status_at = _status_lookup(plan.statuses)
    starts = {p[0]: p for p in placements}
    points = sorted(set(starts) | {d for d, _ in plan.statuses if plan.start <= d < plan.end})
    points = [d for d in points if d <= ctx.end]
    place = placements[0]
    previous_status = None
    details: tuple[str, str, str] = ("", "", "")
    for i, day in enumerate(points):
        status = status_at(day)
        moved = day in starts
        if moved:
            place = starts[day]
            details = _placement_details(ctx, child, place[1])
        if i == 0:
            rne = "S"
        elif moved and status != previous_status:
            rne = "U" if place[2] else "B"
        elif moved:
            rne = "T" if place[2] else "P"
        else:
            rne = "L"
        last = i == len(points) - 1
        end = plan.end if last else points[i + 1]
        change = starts[points[i + 1]][3] if not last and points[i + 1] in starts else None
        provider, postcode, urn = details
        rows.append(
            (child.child_id, day, rne, status, need, place[1], provider, end, plan.reason if last else "X1", change,
             child.home_postcode, postcode, urn)
        )  # fmt: skip
        previous_status = status
    if rng.random() < 0.015 and child.age(plan.start) >= 11:
        start = plan.start + days(rng.randint(10, 60))
        if start < plan.end:
            ctx.book.add("deprivation_of_liberty", child_id=child.child_id, start_date=start,
                         end_date=min(plan.end, start + days(rng.randint(30, 180))))  # fmt: skip


def _placement_details(ctx: Context, child: ChildState, place: str) -> tuple[str, str, str]:
    rng = ctx.rng
    provider = "PR0" if place in {"P1", "P2"} else PROVIDERS.get(place[0], PROVIDERS["Z"])(rng)
    if place in {"P1"}:
        return provider, child.home_postcode, "XXXXXXX"
    postcode = care_records.postcode(rng, local=rng.random() < 0.62)
    urn = f"SC{rng.randint(100000, 999999)}" if place in {"K1", "K2", "K3", "S1"} else "XXXXXXX"
    return provider, postcode, urn


def short_breaks(ctx: Context, child: ChildState, eid: str, start: dt.date, end: dt.date) -> None:
    """Short breaks for a disabled child: a series of short stays (V3) or agreements (V4)."""
    rng, rows = ctx.rng, ctx.book.rows["cla_episodes"]
    series = rng.random() < 0.5
    day = start + days(rng.randint(14, 90))
    stop = min(end, ctx.end)
    while day < stop:
        if series:
            leave = day + days(rng.randint(1, 3))
            place, provider, urn = "K2", "PR1", "SC900001"
        else:
            leave = min(add_months(day, rng.choice((6, 12))), end)
            place, provider, urn = "U6", "PR1", "XXXXXXX"
        if leave > end:
            return
        status = "V3" if series else "V4"
        postcode = care_records.postcode(rng, local=True)
        rows.append((child.child_id, day, "S", status, "N2", place, provider, leave, "E4A", None, child.home_postcode,
                     postcode, urn))  # fmt: skip
        child.periods.append(Period(day, leave, "E4A", short_breaks=True, statuses={status}))
        day = leave + days(rng.randint(14, 45) if series else 1)
