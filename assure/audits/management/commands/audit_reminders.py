"""python manage.py audit_reminders [--date YYYY-MM-DD]: send today's audit reminders.

Run it once a day (for example from cron). Running it again the same day tells nobody twice.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from assure.audits.reminders import DUE_SOON_WORKING_DAYS, audit_reminders_send


class Command(BaseCommand):
    help = "Send the daily audit reminders: audits due soon or overdue, overdue actions and remedial work."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, help="The day to act as today (default: today).")
        parser.add_argument(
            "--within",
            type=int,
            default=DUE_SOON_WORKING_DAYS,
            help=f"Working days ahead that count as due soon (default: {DUE_SOON_WORKING_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on = options["date"] or timezone.localdate()
        counts = audit_reminders_send(on=on, within_working_days=options["within"])
        self.stdout.write(json.dumps(counts))
