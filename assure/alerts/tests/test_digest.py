"""The daily digest goes out through the real SMTP backend to a local SMTP server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings

from assure.alerts.digest import digests_send
from assure.core.testing import Personas


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content)
        message["X-RcptTo"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> Message:
        (found,) = [m for m in self.messages if m["X-RcptTo"] == address]
        return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_inbox() -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    try:
        with override_settings(MAILERS=mailers, SITE_URL="https://assure.test"):
            yield inbox
    finally:
        controller.stop()


def body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def test_workers_and_managers_get_their_digest(personas: Personas, deadline_set: Any, smtp_inbox: Inbox) -> None:
    result = digests_send()
    assert sorted(result.recipients) == ["manager.a@test.example", "worker.a@test.example", "worker.b@test.example"]
    mine = smtp_inbox.to("worker.a@test.example")
    assert mine["Subject"] == "Assure: 1 overdue and 1 due soon"
    text = body(mine)
    assert "- A1: Initial child protection conference within 15 working days" in text and "(overdue)" in text
    assert "- A2: Child on a protection plan seen at least every 10 working days, due 03/11/2026" in text
    assert "https://assure.test/deadlines/" in text and "B1" not in text and "U1" not in text
    manager = body(smtp_inbox.to("manager.a@test.example"))
    assert "Family Support North, on its workers' trays: 1 overdue, 1 due within 5 working days." in manager
    assert "B1" not in manager
    assert f"https://assure.test/deadlines/teams/{personas.team_a.pk}/?status=alerting" in manager


def test_a_managers_own_oversight_deadlines_are_listed_once(
    personas: Personas, deadline_set: Any, smtp_inbox: Inbox
) -> None:
    from assure.alerts.models import Deadline

    (oversight,) = Deadline.objects.filter(
        deadline_set=deadline_set, rule_id="management_oversight_8wk", child_id="A1", status="due_later"
    )
    oversight.status = "overdue"
    oversight.save()
    digests_send()
    manager = body(smtp_inbox.to("manager.a@test.example"))
    assert "Yours to meet: 1 overdue, 0 due within 5 working days." in manager
    assert manager.count("- A1: Management oversight") == 1  # on their own list, not again in the team's
    assert "Family Support North, on its workers' trays: 1 overdue, 1 due within 5 working days." in manager
    worker = body(smtp_inbox.to("worker.a@test.example"))
    assert "Management oversight" not in worker


def test_a_digest_holds_no_more_than_it_needs(personas: Personas, deadline_set: Any, smtp_inbox: Inbox) -> None:
    digests_send()
    text = body(smtp_inbox.to("worker.b@test.example"))
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert lines and all(line.startswith("- B1: ") for line in lines)  # the child's id, what and when: no names
    assert "Children in Care 1" not in text  # a worker's digest is about their own cases


def test_the_command_sends_the_digests(personas: Personas, deadline_set: Any, smtp_inbox: Inbox, capsys: Any) -> None:
    personas.practitioner_b.is_active = False  # their account is suspended: they could not follow the links
    personas.practitioner_b.save()
    call_command("send_digests")
    assert capsys.readouterr().out.startswith("2 digests sent")
    assert {m["X-RcptTo"] for m in smtp_inbox.messages} == {"worker.a@test.example", "manager.a@test.example"}


def test_no_deadlines_means_no_mail(personas: Personas, smtp_inbox: Inbox) -> None:
    assert digests_send().sent == 0
    assert smtp_inbox.messages == []


def test_the_digest_runs_as_a_background_job(personas: Personas, deadline_set: Any, smtp_inbox: Inbox) -> None:
    from assure.alerts.services import DIGEST_JOB
    from assure.core.models import JobStatus
    from assure.core.services import job_create, job_run

    job = job_create(kind=DIGEST_JOB, title="Send the daily digests", user=personas.performance_qa)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["summary"].startswith("3 digests sent")
    assert len(smtp_inbox.messages) == 3
