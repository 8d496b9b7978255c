"""A real worker process: a job runs on it, and a worker killed mid-job leaves nothing half-done."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from assure.core.models import Job, JobStatus
from assure.core.services import jobs_fail_stale
from assure.core.testing import build_personas
from assure.organisation.models import Membership, OrganisationImport, Staff
from assure.organisation.services import organisation_import_check, organisation_import_confirm

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROWS = 800


def _worker_env() -> dict[str, str]:
    """Point the worker at the test database this test is using."""
    env = dict(os.environ)
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(db["NAME"])
    else:
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        env["DATABASE_URL"] = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return env


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Any]:
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        command = [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.1"]
        worker = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=_worker_env(), stdout=log, stderr=subprocess.STDOUT
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=10)


def _wait_for(predicate: Any, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"Timed out waiting for {what}")


def _big_staff_import(admin: Any, team: str) -> OrganisationImport:
    header = "email,first_name,last_name,job_title,roles,team,start_date\n"
    body = "".join(
        f"w{i}@bulk.example,Worker,Number{i},Social Worker,practitioner,{team},01/04/2024\n" for i in range(ROWS)
    )
    checked = organisation_import_check(user=admin, files=[("staff.csv", (header + body).encode())])
    assert checked.errors == []
    return checked


def test_a_worker_killed_part_way_leaves_no_partial_writes_and_the_job_can_be_rerun(start_worker: Any) -> None:
    personas = build_personas()
    upload = _big_staff_import(personas.admin, personas.team_a.name)
    before = (Staff.objects.count(), Membership.objects.count())

    worker = start_worker()
    job = organisation_import_confirm(organisation_import=upload, user=personas.admin)

    def saving() -> bool:
        job.refresh_from_db()
        return job.status == JobStatus.RUNNING and job.message.startswith("Saving")

    _wait_for(saving, seconds=90, what="the worker to start saving")
    time.sleep(0.5)  # well inside the write transaction: 800 people take a few seconds to save
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING, "the job finished before the worker could be killed; raise ROWS"
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)

    assert jobs_fail_stale() == 1  # what the job page does when someone looks at it
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "worker stopped" in job.message
    assert (Staff.objects.count(), Membership.objects.count()) == before
    upload.refresh_from_db()
    assert upload.can_apply  # still waiting to be applied

    start_worker()
    rerun = organisation_import_confirm(organisation_import=upload, user=personas.admin)
    assert rerun.pk != job.pk
    _wait_for(lambda: Job.objects.get(pk=rerun.pk).is_finished, seconds=120, what="the rerun to finish")
    rerun.refresh_from_db()
    assert rerun.status == JobStatus.SUCCEEDED, rerun.errors
    assert rerun.progress == 100
    assert Staff.objects.count() == before[0] + ROWS
