"""The daily audit reminders, each told to the right people once a day:

- auditors, of their audits due within a few working days or overdue (one message each);
- owners of overdue actions (one message each, naming the actions);
- remedial work after a thematic audit (due within 5 working days) that is overdue: its owner, the
  auditor who led the thematic audit and the team's managers, one message per action.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assure.audits.models import Audit, AuditAction
from assure.audits.programmes import remedial_actions
from assure.audits.selectors import OPEN_STATUSES, overdue_actions, team_managers
from assure.core.notifications import notification_send, recipients_not_told_on
from assure.core.workdays import add_working_days
from assure.organisation.models import Staff

DUE_SOON_WORKING_DAYS = 3


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _send(people: list[Staff], *, kind: str, link: str, subject: str, body: str) -> int:
    # Once per calendar day of sending, even when the day reminders are worked out for is another.
    people = recipients_not_told_on(people, kind=kind, link=link, on=timezone.localdate())
    return len(notification_send(recipients=people, kind=kind, subject=subject, body=body, link=link))


def _audits_due(on: dt.date, within: int) -> int:
    soon = add_working_days(on, within)
    audits = Audit.objects.filter(is_current=True, status__in=OPEN_STATUSES, due_date__lte=soon).select_related(
        "auditor", "tool", "team"
    )
    per_auditor: dict[Staff, list[Audit]] = defaultdict(list)
    for audit in audits.order_by("due_date", "pk"):
        per_auditor[audit.auditor].append(audit)
    sent = 0
    link = reverse("audits:audit-list") + "?mine=1"
    for auditor, mine in per_auditor.items():
        overdue = sum(a.due_date < on for a in mine)
        parts = [f"{_plural(overdue, 'audit')} overdue"] if overdue else []
        if len(mine) > overdue:
            parts.append(f"{_plural(len(mine) - overdue, 'audit')} due by {soon:%d %B %Y}")
        lines = [f"Audit {a.pk} ({a.tool.title}, {a.team.name}): due {a.due_date:%d %B %Y}" for a in mine[:20]]
        sent += _send(
            [auditor],
            kind="audits.due",
            link=link,
            subject="Your audits: " + " and ".join(parts),
            body="\n".join(lines),
        )
    return sent


def _actions_overdue(on: dt.date) -> int:
    current = AuditAction.objects.filter(audit__is_current=True).exclude(audit__tool__kind="thematic")
    actions = overdue_actions(current, on).select_related("owner", "audit").order_by("due_date", "pk")
    per_owner: dict[Staff, list[AuditAction]] = defaultdict(list)
    for action in actions:
        per_owner[action.owner].append(action)
    sent = 0
    for owner, theirs in per_owner.items():
        lines = [f"“{a.what[:120]}” (audit {a.audit_id}): due {a.due_date:%d %B %Y}" for a in theirs[:20]]
        sent += _send(
            [owner],
            kind="audits.action_overdue",
            link=reverse("audits:audit-detail", kwargs={"pk": theirs[0].audit_id}) + "#actions",
            subject=f"{_plural(len(theirs), 'audit action')} overdue",
            body="\n".join(lines) + "\n\nRecord what was done, with the evidence, on each audit.",
        )
    return sent


def _remedial_overdue(on: dt.date) -> int:
    actions = overdue_actions(remedial_actions(on), on).select_related("audit__auditor").order_by("due_date", "pk")
    managers: dict[int, list[Staff]] = {}  # each team's managers, looked up once
    sent = 0
    for action in actions:
        audit = action.audit
        if audit.team_id not in managers:
            managers[audit.team_id] = team_managers(audit.team, on)
        sent += _send(
            [action.owner, audit.auditor, *managers[audit.team_id]],
            kind="audits.remedial_overdue",
            link=reverse("audits:audit-detail", kwargs={"pk": audit.pk}) + "#actions",
            subject=f"Remedial work after a thematic audit is overdue ({audit.team.name})",
            body=f"“{action.what[:200]}”, owned by {action.owner}, was due on {action.due_date:%d %B %Y}: "
            f"within 5 working days of the thematic audit ({audit.theme or 'no theme recorded'}).",
        )
    return sent


@transaction.atomic
def audit_reminders_send(*, on: dt.date, within_working_days: int = DUE_SOON_WORKING_DAYS) -> dict[str, int]:
    """Send today's audit reminders; returns how many people each kind reached (0 on a second run)."""
    return {
        "audits_due": _audits_due(on, within_working_days),
        "actions_overdue": _actions_overdue(on),
        "remedial_overdue": _remedial_overdue(on),
    }
