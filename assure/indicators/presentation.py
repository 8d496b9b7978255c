"""How a stored figure is shown: its unit, small-number suppression, and a sparkline's points."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from assure.core.aggregates import suppress_count, suppress_percentage
from assure.indicators.engine import Indicator, Unit

HIDDEN = "hidden (small numbers)"


@dataclass(frozen=True)
class Figure:
    period_start: dt.date
    period_end: dt.date
    value: float | None  # None when there is no figure or it is hidden
    text: str
    numerator_text: str
    denominator_text: str
    suppressed: bool

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return f"{self.period_end:%-d %b %Y}"
        return f"{self.period_start:%-d %b %Y} to {self.period_end:%-d %b %Y}"


def value_text(unit: Unit, value: float | None) -> str:
    if value is None:
        return "no data"
    if unit == Unit.PERCENT:
        return f"{value:.1f}%"
    if unit == Unit.MEAN_DAYS:
        return f"{value:,.0f} days"
    if unit == Unit.COUNT:
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _count(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def small(indicator: Indicator, stored: Any, threshold: int) -> bool:
    """Whether a stored figure gives away a small number (fewer than `threshold` children or events)."""
    numerator, denominator, unit = stored.numerator, stored.denominator, indicator.unit
    count = round(denominator) if unit in (Unit.PERCENT, Unit.MEAN_DAYS) and denominator is not None else None
    if unit == Unit.PERCENT:
        return suppress_percentage(round(numerator), count, threshold=threshold).suppressed
    if unit == Unit.MEAN_DAYS:
        return suppress_count(count, threshold=threshold).suppressed
    return suppress_count(round(numerator), threshold=threshold).suppressed


def figure(indicator: Indicator, stored: Any, threshold: int | None, *, hide: bool = False) -> Figure:
    """A stored value as a reader sees it; with a threshold, small counts and what they would give
    away are hidden (as for board members and published exports), and so is a figure `hide` names
    (one that would give a small one away: see `suppression`)."""
    numerator, denominator, value = stored.numerator, stored.denominator, stored.value
    unit = indicator.unit
    hidden = threshold is not None and (hide or small(indicator, stored, threshold))
    if hidden:
        return Figure(stored.period_start, stored.period_end, None, HIDDEN, HIDDEN, HIDDEN, True)
    numerator_text = _count(numerator) if unit != Unit.MEAN_DAYS else f"{numerator:,.0f} days"
    if unit == Unit.RATE_PER_10K and denominator is not None:
        denominator_text = f"{denominator:,.0f} children aged 0 to 17"
    elif unit == Unit.PER_WORKER:
        denominator_text = f"{_count(denominator)} workers"
    else:
        denominator_text = _count(denominator)
    return Figure(
        stored.period_start, stored.period_end, value, value_text(unit, value), numerator_text, denominator_text, False
    )


def sparkline(values: list[float | None], *, width: int = 120, height: int = 28) -> str:
    """SVG polyline points for the known values, scaled to the box (empty with fewer than two)."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(v for _, v in known), max(v for _, v in known)
    span = (high - low) or 1.0
    step = width / max(1, len(values) - 1)
    return " ".join(f"{i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}" for i, v in known)
