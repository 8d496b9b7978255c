"""The daily digest: an e-mail to each worker and team manager listing what is overdue or due soon.

Sent through Django's configured mailer (real SMTP in production, see `.env.example`). A digest
carries no more about a child than is needed to act: the child's id in the case management system,
what is due, the due date, and a link to the work tray or team list (behind sign-in).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.urls import reverse

from assure.alerts.models import ALERTING, Deadline, DeadlineSet
from assure.alerts.selectors import deadline_set_current, deadlines_in, rule_titles
from assure.organisation.models import Membership, Staff
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import today

MAX_LINES = 50  # beyond this a digest says how many more there are and links to the full list


@dataclass
class DigestResult:
    sent: int
    skipped: int
    recipients: list[str]


def digests_send(*, deadline_set: DeadlineSet | None = None) -> DigestResult:
    """E-mail each worker and team manager with overdue or due-soon deadlines and an account; one message each."""
    deadline_set = deadline_set or deadline_set_current()
    if deadline_set is None:
        return DigestResult(0, 0, [])
    alerting = list(deadlines_in(deadline_set).filter(status__in=ALERTING).order_by("due_date", "child_id"))
    own: dict[int, list[Deadline]] = defaultdict(list)
    by_team: dict[int, list[Deadline]] = defaultdict(list)
    for deadline in alerting:
        if deadline.staff_id:
            own[deadline.staff_id].append(deadline)
        if deadline.team_id:
            by_team[deadline.team_id].append(deadline)
    managed = _managed_teams()
    # Only people who can sign in to follow the links: an active member of staff with an active account.
    people = Staff.objects.filter(is_active=True, user__is_active=True, pk__in=set(own) | set(managed)).order_by("pk")
    messages, skipped = [], 0
    for person in people:
        # A manager's team section leaves out what is on their own list (management oversight).
        team_items = {
            team: others
            for team in managed.get(person.pk, [])
            if (others := [d for d in by_team[team.pk] if d.staff_id != person.pk])
        }
        if not own[person.pk] and not team_items:
            skipped += 1
            continue
        messages.append(_message(person, own[person.pk], team_items, deadline_set))
    if messages:
        with mailers.default as connection:
            connection.send_messages(messages)
    return DigestResult(len(messages), skipped, [m.to[0] for m in messages])


def _managed_teams() -> dict[int, list]:
    """Team managers' current teams, by staff id."""
    managed: dict[int, list] = defaultdict(list)
    memberships = Membership.objects.on(today()).filter(staff__roles__code=RoleCode.TEAM_MANAGER.value)
    for membership in memberships.select_related("team").order_by("team__name"):
        managed[membership.staff_id].append(membership.team)
    return managed


def _lines(deadlines: list[Deadline], titles: dict[str, str]) -> list[str]:
    lines = [
        f"- {d.child_id}: {titles.get(d.rule_id, d.rule_id)}, due {d.due_date:%d/%m/%Y}"
        f"{' (overdue)' if d.status == 'overdue' else ''}"
        for d in deadlines[:MAX_LINES]
    ]
    if len(deadlines) > MAX_LINES:
        lines.append(f"- and {len(deadlines) - MAX_LINES} more")
    return lines


def _message(person: Staff, own: list[Deadline], teams: dict, deadline_set: DeadlineSet) -> EmailMessage:
    titles = rule_titles()
    base = settings.SITE_URL.rstrip("/")
    overdue = sum(1 for d in own if d.status == "overdue")
    body = [f"Dear {person.first_name},", "", f"Deadlines as at {deadline_set.as_at:%d/%m/%Y}."]
    if own:
        body += [
            "",
            f"Yours to meet: {overdue} overdue, {len(own) - overdue} due within 5 working days.",
            *_lines(own, titles),
        ]
        body += [f"Your work tray: {base}{reverse('alerts:tray')}"]
    for team, items in teams.items():
        team_overdue = sum(1 for d in items if d.status == "overdue")
        counts = f"{team_overdue} overdue, {len(items) - team_overdue} due within 5 working days"
        body += ["", f"{team.name}, on its workers' trays: {counts}."]
        body += [
            *_lines(items, titles),
            f"The team's list: {base}{reverse('alerts:team', args=[team.pk])}?status=alerting",
        ]
    body += ["", "Sign in to Assure to see the details. Please do not forward this e-mail.", "", "Assure"]
    subject = f"Assure: {overdue} overdue and {len(own) - overdue} due soon" if own else "Assure: your team's deadlines"
    return EmailMessage(subject, "\n".join(body), settings.DEFAULT_FROM_EMAIL, [person.email])
