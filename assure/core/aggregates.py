"""Small-number suppression for figures shown to board members and in published exports.

Framework-free. A count below the threshold (but above zero) could identify a child, so it is
shown as "fewer than N"; a percentage is hidden when its numerator or denominator is suppressed,
since either would let the small count be worked out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shown:
    """A figure as a reader may see it: the text, and whether it was hidden."""

    text: str
    suppressed: bool


def suppress_count(count: int | None, *, threshold: int) -> Shown:
    if count is None:
        return Shown("no data", False)
    if 0 < count < threshold:
        return Shown(f"fewer than {threshold}", True)
    return Shown(f"{count:,}", False)


def suppress_percentage(numerator: int | None, denominator: int | None, *, threshold: int, places: int = 0) -> Shown:
    if numerator is None or not denominator:
        return Shown("no data", False)
    if suppress_count(numerator, threshold=threshold).suppressed or denominator < threshold:
        return Shown("hidden (small numbers)", True)
    return Shown(f"{100 * numerator / denominator:.{places}f}%", False)
