"""Background jobs: create, run with progress, fail cleanly, and notice workers that died.

A domain app registers a handler for a kind of job with `@job_handler("app.thing")`. The handler
takes the job and a `Progress`, does its reading and checking outside any transaction (reporting
progress as it goes), then writes inside one `transaction.atomic()` block, so that a worker killed
part-way leaves nothing behind. It returns a JSON-able result, or raises `JobInputError` with the
messages a person needs to fix their input.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from assure.core.models import Job, JobStatus

logger = logging.getLogger(__name__)

JobHandler = Callable[[Job, "Progress"], dict[str, Any]]
_HANDLERS: dict[str, JobHandler] = {}


class JobInputError(Exception):
    """The job's input is wrong; `errors` are messages for the person who started it."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors[:3]))
        self.errors = errors


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    def register(func: JobHandler) -> JobHandler:
        _HANDLERS[kind] = func
        return func

    return register


@dataclass
class Progress:
    """Reports a job's progress. Inside the handler's transaction a report waits until it can be seen
    (a write there would be invisible to others, and rolled back with the job's work)."""

    job: Job
    pending: tuple[int, str] | None = field(default=None)
    base_depth: int = field(default_factory=lambda: len(connection.atomic_blocks))

    def __call__(self, percent: float, message: str) -> None:
        self.pending = (max(0, min(100, int(percent))), message[:300])
        if len(connection.atomic_blocks) <= self.base_depth:
            self.flush()

    def flush(self) -> None:
        if self.pending is None:
            return
        percent, message = self.pending
        Job.objects.filter(pk=self.job.pk).update(progress=percent, message=message, heartbeat_at=timezone.now())
        self.job.progress, self.job.message = percent, message
        self.pending = None


@transaction.atomic
def job_create(*, kind: str, title: str, user: Any = None, params: dict[str, Any] | None = None) -> Job:
    """Record a job and queue it for the worker once the surrounding transaction commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"No job handler is registered for {kind!r}.")
    job = Job.objects.create(kind=kind, title=title, created_by=user, params=params or {})
    from assure.core.tasks import run_job

    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def job_run(*, job_id: int) -> None:
    """Run a queued job in this process (called by the worker's task)."""
    jobs_fail_stale()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        worker_host=socket.gethostname(),
        worker_pid=os.getpid(),
        message="Started",
    )
    if not claimed:
        logger.warning("Job %s was not queued; not running it again.", job_id)
        return
    job = Job.objects.get(pk=job_id)
    progress = Progress(job)
    try:
        result = _run_handler(job, progress)
    except JobInputError as exc:
        _finish(job, JobStatus.FAILED, message="The input was not accepted. Nothing was changed.", errors=exc.errors)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, message="The job stopped with an error. Nothing was changed.", errors=[str(exc)])
    else:
        _finish(job, JobStatus.SUCCEEDED, message="Finished", result=result)


def _run_handler(job: Job, progress: Progress) -> dict[str, Any]:
    from auditlog.context import set_actor

    handler = _HANDLERS[job.kind]
    if job.created_by is None:
        return handler(job, progress)
    with set_actor(job.created_by):
        return handler(job, progress)


def _finish(
    job: Job,
    status: str,
    *,
    message: str,
    result: dict[str, Any] | None = None,
    errors: list[str] | None = None,
) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status,
        progress=100 if status == JobStatus.SUCCEEDED else job.progress,
        message=message,
        result=result or {},
        errors=errors or [],
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def jobs_fail_stale() -> int:
    """Mark as failed the running jobs whose worker has died; return how many.

    On this host a job whose worker process is gone has died. Elsewhere a job whose heartbeat is
    older than JOB_STALE_AFTER_SECONDS is taken as dead. Its writes were inside one transaction,
    which the database rolled back when the connection dropped.
    """
    now = timezone.now()
    host = socket.gethostname()
    stale_before = now - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    dead: list[int] = []
    for job in Job.objects.filter(status=JobStatus.RUNNING).only("pk", "worker_host", "worker_pid", "heartbeat_at"):
        if job.worker_host == host and job.worker_pid and job.worker_pid != os.getpid():
            if not process_alive(job.worker_pid):
                dead.append(job.pk)
        elif job.worker_host != host and job.heartbeat_at and job.heartbeat_at < stale_before:
            dead.append(job.pk)
    if dead:
        Job.objects.filter(pk__in=dead, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            finished_at=now,
            message="The worker stopped before the job finished. Nothing was changed; start it again.",
            errors=["The background worker running this job stopped unexpectedly."],
        )
    return len(dead)
