"""Print a snapshot's indicator figures as CSV, one row per indicator, period and organisation unit."""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.casedata.models import Snapshot
from assure.indicators.engine import REGISTRY
from assure.indicators.selectors import ORG_LEVELS, run_for_snapshot
from assure.indicators.services import indicator_results_compute

COLUMNS = ["indicator_id", "period_start", "period_end", "org_unit_code", "numerator", "denominator", "value"]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"


class Command(BaseCommand):
    help = "Print indicator_id,period_start,period_end,org_unit_code,numerator,denominator,value for a snapshot."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--snapshot", type=int, required=True, help="The snapshot's id.")
        parser.add_argument("--format", choices=["csv"], default="csv")
        parser.add_argument("--indicator", help="Only this indicator (its id, for example icpc_within_15wd).")

    def handle(self, *args: Any, **options: Any) -> None:
        snapshot = Snapshot.objects.filter(pk=options["snapshot"]).first()
        if snapshot is None:
            raise CommandError(f"There is no snapshot with id {options['snapshot']}.")
        indicator = options.get("indicator")
        if indicator and indicator not in REGISTRY:
            raise CommandError(f"There is no indicator {indicator!r}. Known ids: {', '.join(sorted(REGISTRY))}.")
        run = run_for_snapshot(snapshot) or indicator_results_compute(snapshot=snapshot)
        values = run.values.filter(level__in=ORG_LEVELS)
        if indicator:
            values = values.filter(indicator_id=indicator)
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        rows = values.order_by("indicator_id", "period_end", "period_start", "level", "org_unit").values_list(
            "indicator_id", "period_start", "period_end", "level", "org_unit", "numerator", "denominator", "value"
        )
        level_order = {level: n for n, level in enumerate(ORG_LEVELS)}
        ordered = sorted(rows, key=lambda r: (r[0], r[2], r[1], level_order[r[3]], r[4]))
        for ind, start, end, _, unit, numerator, denominator, value in ordered:
            writer.writerow(
                [
                    ind,
                    start.isoformat(),
                    end.isoformat(),
                    unit,
                    _number(numerator),
                    _number(denominator),
                    _number(value),
                ]
            )
