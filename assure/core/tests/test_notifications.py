"""Notifications: sent once per person, e-mailed by the worker, read only by their recipient."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from assure.core.models import Notification
from assure.core.notifications import notification_send, notifications_email
from assure.core.testing import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://assure.test"


def _sign_in(client: Client, user: Any) -> None:
    client.force_login(user)


def test_each_active_recipient_gets_one_notification_and_one_email(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    worker, manager = personas.practitioner_a.staff, personas.manager_a.staff
    gone = personas.practitioner_b.staff
    gone.is_active = False
    gone.save()
    with django_capture_on_commit_callbacks(execute=True):
        sent = notification_send(
            recipients=[worker, manager, worker, gone],
            kind="test.escalation",
            subject="Audit of child C123 graded inadequate",
            body="The audit needs your review.",
            link="/quality-assurance/",
        )
    assert [n.recipient for n in sent] == [worker, manager]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([worker.email, manager.email])
    assert "https://assure.test/quality-assurance/" in mail.outbox[0].body
    assert all(n.emailed_at is not None for n in Notification.objects.all())


def test_a_refused_email_keeps_the_notification_and_records_why(personas: Personas, settings: Any) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}}  # fmt: skip
    note = Notification.objects.create(recipient=personas.practitioner_a.staff, kind="t", subject="Hello")
    assert notifications_email(notification_ids=[note.pk]) == 0
    note.refresh_from_db()
    assert note.emailed_at is None
    assert note.email_error


def test_people_see_and_open_only_their_own(client: Client, personas: Personas) -> None:
    mine = Notification.objects.create(
        recipient=personas.practitioner_a.staff, kind="t", subject="Your action is overdue", link="/jobs/"
    )
    theirs = Notification.objects.create(recipient=personas.practitioner_b.staff, kind="t", subject="Not yours")
    _sign_in(client, personas.practitioner_a)
    page = client.get("/notifications/")
    text = page.content.decode()
    assert "Your action is overdue" in text and "Not yours" not in text
    assert 'class="app-count">1<' in text  # the header shows one unread
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    response = client.post(f"/notifications/{mine.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/jobs/"
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_links_outside_assure_are_not_followed(client: Client, personas: Personas) -> None:
    note = Notification.objects.create(
        recipient=personas.practitioner_a.staff, kind="t", subject="Odd", link="//elsewhere.example/"
    )
    _sign_in(client, personas.practitioner_a)
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_mark_all_read(client: Client, personas: Personas) -> None:
    for n in range(3):
        Notification.objects.create(recipient=personas.manager_a.staff, kind="t", subject=f"Note {n}")
    Notification.objects.create(recipient=personas.practitioner_a.staff, kind="t", subject="Someone else's")
    _sign_in(client, personas.manager_a)
    response = client.post("/notifications/read-all/", follow=True)
    assert "3 notifications marked as read." in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_empty_state(client: Client, personas: Personas) -> None:
    _sign_in(client, personas.board_member)
    assert "You have no notifications." in client.get("/notifications/").content.decode()
