"""Small-number suppression where figures add up: no hidden figure can be worked out from the others."""

from __future__ import annotations

import random
from itertools import count
from types import SimpleNamespace

from assure.indicators.engine import REGISTRY
from assure.indicators.presentation import small
from assure.indicators.suppression import Sum, hidden

PERCENT = REGISTRY["cp_repeat_plan"]  # a percentage: small when fewer than 5 counted or looked at
COUNT = REGISTRY["cla_count_31mar"]
THRESHOLD = 5
_ids = count(1)


def cell(numerator: float, denominator: float | None, name: str = "") -> SimpleNamespace:
    return SimpleNamespace(pk=next(_ids), numerator=numerator, denominator=denominator, org_unit=name or "x")


def names(found: set[int], *cells: SimpleNamespace) -> set[str]:
    return {c.org_unit for c in cells if c.pk in found}


def test_a_lone_small_team_takes_its_neighbour_in_the_same_service_area_with_it() -> None:
    # Service area 1 = T1 + T2. Hiding T1 alone, or T1 and a team of the other area, would let a
    # reader take T2 from service area 1 and find T1.
    t1, t2, t3, t4 = cell(2, 20, "T1"), cell(18, 60, "T2"), cell(10, 25, "T3"), cell(30, 90, "T4")
    a1, a2 = cell(20, 80, "A1"), cell(40, 115, "A2")
    authority = cell(60, 195, "LA")
    sums = [Sum(authority, [a1, a2], headline=True), Sum(authority, [t1, t2, t3, t4], headline=True),
            Sum(a1, [t1, t2]), Sum(a2, [t3, t4])]  # fmt: skip
    assert names(hidden(PERCENT, sums, THRESHOLD), t1, t2, t3, t4, a1, a2, authority) == {"T1", "T2"}


def test_the_second_figure_hidden_counts_something() -> None:
    lone, empty, big = cell(2, 20, "lone"), cell(0, 12, "empty"), cell(40, 100, "big")
    found = hidden(PERCENT, [Sum(cell(42, 132, "LA"), [lone, empty, big])], THRESHOLD)
    assert names(found, lone, empty, big) == {"lone", "big"}  # hiding the empty one would leave 2 of 32 to find


def test_hidden_figures_that_add_up_to_a_small_number_take_another_with_them() -> None:
    a, b, c = cell(1, 20, "a"), cell(2, 30, "b"), cell(50, 100, "c")
    found = hidden(PERCENT, [Sum(cell(53, 150, "LA"), [a, b, c])], THRESHOLD)
    assert names(found, a, b, c) == {"a", "b", "c"}  # a and b alone: 3 of the total, itself small


def test_nothing_small_hides_nothing() -> None:
    parts = [cell(10, 40), cell(12, 50)]
    assert hidden(PERCENT, [Sum(cell(22, 90), parts)], THRESHOLD) == set()


def test_counts_are_protected_the_same_way() -> None:
    a, b, c = cell(3, None, "a"), cell(40, None, "b"), cell(60, None, "c")
    found = hidden(COUNT, [Sum(cell(103, None, "LA"), [a, b, c])], THRESHOLD)
    assert names(found, a, b, c) == {"a", "b"}


def test_random_hierarchies_leave_no_sum_with_one_unknown() -> None:
    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    for _ in range(300):
        teams = [cell(n := rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 30]), n + rng.choice([0, 1, 3, 8, 20]), f"T{i}")
                 for i in range(rng.randint(2, 7))]  # fmt: skip
        cut = rng.randint(1, len(teams) - 1)
        groups = [teams[:cut], teams[cut:]]
        areas = [
            cell(sum(t.numerator for t in g), sum(t.denominator for t in g), f"A{i}") for i, g in enumerate(groups)
        ]
        authority = cell(sum(a.numerator for a in areas), sum(a.denominator for a in areas), "LA")
        sums = [Sum(authority, areas, headline=True), Sum(authority, teams, headline=True),
                *(Sum(a, g) for a, g in zip(areas, groups, strict=True))]  # fmt: skip
        found = hidden(PERCENT, sums, THRESHOLD)
        for each in sums:
            members = [each.total, *each.parts]
            hidden_members = [m for m in members if m.pk in found]
            assert len(hidden_members) != 1, (each, found)
            assert all(not small(PERCENT, m, THRESHOLD) for m in members if m.pk not in found)
            parts_hidden = [p for p in each.parts if p.pk in found]
            if each.total.pk not in found and parts_hidden:
                together = SimpleNamespace(numerator=sum(p.numerator for p in parts_hidden),
                                           denominator=sum(p.denominator for p in parts_hidden))  # fmt: skip
                assert not small(PERCENT, together, THRESHOLD), (each, found)


def test_the_authoritys_own_figure_is_never_hidden_for_its_parts() -> None:
    # Most children here are held by no team, so the teams' hidden figures cannot be taken from it.
    a, b = cell(1, 6, "a"), cell(2, 7, "b")
    authority = cell(40, 200, "LA")
    assert hidden(PERCENT, [Sum(authority, [a, b], headline=True)], THRESHOLD) == {a.pk, b.pk}


def test_a_service_area_of_one_team_is_hidden_with_it() -> None:
    only, other = cell(9, 30, "only"), cell(1, 8, "other")
    area, area_2 = cell(9, 30, "area"), cell(1, 8, "area 2")
    authority = cell(10, 38, "LA")
    sums = [Sum(authority, [only, other], headline=True), Sum(area, [only]), Sum(area_2, [other]),
            Sum(authority, [area, area_2], headline=True)]  # fmt: skip
    assert names(hidden(PERCENT, sums, THRESHOLD), only, other, area, area_2, authority) == {
        "only", "other", "area", "area 2"
    }  # fmt: skip
