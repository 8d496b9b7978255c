"""Allocate a month's audits at random by the quotas, and print what was drawn as JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.audits.allocation import AllocationError, allocation_draw, allocation_summary, audits_allocate


class Command(BaseCommand):
    help = (
        "Draw the month's audits from the children open to each team on the first of the month. "
        "Prints a JSON summary; exits 1 when a quota cannot be met, saying why."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="The month to allocate, as YYYY-MM.")
        parser.add_argument("--seed", type=int, help="Reproduce an earlier draw from its recorded seed.")
        parser.add_argument("--dry-run", action="store_true", help="Show the draw without saving it.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = dt.datetime.strptime(options["month"], "%Y-%m").date()
        except ValueError:
            raise CommandError(f"--month {options['month']!r} is not a month like 2026-11.") from None
        try:
            if options["dry_run"]:
                result, _ = allocation_draw(month=month, seed=options["seed"])
                summary = allocation_summary(result, month=month) | {"saved": False}
            else:
                run, result = audits_allocate(month=month, seed=options["seed"])
                summary = run.summary | {"saved": True}
        except AllocationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(summary, indent=2, default=str))
        if result.shortfalls:
            raise CommandError("Quotas not met: " + " ".join(result.shortfalls), returncode=1)
