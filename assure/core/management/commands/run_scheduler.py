"""python manage.py run_scheduler [--once]: run each daily job once a day after its time of day.

Runs beside the worker (`make run` starts both). Use it or cron for the daily jobs, never both.
"""

from __future__ import annotations

import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from assure.core.scheduler import (
    SchedulerConfigurationError,
    daily_jobs,
    daily_jobs_check,
    scheduled_jobs_run_due,
)


class Command(BaseCommand):
    help = "Run the daily jobs (digests, reminders) once a day each, after their time of day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run the jobs that are due now, then stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            daily_jobs_check()
        except SchedulerConfigurationError as error:
            raise CommandError(str(error)) from None
        plan = ", ".join(f"{job.name} at {job.at:%H:%M}" for job in daily_jobs()) or "no daily jobs"
        self.stdout.write(f"Scheduler: {plan}.")
        signal.signal(signal.SIGTERM, _stop)
        try:
            while True:
                for run in scheduled_jobs_run_due():
                    self.stdout.write(f"{run.job}: {run.get_status_display().lower()}. {run.output[-300:]}".strip())
                if options["once"]:
                    return
                time.sleep(settings.SCHEDULER_POLL_SECONDS)
                close_old_connections()  # a long-lived process: reconnect after the database restarts
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
