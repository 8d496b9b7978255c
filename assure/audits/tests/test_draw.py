"""The monthly draw: reproducible from its seed, meets quotas, respects exclusions."""

from __future__ import annotations

from assure.audits.draw import Auditor, OpenCase, Quota, QuotaPlan, draw, load_quotas

PLAN = QuotaPlan(
    (
        Quota("team_manager", "tier1-generic", "team", 4),
        Quota("head_of_service", "tier2-head-of-service", "person", 1, outside_own_service=True),
    ),
    6,
)


def cases() -> list[OpenCase]:
    kinds = ["cin", "cin", "cin", "cp", "cla"]
    result = []
    for team, service in [("North", "Safeguarding"), ("South", "Safeguarding"), ("Care 1", "Children in Care")]:
        for n in range(12):
            result.append(OpenCase(f"{team[:1]}{n:03d}", team, service, kinds[n % 5], f"w{n}@x"))
    return result


AUDITORS = [
    Auditor(1, "Manager North", "team_manager", teams=("North",)),
    Auditor(2, "Manager South", "team_manager", teams=("South",)),
    Auditor(3, "Manager Care", "team_manager", teams=("Care 1",)),
    Auditor(4, "Head of Safeguarding", "head_of_service", services=("Safeguarding",)),
]


def test_same_seed_same_draw_and_another_seed_differs():
    first = draw(open_cases=cases(), auditors=AUDITORS, plan=PLAN, excluded=set(), seed=42)
    again = draw(open_cases=list(reversed(cases())), auditors=AUDITORS, plan=PLAN, excluded=set(), seed=42)
    other = draw(open_cases=cases(), auditors=AUDITORS, plan=PLAN, excluded=set(), seed=43)
    assert first.drawn == again.drawn
    assert first.drawn != other.drawn


def test_quotas_met_and_stratified_by_kind_of_case():
    result = draw(open_cases=cases(), auditors=AUDITORS, plan=PLAN, excluded=set(), seed=7)
    assert result.shortfalls == []
    summary = result.summary()
    assert summary["per_auditor"] == {1: 4, 2: 4, 3: 4, 4: 1}
    north = [d for d in result.drawn if d.auditor_id == 1]
    assert {d.team for d in north} == {"North"}
    assert {d.case_kind for d in north} == {"cin", "cp", "cla"}  # every kind the team holds appears
    assert len({d.child_id for d in result.drawn}) == len(result.drawn)  # nobody drawn twice


def test_head_of_service_draws_outside_own_service():
    for seed in range(20):
        result = draw(open_cases=cases(), auditors=AUDITORS, plan=PLAN, excluded=set(), seed=seed)
        assert [d.team for d in result.drawn if d.auditor_id == 4] == ["Care 1"]


def test_recently_audited_cases_are_excluded_and_shortfalls_explained():
    excluded = {c.child_id for c in cases() if c.team == "South"} - {"S000", "S001"}
    result = draw(open_cases=cases(), auditors=AUDITORS, plan=PLAN, excluded=excluded, seed=1)
    south = sorted(d.child_id for d in result.drawn if d.team == "South")
    assert south == ["S000", "S001"]
    assert result.shortfalls == [
        "Manager South needs 4 tier1-generic audits in team South, but only 2 eligible cases were open there "
        "on the first of the month (after excluding recent audits)."
    ]


def test_shipped_quotas_load():
    plan = load_quotas()
    assert [(q.role, q.count) for q in plan.quotas] == [("team_manager", 4), ("head_of_service", 1)]
