"""The daily scheduler: due or not, once a day whatever restarts or rivals, failures recorded and retried."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import socket
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from assure.core import scheduler
from assure.core.models import ScheduledRun, ScheduledRunStatus
from assure.core.testing import Personas

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2026, 12, 1)
SATURDAY = dt.date(2026, 12, 5)
CHRISTMAS = dt.date(2026, 12, 25)  # a Friday, and a bank holiday


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def due(when: dt.datetime) -> list[str]:
    return [job.name for job in scheduler.daily_jobs_due(when)]


class Recorder:
    """Stands in for running a command: records each call, and fails on the days it is told to."""

    def __init__(self, fail_on: set[str] | None = None) -> None:
        self.calls: list[str] = []
        self.fail_on = fail_on or set()

    def __call__(self, name: str, **kwargs: Any) -> None:
        self.calls.append(name)
        if name in self.fail_on:
            raise RuntimeError(f"{name}: the mail relay refused the connection")
        kwargs["stdout"].write(f"{name} done")


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    fake = Recorder()
    monkeypatch.setattr(scheduler, "call_command", fake)
    return fake


def test_a_job_is_due_after_its_time_and_digests_only_on_working_days() -> None:
    assert due(at(TUESDAY, 6, 29)) == []
    assert due(at(TUESDAY, 6, 30)) == ["send_digests"]
    assert due(at(TUESDAY, 7, 0)) == ["send_digests", "risk_reminders"]
    assert due(at(TUESDAY, 7, 15)) == ["send_digests", "risk_reminders", "audit_reminders"]
    assert due(at(SATURDAY, 9)) == ["risk_reminders", "audit_reminders"]
    assert due(at(CHRISTMAS, 9)) == ["risk_reminders", "audit_reminders"]


def test_settings_move_a_job_or_turn_it_off_and_unknown_names_fail_loudly(settings: Any) -> None:
    settings.DAILY_JOB_TIMES = {"send_digests": dt.time(8, 15), "risk_reminders": None, "audit_reminders": None}
    assert due(at(TUESDAY, 8, 0)) == []
    assert due(at(TUESDAY, 8, 15)) == ["send_digests"]
    settings.DAILY_JOB_TIMES = {"audit_reminder": dt.time(7, 0)}
    with pytest.raises(scheduler.SchedulerConfigurationError, match="audit_reminder; the daily jobs are"):
        scheduler.daily_jobs()


def test_the_times_are_read_from_the_environment_failing_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    from config.env import env_daily_times

    monkeypatch.setenv("DAILY_JOB_TIMES", "send_digests=05:45, risk_reminders=off")
    assert env_daily_times("DAILY_JOB_TIMES") == {"send_digests": dt.time(5, 45), "risk_reminders": None}
    monkeypatch.setenv("DAILY_JOB_TIMES", "send_digests=half past six")
    with pytest.raises(ImproperlyConfigured, match="send_digests's time must be HH:MM"):
        env_daily_times("DAILY_JOB_TIMES")
    monkeypatch.setenv("DAILY_JOB_TIMES", "send_digests")
    with pytest.raises(ImproperlyConfigured, match="name=HH:MM or name=off"):
        env_daily_times("DAILY_JOB_TIMES")


def test_each_job_runs_once_a_day_whatever_restarts_and_again_the_next_day(recorder: Recorder) -> None:
    runs = scheduler.scheduled_jobs_run_due(at(TUESDAY, 7, 30))
    assert [(r.job, r.status, r.output) for r in runs] == [
        ("send_digests", "succeeded", "send_digests done"),
        ("risk_reminders", "succeeded", "risk_reminders done"),
        ("audit_reminders", "succeeded", "audit_reminders done"),
    ]
    assert all(r.finished_at and r.started_at <= r.finished_at for r in runs)
    assert scheduler.scheduled_jobs_run_due(at(TUESDAY, 7, 31)) == []  # the next loop
    assert scheduler.scheduled_jobs_run_due(at(TUESDAY, 23, 59)) == []  # a restarted scheduler, same day
    assert recorder.calls == ["send_digests", "risk_reminders", "audit_reminders"]
    scheduler.scheduled_jobs_run_due(at(TUESDAY + dt.timedelta(days=1), 7, 30))
    assert recorder.calls[3:] == ["send_digests", "risk_reminders", "audit_reminders"]
    assert ScheduledRun.objects.count() == 6


def test_a_failing_job_is_recorded_as_failed_others_still_run_and_it_runs_again_next_day(recorder: Recorder) -> None:
    recorder.fail_on = {"send_digests"}
    runs = scheduler.scheduled_jobs_run_due(at(TUESDAY, 7, 30))
    failed = ScheduledRun.objects.get(job="send_digests", day=TUESDAY)
    assert failed.status == ScheduledRunStatus.FAILED and failed.finished_at is not None
    assert "RuntimeError: send_digests: the mail relay refused the connection" in failed.output
    assert [r.status for r in runs] == ["failed", "succeeded", "succeeded"]  # risk reminders ran all the same
    assert scheduler.scheduled_jobs_run_due(at(TUESDAY, 9)) == []  # not retried the same day
    recorder.fail_on = set()
    again = scheduler.scheduled_jobs_run_due(at(TUESDAY + dt.timedelta(days=1), 7, 30))
    assert [(r.job, r.status) for r in again] == [
        ("send_digests", "succeeded"),
        ("risk_reminders", "succeeded"),
        ("audit_reminders", "succeeded"),
    ]


def test_two_schedulers_racing_run_each_job_once(recorder: Recorder) -> None:
    when = at(TUESDAY, 7, 30)
    seen_by_a, seen_by_b = scheduler.daily_jobs_due(when), scheduler.daily_jobs_due(when)
    assert (
        [j.name for j in seen_by_a]
        == [j.name for j in seen_by_b]
        == ["send_digests", "risk_reminders", "audit_reminders"]
    )
    claims_a = [scheduler.scheduled_run_claim(job, TUESDAY) for job in seen_by_a]
    claims_b = [scheduler.scheduled_run_claim(job, TUESDAY) for job in seen_by_b]
    assert all(claims_a) and claims_b == [None, None, None]  # the unique (job, day) row admits one winner
    for run in claims_a:
        assert run is not None
        scheduler.scheduled_run_execute(run)
    assert recorder.calls == ["send_digests", "risk_reminders", "audit_reminders"]
    assert scheduler.scheduled_jobs_run_due(when) == []  # B's next loop finds them all done


def test_a_run_whose_scheduler_died_is_marked_failed() -> None:
    dead_pid = 2**22 + 12345  # above the kernel's largest process id, so no process has it
    run = ScheduledRun.objects.create(
        job="risk_reminders", day=TUESDAY, started_at=at(TUESDAY, 7), host=socket.gethostname(), pid=dead_pid
    )
    mine = ScheduledRun.objects.create(
        job="send_digests", day=TUESDAY, started_at=at(TUESDAY, 7), host=socket.gethostname(), pid=os.getpid()
    )
    assert scheduler.scheduled_runs_fail_stale() == 1
    run.refresh_from_db()
    mine.refresh_from_db()
    assert run.status == "failed" and "stopped before the job finished" in run.output
    assert mine.status == "running"


def test_the_command_runs_the_real_jobs_that_are_due_once(settings: Any) -> None:
    now = timezone.localtime()
    settings.DAILY_JOB_TIMES = {"send_digests": None, "risk_reminders": dt.time(0, 0), "audit_reminders": None}
    out = io.StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "Scheduler: risk_reminders at 00:00." in out.getvalue()
    run = ScheduledRun.objects.get(job="risk_reminders")
    assert run.day == now.date() and run.status == "succeeded", run.output
    assert json.loads(run.output).keys() >= {"review_due", "action_overdue"}  # what the command printed
    call_command("run_scheduler", "--once", stdout=io.StringIO())
    assert ScheduledRun.objects.count() == 1
    settings.DAILY_JOB_TIMES = {"nightly_backup": dt.time(1, 0)}
    with pytest.raises(CommandError, match="nightly_backup"):
        call_command("run_scheduler", "--once", stdout=io.StringIO())


def test_administrators_see_the_daily_jobs_and_recent_runs(client: Any, personas: Personas) -> None:
    ScheduledRun.objects.create(job="send_digests", day=TUESDAY, status="failed", started_at=at(TUESDAY, 6, 30),
                                finished_at=at(TUESDAY, 6, 31), output="SMTPConnectError: refused")  # fmt: skip
    client.force_login(personas.admin)
    page = client.get(reverse("core:scheduled-runs")).content.decode()
    assert "After 06:30 on working days" in page and "After 07:00 every day" in page
    assert "SMTPConnectError: refused" in page and "Not yet run" in page
    assert reverse("core:scheduled-runs") in client.get(reverse("core:administration")).content.decode()
    client.force_login(personas.performance_qa)
    assert client.get(reverse("core:scheduled-runs")).status_code == 403
