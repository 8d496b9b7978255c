"""The indicator engine: a register of definitions and a vectorised calculator (no Django)."""

from assure.indicators.engine.compute import OUTPUT_SCHEMA, aggregate, children_behind, compute, gather_units
from assure.indicators.engine.data import CaseData
from assure.indicators.engine.enrich import enrich
from assure.indicators.engine.periods import Period, periods_for
from assure.indicators.engine.registry import BREAKDOWNS, LEVELS, REGISTRY, Indicator, PeriodKind, Polarity, Unit

__all__ = [
    "BREAKDOWNS", "LEVELS", "OUTPUT_SCHEMA", "REGISTRY", "CaseData", "Indicator", "Period", "PeriodKind",
    "Polarity", "Unit", "aggregate", "children_behind", "compute", "enrich", "gather_units", "periods_for",
]  # fmt: skip
