"""Weighted kappa against a worked example, and the agreed/raised/lowered counts."""

from __future__ import annotations

import pytest

from assure.audits.agreement import agreement, outcome, weighted_kappa


def table_pairs(table: list[list[int]]) -> list[tuple[int, int]]:
    return [(i + 1, j + 1) for i, row in enumerate(table) for j, n in enumerate(row) for _ in range(n)]


# A worked example, by hand. 3 grades, 50 pairs; rows are the auditor, columns the moderator:
#   [[10, 5, 0], [3, 20, 2], [0, 4, 6]]
# Linear weights (0, 0.5, 1). Observed disagreement: 0.5 × (5 + 3 + 2 + 4) / 50 = 7/50 = 0.14.
# Row totals (15, 25, 10), column totals (13, 29, 8). Expected disagreement:
#   0.5 × (15×29 + 25×13 + 25×8 + 10×29) / 2500 + 1 × (15×8 + 10×13) / 2500
#   = 0.5 × 1250 / 2500 + 250 / 2500 = 0.25 + 0.10 = 0.35.
# Kappa = 1 − 0.14 / 0.35 = 0.6.
WORKED = [[10, 5, 0], [3, 20, 2], [0, 4, 6]]


def test_weighted_kappa_matches_the_worked_example():
    assert weighted_kappa(table_pairs(WORKED), [1, 2, 3]) == pytest.approx(0.6)


def test_quadratic_weights_on_the_same_example():
    # Quadratic weights (0, 0.25, 1): observed 0.25 × 14 / 50 = 0.07;
    # expected 0.25 × 1250 / 2500 + 250 / 2500 = 0.225; kappa = 1 − 0.07 / 0.225 = 0.68889.
    assert weighted_kappa(table_pairs(WORKED), [1, 2, 3], weights="quadratic") == pytest.approx(0.688888, abs=1e-5)


def test_perfect_agreement_is_one_and_empty_is_undefined():
    assert weighted_kappa([(1, 1), (2, 2), (3, 3), (4, 4)], [1, 2, 3, 4]) == pytest.approx(1.0)
    assert weighted_kappa([], [1, 2, 3, 4]) is None


def test_outcomes_and_generous_flag():
    assert outcome(2, 2) == "agreed"
    assert outcome(2, 3) == "lowered"
    assert outcome(3, 2) == "raised"
    generous = agreement([(2, 3), (2, 3), (1, 2), (2, 2), (2, 2), (3, 3)], [1, 2, 3, 4])
    assert (generous.agreed, generous.raised, generous.lowered) == (3, 0, 3)
    assert generous.percentage == pytest.approx(50.0)
    assert generous.generous
    fair = agreement([(2, 3), (3, 2), (2, 2), (2, 2), (3, 3)], [1, 2, 3, 4])
    assert not fair.generous
