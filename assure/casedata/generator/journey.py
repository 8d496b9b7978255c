"""A child's journeys through children's social care: contact, referral, assessment, section 47,
conference, child protection or child in need plan, pre-proceedings, and into care.

Probabilities are tuned so that the headline rates land near England's (domain-data.md §5): about
23% re-referrals within 12 months, 86% of assessments within 45 working days, a quarter of
referrals leading to a section 47 enquiry, 80% of initial conferences within 15 working days, a
quarter of child protection plans being repeat plans, and about 5 children starting care for every
100 referrals.
"""

from __future__ import annotations

import datetime as dt

from assure.casedata.generator import care
from assure.casedata.generator.codes import (
    ASSESSMENT_FACTOR,
    CATEGORY,
    CONTACT_OUTCOME,
    PRIMARY_NEED,
    REFERRAL_SOURCE,
)
from assure.casedata.generator.model import ChildState, Context, add_months, days
from assure.casedata.generator.workdays import add_working_days

P_NFA = 0.065  # referrals closed with no further action, before any assessment
P_NOT_IN_NEED = 0.30  # assessed and found not in need (RC8 / RC9)
P_S47 = 0.26  # of assessed referrals
P_ICPC = 0.40  # of section 47 enquiries
P_CP = 0.88  # of initial conferences
P_EMERGENCY_CARE = 0.011  # straight into care at referral
P_TEEN_CARE = 0.031  # of assessed referrals of children aged 12 or more: accommodated under s20
P_REMAND = 0.004
P_CP_TO_CARE = 0.19
P_REREFERRAL = 0.42
# Working days from start to authorisation: (share, shortest, longest); 85.5% within 45.
ASSESSMENT_DAYS = ((0.03, 0, 0), (0.10, 1, 10), (0.12, 11, 20), (0.16, 21, 30), (0.22, 31, 40), (0.225, 41, 45),
                   (0.05, 46, 50), (0.045, 51, 60), (0.05, 61, 100))  # fmt: skip
# Calendar days a child protection plan lasts: (share, shortest, longest).
CP_DAYS = ((0.12, 20, 90), (0.18, 91, 180), (0.38, 181, 365), (0.27, 366, 729), (0.05, 730, 1200))


def _band(ctx: Context, bands: tuple[tuple[float, int, int], ...]) -> int:
    r = ctx.rng.random()
    for share, low, high in bands:
        if r < share:
            return ctx.rng.randint(low, high)
        r -= share
    return ctx.rng.randint(bands[-1][1], bands[-1][2])


def contact(ctx: Context, child: ChildState, day: dt.date, outcome: str | None = None) -> dt.date:
    """A contact about the child; returns the decision date."""
    rng = ctx.rng
    child.contacts += 1
    r = rng.random()
    decision = add_working_days(day, 0 if r < 0.5 else 1 if r < 0.92 else rng.randint(2, 4))
    ctx.book.add(
        "contacts",
        child_id=child.child_id,
        contact_id=f"{child.child_id}/C/{day.isoformat()}/{child.contacts}",
        contact_date=day,
        source=REFERRAL_SOURCE(rng),
        decision_date=decision,
        outcome=outcome or CONTACT_OUTCOME(rng),
    )
    return decision


def child_journey(ctx: Context, child: ChildState, first_contact: dt.date) -> None:
    """Referrals one after another until the child is 18, no longer referred, or the data ends."""
    rng = ctx.rng
    day = first_contact
    while day <= ctx.end and day < child.eighteen - days(30):
        closed = episode(ctx, child, day)
        if closed is None or closed >= ctx.end:
            return
        chance = P_REREFERRAL + (0.15 if child.returned_home else 0) + (0.1 if child.cp_plans else 0)
        if rng.random() >= chance:
            return
        gap = rng.expovariate(1 / 110) if rng.random() < 0.8 else rng.uniform(250, 1000)
        day = closed + days(gap + 7)


def episode(ctx: Context, child: ChildState, contact_day: dt.date) -> dt.date | None:
    """One episode of need from its referral; returns the closure date (None: open at the end)."""
    rng, book = ctx.rng, ctx.book
    referral = contact(ctx, child, contact_day, "REFERRAL")
    eid = f"{child.child_id}/{referral.isoformat()}"
    need = "N2" if child.disabled and rng.random() < 0.85 else PRIMARY_NEED(rng)
    if need == "N2" and not child.disabled:
        need = "N1"
    if child.uasc:
        need = "N8"
    if contact_day < referral:
        child.phase("front_door", contact_day, referral)
    close, reason, nfa = _journey(ctx, child, eid, referral, need)
    book.add(
        "cin_episodes",
        child_id=child.child_id,
        episode_id=eid,
        referral_date=referral,
        referral_source=REFERRAL_SOURCE(rng),
        primary_need=need if not nfa else None,
        closure_date=close,
        closure_reason=reason if close else None,
        referral_nfa=nfa,
    )
    return close


def _journey(ctx: Context, child: ChildState, eid: str, referral: dt.date, need: str) -> tuple[dt.date, str, bool]:
    rng = ctx.rng
    age = child.age(referral)
    if child.uasc:
        _assessment(ctx, child, eid, referral)
        entry = add_working_days(referral, rng.randint(1, 5))
        child.phase("assessment", referral, entry)
        return (*_care(ctx, child, eid, entry, "uasc", need), False)
    if rng.random() < P_NFA:
        close = add_working_days(referral, rng.choice((0, 1, 1, 2)))
        child.phase("front_door", referral, close)
        return close, "RC8", True
    authorised = _assessment(ctx, child, eid, referral)
    emergency = P_EMERGENCY_CARE * (3 if child.returned_home else 1) * (1.5 if age < 1 else 1)
    r = rng.random()
    if r < emergency:
        entry = max(add_working_days(referral, rng.randint(0, 5)), child.dob)
        child.phase("assessment", referral, entry)
        route = "court" if age < 12 and rng.random() < 0.6 else "s20"
        return (*_care(ctx, child, eid, entry, route, need), False)
    r -= emergency
    if age >= 12 and r < P_TEEN_CARE + P_REMAND:
        entry = add_working_days(referral, rng.randint(1, 30))
        child.phase("assessment", referral, entry)
        return (*_care(ctx, child, eid, entry, "remand" if r < P_REMAND else "adolescent", need), False)
    s47 = P_S47 * (1.4 if age < 5 else 1.0)
    if rng.random() < s47:
        return (*_section47(ctx, child, eid, referral, authorised, need), False)
    if rng.random() < P_NOT_IN_NEED / (1 - s47):
        child.phase("assessment", referral, authorised)
        return authorised, "RC8" if rng.random() < 0.55 else "RC9", False
    child.phase("assessment", referral, authorised)
    return (*services(ctx, child, eid, authorised, need), False)


def _care(ctx: Context, child: ChildState, eid: str, entry: dt.date, route: str, need: str) -> tuple[dt.date, str]:
    """Into care; after a return home the episode of need may go on with a plan for a while."""
    if entry >= child.eighteen - days(30):
        return max(entry, child.eighteen), "RC7"
    end, rec = care.enter(ctx, child, eid, entry, route)
    if rec in {"E4A", "E4B", "E14"} and end < child.eighteen - days(60) and ctx.rng.random() < 0.45:
        return services(ctx, child, eid, end, need)
    return end, care.closure_reason(rec)


def _assessment(ctx: Context, child: ChildState, eid: str, referral: dt.date) -> dt.date:
    rng = ctx.rng
    start = add_working_days(referral, rng.choice((0, 0, 1, 1, 2, 3)))
    authorised = add_working_days(start, _band(ctx, ASSESSMENT_DAYS))
    seen = add_working_days(start, rng.randint(0, 8)) if rng.random() < 0.96 and not child.unborn else None
    review = add_working_days(start, rng.randint(10, 25)) if rng.random() < 0.1 else None
    factors = sorted({ASSESSMENT_FACTOR(rng) for _ in range(rng.choice((1, 1, 2, 2, 3, 4)))})
    ctx.book.add(
        "assessments",
        child_id=child.child_id,
        episode_id=eid,
        assessment_id=f"{eid}/A/{start.isoformat()}",
        start_date=start,
        child_seen_date=seen if seen and seen <= authorised else None,
        review_date=review if review and review < authorised else None,
        authorisation_date=authorised,
        factors=factors,
    )
    return authorised


def _section47(
    ctx: Context, child: ChildState, eid: str, referral: dt.date, authorised: dt.date, need: str
) -> tuple[dt.date, str]:
    rng = ctx.rng
    strategy = add_working_days(referral, rng.choice((0, 0, 1, 1, 2, 3, 5, 8)))
    target = add_working_days(strategy, 15)
    icpc = None
    if rng.random() < P_ICPC * (1.2 if child.age(referral) < 5 else 1.0):
        late = rng.random() < 0.2
        icpc = add_working_days(strategy, rng.randint(16, 28) if late else rng.randint(7, 15))
    plan = icpc is not None and rng.random() < P_CP
    ctx.book.add(
        "section47",
        child_id=child.child_id,
        episode_id=eid,
        s47_id=f"{eid}/S47/{strategy.isoformat()}",
        strategy_date=strategy,
        start_date=strategy,
        icpc_target_date=target if icpc else None,
        icpc_date=icpc,
        icpc_not_required=icpc is None,
        icpc_outcome_cp=plan if icpc else None,
    )
    if icpc is None:
        child.phase("assessment", referral, authorised)
        if rng.random() < 0.5:
            return authorised, "RC8"
        return services(ctx, child, eid, authorised, need)
    child.phase("assessment", referral, max(icpc, authorised))
    if not plan:
        return services(ctx, child, eid, max(icpc, authorised), need)
    return cp_plan(ctx, child, eid, icpc, need)


def cp_plan(ctx: Context, child: ChildState, eid: str, start: dt.date, need: str) -> tuple[dt.date, str]:
    rng = ctx.rng
    length = _band(ctx, CP_DAYS)
    to_care = child.age(start) < 16.5 and rng.random() < P_CP_TO_CARE * (1.5 if child.age(start) < 1 else 1.0)
    end = min(start + days(length), child.eighteen)
    entry = None
    if to_care:
        entry = max(start + days(rng.uniform(30, max(31, min(length, 400)))), child.dob)
        end = entry = add_working_days(min(entry, child.eighteen - days(60)), 0)
    else:
        end = add_working_days(end, 0)
    category = CATEGORY(rng)
    plan_id = f"{child.child_id}/CP/{start.isoformat()}"
    ctx.book.add(
        "cp_plans",
        child_id=child.child_id,
        episode_id=eid,
        plan_id=plan_id,
        start_date=start,
        end_date=end,
        initial_category=category,
        latest_category=CATEGORY(rng) if rng.random() < 0.06 else category,
        previous_plans=child.prior_cp + child.cp_plans,
    )
    child.cp_plans += 1
    _cp_reviews(ctx, child, plan_id, start, end, final=not to_care and rng.random() < 0.85)
    visits(ctx, child, "CP", start, end, 10)
    child.phase("cin_cp", start, end)
    if entry is not None:
        issued = rng.random() < 0.85
        if issued and rng.random() < 0.6 and (entry - start).days > 140:
            _pre_proceedings(ctx, child, eid, entry - days(rng.randint(100, 130)), entry)
        return _care(ctx, child, eid, entry, "court" if issued else "s20", need)
    if rng.random() < 0.06 and length > 240:
        _pre_proceedings(ctx, child, eid, start + days(rng.randint(60, 120)), None)
    if end >= child.eighteen or rng.random() > 0.7:
        return end, "RC7"
    return services(ctx, child, eid, end, need, after_cp=True)


def _cp_reviews(ctx: Context, child: ChildState, plan_id: str, start: dt.date, end: dt.date, final: bool) -> None:
    rng = ctx.rng
    due, last = add_months(start, 3), start
    while True:
        on_time = rng.random() < 0.93
        held = add_working_days(due - days(rng.randint(5, 20)) if on_time else due + days(rng.randint(1, 30)), 0)
        if held >= end:
            break
        ctx.book.add("cp_reviews", child_id=child.child_id, plan_id=plan_id, review_date=held, due_date=due)
        due, last = add_months(held, 6), held
    if final and end > last:
        ctx.book.add("cp_reviews", child_id=child.child_id, plan_id=plan_id, review_date=end, due_date=due)


def _pre_proceedings(ctx: Context, child: ChildState, eid: str, start: dt.date, issue: dt.date | None) -> None:
    """Pre-proceedings under the Public Law Outline; `issue` is the court application, if there is one."""
    rng = ctx.rng
    start = add_working_days(start, 0)
    letter = add_working_days(start, rng.randint(0, 5))
    meeting = add_working_days(letter, rng.randint(5, 15))
    if issue is not None:
        decision = issue - days(rng.randint(7, 21))
    else:
        decision = start + days(rng.randint(84, 120))
        if rng.random() < 0.25:  # issued, but the child stays at home during proceedings
            issue = decision + days(rng.randint(7, 21))
            care.proceedings(ctx, child, issue, rng.choice(("SO", "SO", "CAO", "NONE")))
    ctx.book.add(
        "pre_proceedings",
        child_id=child.child_id,
        episode_id=eid,
        pp_id=f"{eid}/PP/{start.isoformat()}",
        start_date=start,
        letter_sent_date=letter,
        initial_meeting_date=meeting,
        decision_date=max(decision, meeting),
        outcome="ISSUE" if issue else "STEP_DOWN",
        court_application_date=issue,
    )


def services(
    ctx: Context, child: ChildState, eid: str, start: dt.date, need: str, after_cp: bool = False
) -> tuple[dt.date, str]:
    """Help as a child in need after assessment or a plan, with or without a CIN plan."""
    rng = ctx.rng
    long_term = need == "N2" and child.disabled
    length = rng.uniform(300, 2200) if long_term else rng.lognormvariate(5.0, 0.6)
    end = max(start, add_working_days(min(start + days(length), child.eighteen), 0))
    if rng.random() < (0.9 if long_term else 0.75 if after_cp else 0.65):
        plan_start = add_working_days(start, rng.randint(0, 10))
        if plan_start < end:
            plan_id = f"{child.child_id}/CIN/{plan_start.isoformat()}"
            ctx.book.add(
                "cin_plans", child_id=child.child_id, episode_id=eid, plan_id=plan_id, start_date=plan_start,
                end_date=end,
            )  # fmt: skip
            visits(ctx, child, "CIN", plan_start, end, 20)
    child.phase("disabilities" if long_term else "cin_cp", start, end)
    if long_term and rng.random() < 0.12:
        care.short_breaks(ctx, child, eid, start, end)
    if end >= child.eighteen:
        return end, "RC6" if long_term else "RC7"
    return end, "RC5" if rng.random() < 0.06 else "RC7"


def visits(ctx: Context, child: ChildState, kind: str, start: dt.date, end: dt.date, interval: int) -> None:
    """Visits every `interval` working days or so; most on time, some late, a few not seen."""
    rng, rows = ctx.rng, ctx.book.rows["visits"]
    day = add_working_days(start, rng.randint(1, 5))
    stop = min(end, ctx.end)
    while day < stop:
        if day >= ctx.visits_from:
            seen = rng.random() < 0.95
            alone = seen and child.age(day) >= 4 and rng.random() < 0.7
            rows.append((child.child_id, day, seen, alone, kind))
        late = rng.random() < 0.12
        day = add_working_days(
            day, rng.randint(interval + 1, interval * 2) if late else rng.randint(interval // 2, interval)
        )
