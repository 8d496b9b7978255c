"""Which figures a board member may not see: the small ones, and those that would give a small one away.

A figure is small when it counts fewer children or events than the threshold (see `presentation`).
Hiding only the small ones is not enough where figures add up: the authority's figure is the sum
of its service areas', of its teams' and of each breakdown's groups, and a service area's is the sum
of its teams'. Each such sum is an equation a reader can solve for one unknown. So, in every
equation, either nothing is hidden or at least two of its figures are, and the hidden parts of a
visible total do not add up to a small number; where that fails, the smallest other part (one that
counts something) is hidden too, or the total when no part is left (a service area of one team),
and the equations are checked again, the narrowest first, until none needs more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assure.indicators.engine import Indicator
from assure.indicators.presentation import small


@dataclass(frozen=True)
class Sum:
    """An equation a reader sees: `total` (a stored figure) is the sum of `parts`. A `headline` total
    (the authority's own figure) is never hidden to protect its parts, which may not add up to it
    exactly (children no team holds count only in the authority's)."""

    total: Any
    parts: Sequence[Any]
    headline: bool = False


@dataclass(frozen=True)
class _Combined:
    numerator: float
    denominator: float | None


def hidden(indicator: Indicator, sums: Iterable[Sum], threshold: int) -> set[int]:
    """The ids of the stored figures of these sums (one indicator) that a reader seeing figures
    through `threshold` must not see."""
    sums = sorted(sums, key=lambda s: len(s.parts))  # the narrowest first: a team's neighbours in its area
    figures = {f.pk: f for s in sums for f in (s.total, *s.parts)}
    out = {pk for pk, f in figures.items() if small(indicator, f, threshold)}
    changed = True
    while changed:
        changed = False
        for each in sums:
            more = _another(indicator, each, out, threshold)
            if more is not None:
                out.add(more.pk)
                changed = True
    return out


def _another(indicator: Indicator, each: Sum, out: set[int], threshold: int) -> Any | None:
    """The part to hide besides those already hidden so that `each` gives nothing away, if any."""
    parts_hidden = [p for p in each.parts if p.pk in out]
    total_hidden = each.total.pk in out
    count = len(parts_hidden) + total_hidden
    if count == 0:
        return None
    if count >= 2 and (total_hidden or not _small_together(indicator, parts_hidden, threshold)):
        return None
    visible = [p for p in each.parts if p.pk not in out]
    if visible:
        return min(visible, key=lambda p: (p.numerator == 0, _size(p), str(p.org_unit)))
    if total_hidden or each.headline:
        return None
    return each.total  # a service area of one team is that team's figure


def _size(figure: Any) -> float:
    return float(figure.denominator if figure.denominator is not None else figure.numerator)


def _small_together(indicator: Indicator, parts: list[Any], threshold: int) -> bool:
    denominators = [p.denominator for p in parts]
    combined = _Combined(
        numerator=sum(p.numerator for p in parts),
        denominator=None if any(d is None for d in denominators) else sum(d for d in denominators if d is not None),
    )
    return small(indicator, combined, threshold)
