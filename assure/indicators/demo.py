"""The demo authority's indicators: figures for its snapshot, and a few targets to colour them."""

from __future__ import annotations

import datetime as dt

from assure.casedata.models import Snapshot
from assure.indicators.models import Target
from assure.indicators.services import indicator_results_compute, target_save

# (indicator, target, amber tolerance): the kind of local targets a council sets near England's figures.
DEMO_TARGETS = (
    ("assessments_within_45wd", 88.0, 4.0),
    ("icpc_within_15wd", 85.0, 5.0),
    ("referrals_rereferral_12m", 20.0, 3.0),
    ("cp_repeat_plan", 20.0, 4.0),
    ("cla_reviews_on_time", 90.0, 5.0),
    ("cla_3plus_placements", 9.0, 2.0),
    ("contacts_decision_1wd", 90.0, 5.0),
    ("visits_on_time", 90.0, 5.0),
    ("management_oversight_8wk", 95.0, 5.0),
    ("cin_reviews_6m", 95.0, 5.0),
)


def demo_indicators_load(*, snapshot: Snapshot, population: int) -> bool:
    """Calculate the snapshot's figures (once) and set the demo targets (once)."""
    created = False
    if not snapshot.indicator_runs.exists():
        indicator_results_compute(snapshot=snapshot, population=population)
        created = True
    if not Target.objects.exists():
        for indicator_id, target, tolerance in DEMO_TARGETS:
            target_save(
                indicator_id=indicator_id,
                target=target,
                tolerance=tolerance,
                effective_from=dt.date(2023, 4, 1),
                note="Demo target",
            )
        created = True
    return created
