"""Background jobs: outcomes, progress, no partial writes, and dead workers noticed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from django.urls import reverse

from assure.core.models import Job, JobStatus
from assure.core.services import JobInputError, Progress, job_create, job_handler, job_run, jobs_fail_stale
from assure.organisation.models import Team


@job_handler("test.rename_teams")
def _rename_teams(job: Job, progress: Progress) -> dict[str, Any]:
    progress(10, "Checking")
    with transaction.atomic():
        for team in Team.objects.all():
            team.name = f"{team.name} (renamed)"
            team.save()
        progress(60, "Half way")  # inside the transaction: deferred, not written
        assert Job.objects.get(pk=job.pk).message == "Checking"
        if job.params.get("fail"):
            raise RuntimeError("disk full")
        if job.params.get("bad_input"):
            raise JobInputError(['teams.csv, row 3, field "team": unknown team'])
    return {"summary": "Renamed"}


@pytest.fixture
def queued(personas: Any) -> Any:
    def make(**params: Any) -> Job:
        return Job.objects.create(
            kind="test.rename_teams", title="Rename teams", created_by=personas.admin, params=params
        )

    return make


def _names() -> list[str]:
    return sorted(Team.objects.values_list("name", flat=True))


def test_a_job_that_succeeds_records_its_result(queued: Any) -> None:
    job = queued()
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 100
    assert job.result == {"summary": "Renamed"}
    assert all(name.endswith("(renamed)") for name in _names())


@pytest.mark.parametrize(("params", "error"), [({"fail": True}, "disk full"), ({"bad_input": True}, "row 3")])
def test_a_failed_job_leaves_no_partial_writes(queued: Any, params: dict[str, bool], error: str) -> None:
    before = _names()
    job = queued(**params)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Nothing was changed" in job.message
    assert any(error in e for e in job.errors)
    assert _names() == before


def test_a_job_runs_once(queued: Any) -> None:
    job = queued()
    job_run(job_id=job.pk)
    job_run(job_id=job.pk)
    assert all(name.count("(renamed)") == 1 for name in _names())


def test_job_create_enqueues_after_commit(
    personas: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = job_create(kind="test.rename_teams", title="Rename", user=personas.admin)
        assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_an_unknown_kind_is_refused(personas: Any) -> None:
    with pytest.raises(ValueError, match="No job handler"):
        job_create(kind="nope", title="Nope", user=personas.admin)


def test_a_running_job_whose_worker_died_is_marked_failed(queued: Any) -> None:
    finished = subprocess.run([sys.executable, "-c", "pass"], check=True)  # a process that has exited
    assert finished.returncode == 0
    dead_pid = 2**22 + 12345  # above the default pid_max, so no such process
    job = queued()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, worker_host=socket.gethostname(), worker_pid=dead_pid
    )
    alive = queued()
    Job.objects.filter(pk=alive.pk).update(
        status=JobStatus.RUNNING, worker_host=socket.gethostname(), worker_pid=os.getppid()
    )
    assert jobs_fail_stale() == 1
    job.refresh_from_db()
    alive.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "worker stopped" in job.message
    assert alive.status == JobStatus.RUNNING


def test_the_job_page_shows_progress_and_refreshes_with_htmx(client: Any, personas: Any, queued: Any) -> None:
    job = queued()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress=40, message="Saving 250 staff", worker_host="elsewhere"
    )
    client.force_login(personas.admin)
    page = client.get(reverse("core:job-detail", args=[job.pk]))
    html = page.content.decode()
    assert 'value="40"' in html and "Saving 250 staff" in html
    assert 'hx-trigger="every 1s"' in html
    assert "Refresh to see the latest progress" in html  # works without JavaScript
    fragment = client.get(reverse("core:job-detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()
    assert 'id="job-progress"' in fragment.content.decode()


def test_a_finished_job_stops_polling_and_shows_errors(client: Any, personas: Any, queued: Any) -> None:
    job = queued(bad_input=True)
    job_run(job_id=job.pk)
    client.force_login(personas.admin)
    html = client.get(reverse("core:job-detail", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html
    assert "unknown team" in html
    assert "govuk-error-summary" in html


def test_a_successful_job_says_finished_once(client: Any, personas: Any, queued: Any) -> None:
    job = queued()
    job_run(job_id=job.pk)
    client.force_login(personas.admin)
    html = client.get(reverse("core:job-detail", args=[job.pk])).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#job-progress .govuk-tag").get_text(strip=True) == "Finished"
    assert soup.select_one("#job-message").get_text(strip=True) == ""
    assert "Renamed" in soup.select_one(".govuk-panel__body").get_text()


def test_people_see_their_own_jobs_only(client: Any, personas: Any, queued: Any) -> None:
    job = queued()
    client.force_login(personas.practitioner_a)
    assert client.get(reverse("core:job-detail", args=[job.pk])).status_code == 404
    assert "Rename teams" not in client.get(reverse("core:job-list")).content.decode()
    client.force_login(personas.performance_qa)
    assert client.get(reverse("core:job-detail", args=[job.pk])).status_code == 200
