"""A child's journey as dated events, one describer per canonical table, codes in plain English.

Framework-free. Each describer takes one row of its table (dates as dates) and gives the events it
records: a referral opens an episode of need, its closure ends it, and so on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assure.casedata import codes

Row = dict[str, Any]


@dataclass(frozen=True)
class Event:
    day: dt.date
    area: str  # the part of the journey: "Contact", "Child in need", "Child protection", "In care", …
    what: str
    detail: str = ""


def when(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def flag(value: Any, yes: str, no: str) -> str:
    return "" if value is None else (yes if value else no)


def _join(*parts: str) -> str:
    return ". ".join(p for p in parts if p)


def _contacts(r: Row) -> list[Event]:
    source = codes.labelled(codes.REFERRAL_SOURCE_LABELS, r.get("source"))
    outcome = codes.labelled(codes.CONTACT_OUTCOME_LABELS, r.get("outcome"))
    decided = f"Decided {when(r.get('decision_date'))}" if r.get("decision_date") else ""
    return [
        Event(
            r["contact_date"],
            "Contact",
            "Contact received",
            _join(f"From: {source}" if source else "", decided, f"Outcome: {outcome}" if outcome else ""),
        )
    ]


def _cin_episodes(r: Row) -> list[Event]:
    source = codes.labelled(codes.REFERRAL_SOURCE_LABELS, r.get("referral_source"))
    need = codes.labelled(codes.NEED_LABELS, r.get("primary_need"))
    nfa = "No further action after the referral" if r.get("referral_nfa") else ""
    events = [
        Event(
            r["referral_date"],
            "Child in need",
            "Referral: episode of need opened",
            _join(f"From: {source}" if source else "", f"Primary need: {need}" if need else "", nfa),
        )
    ]
    if r.get("closure_date"):
        reason = codes.labelled(codes.CLOSURE_REASON_LABELS, r.get("closure_reason"))
        events.append(
            Event(r["closure_date"], "Child in need", "Episode of need closed", f"Reason: {reason}" if reason else "")
        )
    return events


def _assessments(r: Row) -> list[Event]:
    seen = f"Child seen {when(r.get('child_seen_date'))}" if r.get("child_seen_date") else ""
    events = [Event(r["start_date"], "Child in need", "Assessment started", seen)]
    if r.get("authorisation_date"):
        factors = ", ".join(r.get("factors") or [])
        events.append(
            Event(
                r["authorisation_date"],
                "Child in need",
                "Assessment completed and authorised",
                f"Factors identified: {factors}" if factors else "",
            )
        )
    return events


def _plan_events(area: str, name: str) -> Callable[[Row], list[Event]]:
    def describe(r: Row) -> list[Event]:
        events = []
        if area == "Child protection":
            category = codes.labelled(codes.ABUSE_CATEGORY_LABELS, r.get("initial_category"))
            previous = f"{r['previous_plans']} previous plan(s)" if r.get("previous_plans") else ""
            events.append(
                Event(
                    r["start_date"],
                    area,
                    f"{name} started",
                    _join(f"Category: {category}" if category else "", previous),
                )
            )
        else:
            events.append(Event(r["start_date"], area, f"{name} started"))
        if r.get("end_date"):
            events.append(Event(r["end_date"], area, f"{name} ended"))
        return events

    return describe


def _section47(r: Row) -> list[Event]:
    events = []
    if r.get("strategy_date"):
        events.append(Event(r["strategy_date"], "Child protection", "Strategy discussion"))
    if r.get("start_date"):
        target = f"Initial conference due by {when(r.get('icpc_target_date'))}" if r.get("icpc_target_date") else ""
        events.append(Event(r["start_date"], "Child protection", "Section 47 enquiry started", target))
    if r.get("icpc_date"):
        outcome = flag(r.get("icpc_outcome_cp"), "Outcome: child protection plan", "Outcome: no child protection plan")
        events.append(Event(r["icpc_date"], "Child protection", "Initial child protection conference", outcome))
    elif r.get("icpc_not_required") and r.get("start_date"):
        events.append(Event(r["start_date"], "Child protection", "Initial conference not required"))
    return events


def _cp_reviews(r: Row) -> list[Event]:
    due = f"Due {when(r.get('due_date'))}" if r.get("due_date") else ""
    return [Event(r["review_date"], "Child protection", "Child protection review conference", due)]


def _pre_proceedings(r: Row) -> list[Event]:
    events = [
        Event(
            r["start_date"],
            "Proceedings",
            "Pre-proceedings (Public Law Outline) started",
            _join(
                f"Letter before proceedings sent {when(r.get('letter_sent_date'))}"
                if r.get("letter_sent_date")
                else "",
                "Family group decision-making meeting held"
                if r.get("fgdm_held")
                else ("Family group decision-making meeting offered" if r.get("fgdm_offered") else ""),
            ),
        )
    ]
    if r.get("decision_date"):
        outcome = codes.labelled(codes.PP_OUTCOME_LABELS, r.get("outcome"))
        events.append(
            Event(
                r["decision_date"], "Proceedings", "Pre-proceedings decision", f"Outcome: {outcome}" if outcome else ""
            )
        )
    return events


def _care_proceedings(r: Row) -> list[Event]:
    events = [Event(r["issue_date"], "Proceedings", "Care proceedings issued")]
    if r.get("final_order_date"):
        order = codes.labelled(codes.ORDER_LABELS, r.get("order"))
        events.append(Event(r["final_order_date"], "Proceedings", "Final order", order))
    return events


def _cla_episodes(r: Row) -> list[Event]:
    reason = r.get("reason_new")
    what = "Started to be looked after" if reason == "S" else codes.RNE_LABELS.get(reason or "", "New care episode")
    legal = codes.labelled(codes.LS_LABELS, r.get("legal_status"))
    placement = codes.labelled(codes.PLACE_LABELS, r.get("placement"))
    provider = codes.labelled(codes.PROVIDER_LABELS, r.get("provider"))
    detail = _join(
        f"Legal status: {legal}" if legal else "",
        f"Placement: {placement}" if placement else "",
        f"Provider: {provider}" if provider else "",
    )
    events = [Event(r["start_date"], "In care", what, detail)]
    if r.get("end_date") and r.get("reason_ceased") and r["reason_ceased"] != "X1":
        ceased = codes.labelled(codes.REC_LABELS, r["reason_ceased"])
        events.append(Event(r["end_date"], "In care", "Ceased to be looked after", f"Reason: {ceased}"))
    return events


def _cla_reviews(r: Row) -> list[Event]:
    taking_part = codes.labelled(codes.REVIEW_LABELS, r.get("participation"))
    return [
        Event(
            r["review_date"], "In care", "Looked-after review", f"Participation: {taking_part}" if taking_part else ""
        )
    ]


def _visits(r: Row) -> list[Event]:
    kind = codes.VISIT_KIND_LABELS.get(r.get("kind") or "", "Visit")
    seen = (
        "Seen alone"
        if r.get("seen_alone")
        else ("Seen" if r.get("seen") else ("Not seen" if r.get("seen") is False else ""))
    )
    return [Event(r["visit_date"], "Visit", kind, seen)]


def _missing(r: Row) -> list[Event]:
    what = codes.MISSING_LABELS.get(r.get("kind") or "", "Missing")
    interview = flag(r.get("return_interview_offered"), "Return interview offered", "Return interview not offered")
    if r.get("return_interview_accepted"):
        interview += ", accepted"
    back = f"Returned {when(r.get('end_date'))}" if r.get("end_date") else "Not yet returned"
    return [Event(r["start_date"], "Missing", what, _join(back, interview))]


def _adoptions(r: Row) -> list[Event]:
    events = [Event(r["decision_date"], "In care", "Decision that the child should be placed for adoption")]
    if r.get("match_date"):
        events.append(Event(r["match_date"], "In care", "Matched with adopters"))
    return events


def _deprivation(r: Row) -> list[Event]:
    events = [Event(r["start_date"], "In care", "Deprivation of liberty order made")]
    if r.get("end_date"):
        events.append(Event(r["end_date"], "In care", "Deprivation of liberty order ended"))
    return events


def _allocations(r: Row) -> list[Event]:
    return [
        Event(
            r["start_date"],
            "Allocation",
            "Case allocated",
            f"To {r.get('worker_id') or 'no worker'}, {r.get('team') or 'no team'}",
        )
    ]


# Each table's describer, in the order of a child's journey: on one day, the later step is listed first.
EVENTS: dict[str, Callable[[Row], list[Event]]] = {
    "contacts": _contacts,
    "cin_episodes": _cin_episodes,
    "allocations": _allocations,
    "assessments": _assessments,
    "cin_plans": _plan_events("Child in need", "Child in need plan"),
    "section47": _section47,
    "cp_plans": _plan_events("Child protection", "Child protection plan"),
    "cp_reviews": _cp_reviews,
    "pre_proceedings": _pre_proceedings,
    "care_proceedings": _care_proceedings,
    "cla_episodes": _cla_episodes,
    "cla_reviews": _cla_reviews,
    "adoptions": _adoptions,
    "deprivation_of_liberty": _deprivation,
    "missing": _missing,
    "visits": _visits,
}
