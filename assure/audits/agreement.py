"""Agreement between an auditor's grades and a moderator's blind second grading.

Framework-free. Weighted kappa (Cohen, 1968) with linear or quadratic weights on an ordinal scale:
kappa_w = 1 - sum(w * observed) / sum(w * expected), where w is the disagreement weight of each cell
of the auditor × moderator table and "expected" is the product of the two raters' marginal totals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Agreement:
    pairs: int
    agreed: int
    raised: int  # the moderator's grade is better (lower) than the auditor's
    lowered: int  # the moderator's grade is worse (higher): the auditor was more generous
    kappa: float | None

    @property
    def percentage(self) -> float | None:
        return 100 * self.agreed / self.pairs if self.pairs else None

    @property
    def generous(self) -> bool:
        """The auditor's grades run more generous than moderation: at least 5 pairs, and lowered
        at least twice as often as raised, in at least a quarter of them."""
        return self.pairs >= 5 and self.lowered >= 2 * max(self.raised, 1) and self.lowered / self.pairs >= 0.25


def outcome(auditor: int, moderator: int) -> str:
    if moderator == auditor:
        return "agreed"
    return "raised" if moderator < auditor else "lowered"


def weighted_kappa(
    pairs: Sequence[tuple[int, int]], categories: Sequence[int], *, weights: str = "linear"
) -> float | None:
    """Cohen's weighted kappa for (auditor, moderator) grade pairs; None when it is undefined."""
    k = len(categories)
    if not pairs or k < 2:
        return None
    index = {c: i for i, c in enumerate(categories)}
    table = [[0.0] * k for _ in range(k)]
    for a, m in pairs:
        table[index[a]][index[m]] += 1
    n = len(pairs)
    rows = [sum(r) for r in table]
    cols = [sum(table[i][j] for i in range(k)) for j in range(k)]

    def w(i: int, j: int) -> float:
        d = abs(i - j) / (k - 1)
        return d * d if weights == "quadratic" else d

    observed = sum(w(i, j) * table[i][j] for i in range(k) for j in range(k)) / n
    expected = sum(w(i, j) * rows[i] * cols[j] for i in range(k) for j in range(k)) / (n * n)
    if expected == 0:
        return 1.0 if observed == 0 else None
    return 1 - observed / expected


def agreement(pairs: Sequence[tuple[int, int]], categories: Sequence[int]) -> Agreement:
    outcomes = [outcome(a, m) for a, m in pairs]
    return Agreement(
        pairs=len(pairs),
        agreed=outcomes.count("agreed"),
        raised=outcomes.count("raised"),
        lowered=outcomes.count("lowered"),
        kappa=weighted_kappa(pairs, categories),
    )
