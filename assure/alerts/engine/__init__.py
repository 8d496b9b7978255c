"""Deadlines from statutory and local timescales: rule files and the vectorised engine.

Framework-free: imports nothing from Django, so it runs the same in jobs, tests and notebooks.
"""

from assure.alerts.engine.deadlines import OPEN_STATUSES, RESULT_SCHEMA, STATUSES, compute_deadlines
from assure.alerts.engine.rules import Rule, RuleFileError, RuleSet, load_rules, parse_rules

__all__ = [
    "OPEN_STATUSES",
    "RESULT_SCHEMA",
    "STATUSES",
    "Rule",
    "RuleFileError",
    "RuleSet",
    "compute_deadlines",
    "load_rules",
    "parse_rules",
]
