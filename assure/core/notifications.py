"""Notifications: in-app messages to staff, each also e-mailed by the background worker.

Writes (`notification_send`, `notification_mark_read`, `notifications_mark_all_read`) and reads
(`notification_list_for_user`, `notification_unread_count`, `get_notification_for_user`) for the
one `core.Notification` model every domain app uses, so that escalations, overdue actions and
review reminders reach people the same way whichever part of the framework raised them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from assure.core.models import Notification
from assure.organisation.models import Staff

logger = logging.getLogger(__name__)


@transaction.atomic
def notification_send(
    *, recipients: Iterable[Staff], kind: str, subject: str, body: str = "", link: str = ""
) -> list[Notification]:
    """Record one notification per active recipient (each person once) and e-mail them after commit."""
    seen: set[int] = set()
    created = []
    for staff in recipients:
        if staff is None or staff.pk in seen or not staff.is_active:
            continue
        seen.add(staff.pk)
        created.append(
            Notification.objects.create(recipient=staff, kind=kind, subject=subject[:200], body=body, link=link[:500])
        )
    if created:
        from assure.core.tasks import email_notifications

        ids = [n.pk for n in created]
        transaction.on_commit(lambda: email_notifications.enqueue(ids))
    return created


def recipients_not_told_on(people: Iterable[Staff], *, kind: str, link: str, on: dt.date) -> list[Staff]:
    """The people not yet sent a notification of this kind and link on this day, so that a daily
    reminder run twice in a day tells nobody twice."""
    people = list(people)
    told = set(
        Notification.objects.filter(kind=kind, link=link, created_at__date=on, recipient__in=people).values_list(
            "recipient_id", flat=True
        )
    )
    return [p for p in people if p.pk not in told]


def notifications_email(*, notification_ids: list[int]) -> int:
    """E-mail each notification not yet sent; record when it went, or why it did not. Returns the count sent."""
    sent = 0
    base = settings.SITE_URL.rstrip("/")
    for notification in Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient"
    ):
        lines = [notification.body.strip()] if notification.body.strip() else []
        if notification.link:
            lines.append(f"Open it in Assure: {base}{notification.link}")
        lines.append("You receive this because of your role in Assure. Sign in to see all your notifications.")
        try:
            send_mail(notification.subject, "\n\n".join(lines), None, [notification.recipient.email])
        except OSError as error:  # SMTP refused or unreachable: keep the in-app message, say why
            logger.warning("Could not e-mail notification %s: %s", notification.pk, error)
            Notification.objects.filter(pk=notification.pk).update(email_error=str(error)[:300])
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now(), email_error="")
        sent += 1
    return sent


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, staff: Staff) -> int:
    return Notification.objects.filter(recipient=staff, read_at__isnull=True).update(read_at=timezone.now())


def notification_list_for_user(user: Any) -> QuerySet[Notification]:
    staff = getattr(user, "staff", None)
    if staff is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=staff)


def notification_unread_count(user: Any) -> int:
    return notification_list_for_user(user).filter(read_at__isnull=True).count()


def get_notification_for_user(user: Any, pk: int) -> Notification:
    """A notification addressed to this user; anyone else's answers 404."""
    notification = notification_list_for_user(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification.")
    return notification
