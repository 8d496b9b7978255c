"""The daily scheduler: each registered daily job runs once a day, after its time of day.

Apps register their daily jobs (a management command and a time of day) in `AppConfig.ready` with
`daily_job_register`; the `DAILY_JOB_TIMES` setting changes a job's time or turns it off.
`python manage.py run_scheduler` looks every `SCHEDULER_POLL_SECONDS` for jobs that are due, claims
each by inserting its `ScheduledRun` row for today, runs the command in its own process and records
how it ended. The unique (job, day) constraint is the lock: whichever process inserts the row first
runs the job, and any other scheduler, or the same one after a restart, finds the row and leaves the
job alone, on SQLite and PostgreSQL alike. A job that fails is recorded as failed with its error and
runs again the next day (or by hand, with its command, at once).

Cron (or a systemd timer) running the same commands is the alternative: use one or the other.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import socket
import traceback
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import IntegrityError, transaction
from django.utils import timezone

from assure.core.models import ScheduledRun, ScheduledRunStatus
from assure.core.services import process_alive
from assure.core.workdays import is_working_day

_OUTPUT_LIMIT = 10_000


@dataclass(frozen=True)
class DailyJob:
    name: str  # the management command it runs
    at: dt.time  # local time of day after which it runs
    description: str
    working_days_only: bool = False


_REGISTRY: dict[str, DailyJob] = {}


class SchedulerConfigurationError(Exception):
    pass


def daily_job_register(job: DailyJob) -> None:
    _REGISTRY[job.name] = job


def daily_jobs() -> list[DailyJob]:
    """The registered jobs at their configured times, earliest first; jobs turned off are left out."""
    times = settings.DAILY_JOB_TIMES
    unknown = sorted(set(times) - set(_REGISTRY))
    if unknown:
        known = ", ".join(sorted(_REGISTRY))
        raise SchedulerConfigurationError(f"DAILY_JOB_TIMES names {', '.join(unknown)}; the daily jobs are {known}.")
    jobs = []
    for job in _REGISTRY.values():
        at = times.get(job.name, job.at)
        if at is not None:
            jobs.append(replace(job, at=at))
    return sorted(jobs, key=lambda j: (j.at, j.name))


def daily_jobs_check() -> None:
    """Fail loudly before the first loop if a job's command is not installed."""
    commands = get_commands()
    missing = [job.name for job in daily_jobs() if job.name not in commands]
    if missing:
        raise SchedulerConfigurationError(f"No management command for the daily jobs {', '.join(missing)}.")


def daily_jobs_due(now: dt.datetime | None = None) -> list[DailyJob]:
    """Jobs whose time has passed today (local time) and that have not run today."""
    local = timezone.localtime(now)
    day = local.date()
    done = set(ScheduledRun.objects.filter(day=day).values_list("job", flat=True))
    return [
        job
        for job in daily_jobs()
        if job.at <= local.time() and job.name not in done and (is_working_day(day) or not job.working_days_only)
    ]


def scheduled_run_claim(job: DailyJob, day: dt.date) -> ScheduledRun | None:
    """Today's run of the job for this process, or None when another process (or an earlier run) has it."""
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(
                job=job.name, day=day, started_at=timezone.now(), host=socket.gethostname(), pid=os.getpid()
            )
    except IntegrityError:
        return None


def scheduled_run_execute(run: ScheduledRun) -> ScheduledRun:
    """Run the claimed job's command here and record how it ended."""
    output = io.StringIO()
    try:
        call_command(run.job, stdout=output, stderr=output)
    except BaseException as error:  # a job's failure is recorded, and the scheduler goes on
        if isinstance(error, KeyboardInterrupt):
            _finish(run, ScheduledRunStatus.FAILED, output.getvalue() + "\nStopped: the scheduler was stopped.")
            raise
        trace = "".join(traceback.format_exception_only(type(error), error)).strip()
        _finish(run, ScheduledRunStatus.FAILED, f"{output.getvalue()}\n{trace}".strip())
    else:
        _finish(run, ScheduledRunStatus.SUCCEEDED, output.getvalue().strip())
    return run


def _finish(run: ScheduledRun, status: str, output: str) -> None:
    run.status, run.output, run.finished_at = status, output[-_OUTPUT_LIMIT:], timezone.now()
    run.save(update_fields=["status", "output", "finished_at"])


def scheduled_runs_fail_stale() -> int:
    """Mark failed this host's runs whose scheduler process has gone (killed mid-run); return how many."""
    host, me = socket.gethostname(), os.getpid()
    running = ScheduledRun.objects.filter(status=ScheduledRunStatus.RUNNING, host=host).exclude(pid=me)
    dead = [run.pk for run in running if run.pid and not process_alive(run.pid)]
    return ScheduledRun.objects.filter(pk__in=dead).update(
        status=ScheduledRunStatus.FAILED,
        finished_at=timezone.now(),
        output="The scheduler stopped before the job finished. It runs again tomorrow, or run its command now.",
    )


def scheduled_jobs_run_due(now: dt.datetime | None = None) -> list[ScheduledRun]:
    """Run every job that is due now and that this process claims; return the runs it made."""
    now = now or timezone.now()
    scheduled_runs_fail_stale()
    day = timezone.localtime(now).date()
    runs = []
    for job in daily_jobs_due(now):
        run = scheduled_run_claim(job, day)
        if run is not None:
            runs.append(scheduled_run_execute(run))
    return runs
