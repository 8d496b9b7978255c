"""The "Recalculate figures" button: queued for the performance team and administrators, refused for others."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assure.core.models import Job, JobStatus
from assure.core.services import job_run
from assure.core.testing import Personas
from assure.indicators.models import IndicatorRun
from assure.indicators.services import RECALCULATE_JOB

pytestmark = pytest.mark.django_db


def test_the_performance_team_recalculates_the_figures_and_watches_the_job(
    client: Any, run: IndicatorRun, personas: Personas
) -> None:
    client.force_login(personas.performance_qa)
    page = client.get(reverse("indicators:scorecard")).content.decode()
    assert "Recalculate figures" in page
    response = client.post(reverse("indicators:recalculate"))
    job = Job.objects.get(kind=RECALCULATE_JOB)
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])
    assert job.created_by == personas.performance_qa and job.params == {"snapshot_id": run.snapshot_id}
    assert client.post(reverse("indicators:recalculate"))["Location"] == response["Location"]  # not queued twice
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100, job.errors
    assert "figures calculated" in job.result["summary"]
    new_run = IndicatorRun.objects.get()
    assert new_run.pk != run.pk and new_run.rows == run.rows
    progress = client.get(reverse("core:job-detail", args=[job.pk])).content.decode()
    assert "figures calculated" in progress and "See the authority&#x27;s scorecard" in progress


def test_an_administrator_may_recalculate_and_others_may_not(
    client: Any, run: IndicatorRun, personas: Personas
) -> None:
    for person in (personas.director, personas.manager_a, personas.board_member):
        client.force_login(person)
        assert "Recalculate figures" not in client.get(reverse("indicators:scorecard")).content.decode()
        assert client.post(reverse("indicators:recalculate")).status_code == 403
    assert not Job.objects.exists()
    client.force_login(personas.admin)
    assert client.post(reverse("indicators:recalculate")).status_code == 302
    assert Job.objects.filter(kind=RECALCULATE_JOB, created_by=personas.admin).count() == 1


def test_recalculating_needs_the_forms_csrf_token(run: IndicatorRun, personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.performance_qa)
    assert client.post(reverse("indicators:recalculate")).status_code == 403
    assert not Job.objects.exists()


def test_with_nothing_imported_there_is_nothing_to_recalculate(client: Any, personas: Personas) -> None:
    client.force_login(personas.performance_qa)
    response = client.post(reverse("indicators:recalculate"), follow=True)
    assert "no child-level data has been imported yet" in response.content.decode()
    assert not Job.objects.exists()
