"""python manage.py risk_reminders [--date YYYY-MM-DD]: send today's review-due and overdue-action reminders.

Run it once a day (for example from cron). Running it again the same day tells nobody twice.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from assure.risks.reminders import risk_reminders_send


class Command(BaseCommand):
    help = "Send the daily risk reminders: reviews due and overdue actions."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, help="The day to act as today (default: today).")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = risk_reminders_send(on=options["date"] or timezone.localdate())
        self.stdout.write(json.dumps(counts))
