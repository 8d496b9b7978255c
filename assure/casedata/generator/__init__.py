"""A deterministic generator of synthetic child-level data in the canonical tables.

Framework-free. `generate_authority` gives one fictional authority's tables; `generate_many` gives many
authorities' for regional and national work. The journeys, the rates they are tuned to and the
assumptions (such as the 0–17 population behind a number of children in need) are described in the
modules: `journey` (front door to child protection), `care` and `care_records` (children looked
after, care leavers, adoption), `staff` (allocations), `practice` (oversight, plan reviews, health,
education, pathway plans, reviewing officers) and `authority` (volumes).
"""

from assure.casedata.generator.authority import CIN_PER_10K, generate_authority, population
from assure.casedata.generator.many import authority_sizes, generate_many
from assure.casedata.generator.staff import (
    SUITABLE_TEAM_TYPES,
    WorkerRef,
    iros_from_demo,
    managers_from_demo,
    synthetic_workers,
    workers_from_demo,
)

__all__ = [
    "CIN_PER_10K",
    "SUITABLE_TEAM_TYPES",
    "WorkerRef",
    "authority_sizes",
    "generate_authority",
    "generate_many",
    "iros_from_demo",
    "managers_from_demo",
    "population",
    "synthetic_workers",
    "workers_from_demo",
]
