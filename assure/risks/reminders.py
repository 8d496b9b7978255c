"""The daily reminders: reviews falling due and overdue actions, each told to the right people once a day."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse

from assure.core.notifications import notification_send, recipients_not_told_on
from assure.risks.selectors import actions_overdue, reviews_due


@transaction.atomic
def risk_reminders_send(*, on: dt.date, within_days: int = 7) -> dict[str, int]:
    """Tell owners of risks whose review is due within `within_days` (or overdue) and owners of overdue actions."""
    counts = {"review_due": 0, "action_overdue": 0}
    for risk in reviews_due(on, within_days=within_days):
        link = reverse("risks:risk-detail", args=[risk.pk])
        people = recipients_not_told_on(list(risk.owners.all()), kind="risks.review_due", link=link, on=on)
        when = "was due" if risk.next_review and risk.next_review < on else "is due"
        sent = notification_send(
            recipients=people,
            kind="risks.review_due",
            subject=f"Review of risk {risk.reference} {when} on {risk.next_review:%d %B %Y}",
            body=f"Please review {risk.reference} ({risk.title}): its score, controls and actions.",
            link=link,
        )
        counts["review_due"] += len(sent)
    for action in actions_overdue(on):
        link = reverse("risks:risk-detail", args=[action.risk_id]) + "#actions"
        people = [action.owner] if action.owner else list(action.risk.owners.all())
        sent = notification_send(
            recipients=recipients_not_told_on(people, kind="risks.action_overdue", link=link, on=on),
            kind="risks.action_overdue",
            subject=f"An action on risk {action.risk.reference} is overdue",
            body=f"“{action.description[:200]}” was due on {action.due_date:%d %B %Y}.",
            link=link,
        )
        counts["action_overdue"] += len(sent)
    return counts
