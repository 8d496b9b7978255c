"""The register of indicator definitions: what each figure means, and the function that counts it.

Framework-free. An indicator function takes the case data and one period and returns its *units*:
one row per thing counted (a referral, a plan, a child), with `child_id`, `event_date` (the date the
figure is attributed on, which decides the worker and team), `num` and `den`. The engine adds them up
by organisation unit and breakdown, and the same units list the children behind any figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from assure.indicators.engine.data import CaseData


class Unit(StrEnum):
    PERCENT = "percent"  # num 1 or 0 per unit, den 1: value = 100 * num / den
    MEAN_DAYS = "days"  # num = days, den 1 per unit: value = mean days
    COUNT = "count"  # num 1 per unit: value = the number
    RATE_PER_10K = "rate"  # num 1 per unit: value = num per 10,000 children aged 0 to 17
    PER_WORKER = "per_worker"  # num 1 per child: value = children per allocated worker


class Polarity(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NEUTRAL = "neutral"  # a volume, neither good nor bad


class PeriodKind(StrEnum):
    YEAR = "year"  # year ending 31 March (and the current year to date)
    AS_AT = "as_at"  # on a date: each 31 March and the snapshot's date
    MONTH = "month"  # calendar month
    THREE_YEARS = "three_years"  # three years ending 31 March (adoption scorecard style)


LEVELS = ("authority", "service_area", "team", "worker")
BREAKDOWNS = ("age_band", "sex", "ethnicity", "disability", "legal_status")

UNITS_SCHEMA = {"child_id": pl.String, "event_date": pl.Date, "num": pl.Float64, "den": pl.Float64}

Counter = Callable[["CaseData", dt.date, dt.date], pl.DataFrame]


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    plain: str  # what it means, in plain English
    published: str  # the published definition it follows
    source: str
    unit: Unit
    polarity: Polarity
    period: PeriodKind
    numerator: str
    denominator: str
    counter: Counter
    national: bool = False  # one of DfE's published measures (comparable with England)
    breakdowns: tuple[str, ...] = ("age_band", "sex", "ethnicity", "disability")
    levels: tuple[str, ...] = LEVELS
    tables: tuple[str, ...] = field(default=())  # canonical tables it reads
    # True when a unit does not depend on the period it is counted for, beyond its event_date falling
    # in it: the engine may then count adjoining periods in one call and split the units by date.
    split_by_date: bool = False

    def units(self, data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
        frame = self.counter(data, start, end)
        extra = [c for c in frame.columns if c not in UNITS_SCHEMA]
        return frame.select(*(pl.col(name).cast(dtype) for name, dtype in UNITS_SCHEMA.items()), *extra)


REGISTRY: dict[str, Indicator] = {}
_MODULE_ORDER = ("cin", "cla", "leavers", "adoption", "clinic")


def ordered() -> list[Indicator]:
    """The library in reading order: DfE's measures (children in need, in care, leaving care,
    adoption), then the local ones."""

    def key(ind: Indicator) -> tuple[bool, int]:
        module = ind.counter.__module__.rsplit(".", 1)[-1]
        return (not ind.national, _MODULE_ORDER.index(module) if module in _MODULE_ORDER else len(_MODULE_ORDER))

    return sorted(REGISTRY.values(), key=key)


def indicator(
    id: str,
    *,
    title: str,
    unit: Unit,
    polarity: Polarity,
    period: PeriodKind,
    numerator: str,
    denominator: str,
    source: str,
    plain: str,
    national: bool = False,
    breakdowns: tuple[str, ...] | None = None,
    levels: tuple[str, ...] = LEVELS,
    tables: tuple[str, ...] = (),
    split_by_date: bool = False,
) -> Callable[[Counter], Counter]:
    """Register a counting function as an indicator; its docstring is the published definition."""

    def register(func: Counter) -> Counter:
        if id in REGISTRY:
            raise ValueError(f"Indicator {id!r} is registered twice.")
        default = ("age_band", "sex", "ethnicity", "disability") if unit != Unit.RATE_PER_10K else ()
        REGISTRY[id] = Indicator(
            id=id,
            title=title,
            plain=plain,
            published=" ".join((func.__doc__ or "").split()),
            source=source,
            unit=unit,
            polarity=polarity,
            period=period,
            numerator=numerator,
            denominator=denominator,
            counter=func,
            national=national,
            breakdowns=default if breakdowns is None else breakdowns,
            levels=("authority",) if unit == Unit.RATE_PER_10K else levels,
            tables=tables,
            split_by_date=split_by_date,
        )
        return func

    return register


def units_frame(
    frame: pl.DataFrame, *, event_date: pl.Expr | dt.date, num: pl.Expr, den: pl.Expr | float = 1.0
) -> pl.DataFrame:
    """Shape a frame of counted things into units (keeping `legal_status` when it is there)."""
    date_expr = event_date if isinstance(event_date, pl.Expr) else pl.lit(event_date, dtype=pl.Date)
    den_expr = den if isinstance(den, pl.Expr) else pl.lit(den)
    extra = ["legal_status"] if "legal_status" in frame.columns else []
    return frame.select(
        pl.col("child_id"),
        date_expr.alias("event_date"),
        num.cast(pl.Float64).alias("num"),
        den_expr.cast(pl.Float64).alias("den"),
        *extra,
    )
