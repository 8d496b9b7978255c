"""Deadlines are worked out again on the worker after each import, with progress, all or nothing."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from assure.alerts.models import Deadline, DeadlineSet
from assure.alerts.services import RECOMPUTE_JOB, deadlines_recompute_start
from assure.casedata.importing import ReturnFile
from assure.casedata.services import returns_upload
from assure.casedata.tests.test_import import EPISODES, GOOD_EPISODES, GOOD_HEADER, HEADER, MARCH_31
from assure.core.models import Job, JobStatus
from assure.core.services import job_run
from assure.core.testing import Personas


def test_an_import_queues_the_deadlines_and_the_job_stores_them(personas: Personas) -> None:
    files = [ReturnFile("header.csv", HEADER + GOOD_HEADER), ReturnFile("episodes.csv", EPISODES + GOOD_EPISODES)]
    imported = returns_upload(files=files, as_at=MARCH_31, user=personas.performance_qa)
    job_run(job_id=imported.pk)
    recompute = Job.objects.get(kind=RECOMPUTE_JOB)
    assert recompute.created_by == personas.performance_qa
    job_run(job_id=recompute.pk)
    recompute.refresh_from_db()
    assert recompute.status == JobStatus.SUCCEEDED, recompute.errors
    assert recompute.progress == 100 and "deadlines worked out" in recompute.result["summary"]
    deadline_set = DeadlineSet.objects.get()
    assert deadline_set.as_at == MARCH_31 and deadline_set.counts == _counts(deadline_set)


def _counts(deadline_set: DeadlineSet) -> dict[str, int]:
    counts: dict[str, int] = {}
    for rule_id, status in Deadline.objects.filter(deadline_set=deadline_set).values_list("rule_id", "status"):
        counts[f"{rule_id}:{status}"] = counts.get(f"{rule_id}:{status}", 0) + 1
    return dict(sorted(counts.items()))


def test_recomputing_replaces_the_snapshot_deadlines(personas: Personas, deadline_set: DeadlineSet) -> None:
    before = Deadline.objects.count()
    job = deadlines_recompute_start(snapshot=deadline_set.snapshot, user=personas.performance_qa)
    job_run(job_id=job.pk)
    assert DeadlineSet.objects.count() == 1 and Deadline.objects.count() == before


def test_the_performance_team_can_ask_for_a_recompute(client: Any, personas: Personas, deadline_set: Any) -> None:
    client.force_login(personas.manager_a)
    assert client.post(reverse("alerts:recompute")).status_code == 403
    client.force_login(personas.performance_qa)
    response = client.post(reverse("alerts:recompute"))
    job = Job.objects.get(kind=RECOMPUTE_JOB)
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])


def test_a_broken_rule_file_fails_the_job_and_keeps_the_old_deadlines(
    personas: Personas, deadline_set: DeadlineSet, tmp_path: Any, monkeypatch: Any
) -> None:
    from assure.alerts.engine import rules as rules_module

    broken = tmp_path / "timescales.yaml"
    broken.write_text("rules:\n  - id: icpc\n    kind: once\n", encoding="utf-8")
    monkeypatch.setattr(rules_module, "DEFAULT_FILE", broken)
    monkeypatch.setattr(rules_module.load_rules, "__defaults__", (broken,))
    before = Deadline.objects.count()
    job = deadlines_recompute_start(snapshot=deadline_set.snapshot, user=personas.performance_qa)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "timescales.yaml: rule 1 ('icpc'): 'title' is required." in job.errors
    assert Deadline.objects.count() == before
